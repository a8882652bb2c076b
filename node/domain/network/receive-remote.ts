import type { CantineEvent, ReceivedEvent } from "../events/event.ts";
import type { EventStore, IdSource, ProjectStore, Stored } from "../ports.ts";
import type { Project, ReceivedProject } from "../projects/project.ts";

/**
 * What became of something a followed cantine sent us. `unchanged`: we already hold it as it is
 * (a version as new or newer, a deletion already made), the usual answer of a second outbox walk;
 * `ignored`: refused. Both say why, for the debug log.
 */
export type Outcome = { kind: "created" | "updated" | "deleted" } | { kind: "ignored" | "unchanged"; reason: string };

export type Provenance = Readonly<{
  /** The followed actor the content is filed under (its city and name show in the calendar). */
  sourceActorId: string;
  /** The followed actor that relayed it, when it is not the source. */
  viaActorId: string | null;
  receivedAt: string;
}>;

function newer(incoming: string | null, stored: string): boolean {
  return incoming !== null && Date.parse(incoming) > Date.parse(stored);
}

type Owned = { local: boolean; actorId: string; updatedAt: string };

/** Why a received version must not replace what we hold, or null when it may. */
function refusal(existing: Stored<Owned> | undefined, from: Provenance, updatedAt: string, kind: string): Outcome | null {
  if (existing?.value.local) return { kind: "ignored", reason: `it is one of our own ${kind}s` };
  if (existing?.deletedAt) return { kind: "unchanged", reason: "it was deleted before" };
  if (existing && existing.value.actorId !== from.sourceActorId) return { kind: "ignored", reason: `it belongs to ${existing.value.actorId}` };
  if (existing && !newer(updatedAt, existing.value.updatedAt)) return { kind: "unchanged", reason: "we already have this version or a newer one" };
  return null;
}

/**
 * Stores an event received from a followed cantine, idempotent by its object id: the newest
 * `updated` wins, a deleted id stays deleted, and nobody may overwrite someone else's event.
 */
export function receiveRemoteEvent(store: EventStore, newId: IdSource, received: ReceivedEvent, from: Provenance): Outcome {
  const existing = store.getByApId(received.apId);
  const updatedAt = received.updatedAt ?? received.publishedAt ?? from.receivedAt;
  const refused = refusal(existing, from, updatedAt, "event");
  if (refused) return refused;
  const event: CantineEvent = {
    id: existing?.value.id ?? newId(),
    apId: received.apId,
    url: received.url,
    local: false,
    actorId: from.sourceActorId,
    title: received.title,
    description: null,
    descriptionHtml: received.descriptionHtml,
    startsAt: received.startsAt,
    endsAt: received.endsAt,
    timezone: received.timezone,
    allDay: received.allDay,
    location: received.location,
    organizer: received.organizer,
    tags: received.tags,
    image: received.image,
    language: received.language,
    status: received.status,
    capacity: received.capacity,
    registrationUrl: received.registrationUrl,
    category: received.category,
    seriesId: null,
    detached: false,
    publishedAt: received.publishedAt ?? from.receivedAt,
    updatedAt,
    sequence: existing ? existing.value.sequence + 1 : 0,
    viaActorId: from.viaActorId ?? existing?.value.viaActorId ?? null,
    summary: received.summary,
  };
  if (existing) store.update(event);
  else store.insert(event);
  return { kind: existing ? "updated" : "created" };
}

/** Stores a project received from a followed cantine, with the same rules as events. */
export function receiveRemoteProject(store: ProjectStore, newId: IdSource, received: ReceivedProject, from: Provenance): Outcome {
  const existing = store.getByApId(received.apId);
  const updatedAt = received.updatedAt ?? received.publishedAt ?? from.receivedAt;
  const refused = refusal(existing, from, updatedAt, "project");
  if (refused) return refused;
  const project: Project = {
    id: existing?.value.id ?? newId(),
    apId: received.apId,
    url: received.url,
    local: false,
    actorId: from.sourceActorId,
    title: received.title,
    summary: received.summary,
    description: null,
    descriptionHtml: received.descriptionHtml,
    stage: received.stage ?? "idea",
    lookingFor: received.lookingFor,
    cities: received.cities,
    tags: received.tags,
    links: received.links,
    contact: received.contact,
    image: received.image,
    language: received.language,
    publishedAt: received.publishedAt ?? from.receivedAt,
    updatedAt,
    sequence: existing ? existing.value.sequence + 1 : 0,
    viaActorId: from.viaActorId ?? existing?.value.viaActorId ?? null,
  };
  if (existing) store.update(project);
  else store.insert(project);
  return { kind: existing ? "updated" : "created" };
}

/**
 * A Delete from a followed cantine: only the actor an object is filed under (the one that sent
 * it to us) may delete it. Another actor of the same server may not: one server can host many
 * independent accounts.
 */
export function receiveRemoteDelete(events: EventStore, projects: ProjectStore, apId: string, senderActorId: string, at: string): Outcome {
  const event = events.getByApId(apId);
  const project = event ? undefined : projects.getByApId(apId);
  const stored = event ?? project;
  if (!stored) return { kind: "unchanged", reason: "we do not hold it" };
  if (stored.value.local) return { kind: "ignored", reason: "it is one of our own" };
  if (stored.deletedAt) return { kind: "unchanged", reason: "already deleted" };
  const owner = stored.value.actorId;
  if (owner !== senderActorId) return { kind: "ignored", reason: `it belongs to ${owner}` };
  if (event) events.markDeleted(event.value.id, at);
  else projects.markDeleted(project!.value.id, at);
  return { kind: "deleted" };
}
