import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CantineEvent } from "../../node/domain/events/event.ts";
import type { FollowedActor } from "../../node/domain/network/cantines.ts";
import type { Project } from "../../node/domain/projects/project.ts";
import { SqliteCantineStore } from "../../node/storage/cantine-store.ts";
import type { Db } from "../../node/storage/db.ts";
import { openDatabase } from "../../node/storage/db.ts";
import { SqliteEventStore } from "../../node/storage/event-store.ts";
import { migrate } from "../../node/storage/migrate.ts";
import { SqliteProjectStore } from "../../node/storage/project-store.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { startNodeProcess } from "../helpers/node-process.ts";

// Remote cantines and their events written straight into a node's SQLite file before it starts,
// as ingest would have stored them (and, for the hostile case, as a broken ingest might have).

export type RemoteCantine = Omit<FollowedActor, "followState" | "followId" | "followedAt" | "lastSyncAt" | "lastRefreshAt" | "lastError">;

export function remoteCantine(slug: string, name: string, city: string, country: string, timezone: string): RemoteCantine {
  const origin = `https://${slug}.cantine.example`;
  return {
    actorId: `${origin}/users/${slug}`,
    local: false,
    handle: `${slug}@${slug}.cantine.example`,
    name,
    city,
    country,
    timezone,
    url: `${origin}/users/${slug}`,
    icon: null,
    actorType: "Organization",
    inbox: `${origin}/users/${slug}/inbox`,
    sharedInbox: `${origin}/inbox`,
    outbox: null,
  };
}

export const sanFrancisco = remoteCantine("sf", "Cantine San Francisco", "San Francisco", "US", "America/Los_Angeles");
export const barcelona = remoteCantine("bcn", "Cantina Barcelona", "Barcelona", "ES", "Europe/Madrid");
export const saoPaulo = remoteCantine("sp", "Cantina São Paulo", "São Paulo", "BR", "America/Sao_Paulo");

export function remoteEvent(cantine: RemoteCantine, fields: Partial<CantineEvent> & { title: string; startsAt: string }): CantineEvent {
  const apId = `${new URL(cantine.actorId).origin}/events/${encodeURIComponent(fields.title)}-${fields.startsAt}`;
  const now = new Date().toISOString();
  return {
    id: createHash("sha256").update(apId).digest("hex").slice(0, 32),
    apId,
    url: apId,
    local: false,
    actorId: cantine.actorId,
    description: null,
    descriptionHtml: "",
    endsAt: null,
    timezone: cantine.timezone!,
    allDay: false,
    location: null,
    organizer: null,
    tags: [],
    image: null,
    language: null,
    status: "scheduled",
    capacity: null,
    registrationUrl: null,
    category: null,
    seriesId: null,
    occurrenceDate: null,
    detached: false,
    publishedAt: now,
    updatedAt: now,
    sequence: 0,
    ...fields,
  };
}

export function remoteProject(cantine: RemoteCantine, fields: Partial<Project> & { title: string; summary: string }): Project {
  const apId = `${new URL(cantine.actorId).origin}/projects/${encodeURIComponent(fields.title)}`;
  const now = new Date().toISOString();
  return {
    id: createHash("sha256").update(apId).digest("hex").slice(0, 32),
    apId,
    url: apId,
    local: false,
    actorId: cantine.actorId,
    description: null,
    descriptionHtml: "",
    stage: "idea",
    lookingFor: [],
    cities: [],
    tags: [],
    links: [],
    contact: null,
    language: null,
    publishedAt: now,
    updatedAt: now,
    sequence: 0,
    ...fields,
  };
}

export type Seed = {
  cantines?: RemoteCantine[];
  events?: CantineEvent[];
  projects?: Project[];
  /** Event id → actor id of the cantine that relayed it. */
  via?: Record<string, string>;
  /** Event ids to mark deleted. */
  deleted?: string[];
};

function write(db: Db, seed: Seed): void {
  const cantines = new SqliteCantineStore(db);
  const events = new SqliteEventStore(db);
  const projects = new SqliteProjectStore(db);
  const at = new Date().toISOString();
  for (const cantine of seed.cantines ?? []) {
    cantines.upsertProfile(cantine);
    cantines.setFollow(cantine.actorId, "accepted", `${cantine.actorId}#follow`, at);
  }
  for (const event of seed.events ?? []) events.insert(event);
  for (const project of seed.projects ?? []) projects.insert(project);
  for (const [id, actorId] of Object.entries(seed.via ?? {})) db.prepare("UPDATE events SET via_actor_id = ? WHERE id = ?").run(actorId, id);
  for (const id of seed.deleted ?? []) events.markDeleted(id, at);
}

/** A Paris node whose database already holds the network's cantines and events. */
export async function startSeededNode(seed: Seed, config: Record<string, unknown> = {}): Promise<NodeProcess> {
  const workDir = mkdtempSync(join(tmpdir(), "cantine-pages-"));
  const db = openDatabase(join(workDir, "data", "cantine.db"));
  try {
    migrate(db);
    write(db, seed);
  } finally {
    db.close();
  }
  return startNodeProcess({ workDir, config: { locale: "fr", ...config } });
}
