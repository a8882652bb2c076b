import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { SqliteCantineStore } from "../../../node/storage/cantine-store.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { SqliteEventStore } from "../../../node/storage/event-store.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { SqliteProjectStore } from "../../../node/storage/project-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const local = {
  actorId: "https://paris.example/users/paris",
  local: true,
  handle: "paris@paris.example",
  name: "Paris",
  city: "Paris",
  country: "FR",
  timezone: "Europe/Paris",
  url: null,
  icon: null,
  actorType: "Organization",
};

function remote(slug: string) {
  const actorId = `https://${slug}.example/users/${slug}`;
  return {
    actorId,
    local: false,
    handle: `${slug}@${slug}.example`,
    name: slug,
    city: slug,
    country: null,
    timezone: null,
    url: null,
    icon: null,
    actorType: "Organization",
    inbox: `${actorId}/inbox`,
    sharedInbox: null,
    outbox: `${actorId}/outbox`,
  };
}

describe("the cantine store: follows and cantines known through relays", () => {
  let dir: string;
  let db: Db;
  let store: SqliteCantineStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-cantines-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    store = new SqliteCantineStore(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists as follows the local cantine and every actor we follow or asked to, not the authors of relayed content", () => {
    const at = new Date().toISOString();
    store.upsertLocal(local);
    for (const [slug, state] of [
      ["sf", "accepted"],
      ["bcn", "pending"],
      ["rio", "rejected"],
    ] as const) {
      store.upsertProfile(remote(slug));
      store.setFollow(remote(slug).actorId, state, `${local.actorId}/follows/${slug}`, at);
    }
    store.upsertProfile(remote("relayed")); // the author of a project we relayed: known, never followed
    store.upsertProfile(remote("left"));
    store.setFollow(remote("left").actorId, "none", null, null); // unfollowed

    const follows = store.listFollows().map((c) => [c.handle, c.local ? "local" : c.followState]);
    expect(follows).toEqual([
      ["paris@paris.example", "local"],
      ["bcn@bcn.example", "pending"],
      ["rio@rio.example", "rejected"],
      ["sf@sf.example", "accepted"],
    ]);
    expect(store.listAll().map((c) => c.handle)).toEqual(expect.arrayContaining(["relayed@relayed.example", "left@left.example"]));
    expect(store.get(remote("relayed").actorId)).toMatchObject({ name: "relayed", followState: "none" });
    expect(store.isFollowed(remote("relayed").actorId)).toBe(false);
  });
});

describe("the cantine store: profiles, follow state and content", () => {
  const sqlite = useSqliteFile();
  let store: SqliteCantineStore;
  beforeEach(() => {
    store = new SqliteCantineStore(sqlite.db);
  });

  it("reads a profile back, refreshes it without touching the follow, sync and refresh state", () => {
    const sf = remote("sf");
    store.upsertProfile(sf);
    expect(store.get(sf.actorId)).toEqual({
      ...sf,
      followState: "none",
      followId: null,
      followedAt: null,
      lastSyncAt: null,
      lastRefreshAt: null,
      lastError: null,
    });
    store.setFollow(sf.actorId, "accepted", "https://paris.example/follows/1", "2030-01-01T00:00:00.000Z");
    store.markSynced(sf.actorId, "2030-01-02T00:00:00.000Z", "outbox answered 500");
    store.markRefreshed(sf.actorId, "2030-01-03T00:00:00.000Z");
    store.upsertProfile({ ...sf, name: "San Francisco", city: "San Francisco", sharedInbox: "https://sf.example/inbox" });
    expect(store.get(sf.actorId)).toMatchObject({
      name: "San Francisco",
      sharedInbox: "https://sf.example/inbox",
      followState: "accepted",
      followId: "https://paris.example/follows/1",
      followedAt: "2030-01-01T00:00:00.000Z",
      lastSyncAt: "2030-01-02T00:00:00.000Z",
      lastError: "outbox answered 500",
      lastRefreshAt: "2030-01-03T00:00:00.000Z",
    });
    store.markSynced(sf.actorId, "2030-01-04T00:00:00.000Z", null);
    expect(store.get(sf.actorId)?.lastError).toBeNull();
    expect(store.get("https://nobody.example/u")).toBeUndefined();
  });

  it("counts as followed only an accepted follow, and lists those by name", () => {
    for (const [slug, state] of [
      ["zurich", "accepted"],
      ["bcn", "pending"],
      ["athens", "accepted"],
    ] as const) {
      store.upsertProfile(remote(slug));
      store.setFollow(remote(slug).actorId, state, null, null);
    }
    store.upsertLocal(local);
    expect(store.listFollowed().map((c) => c.name)).toEqual(["athens", "zurich"]);
    expect([store.isFollowed(remote("zurich").actorId), store.isFollowed(remote("bcn").actorId), store.isFollowed(local.actorId)]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it("keeps the local cantine local when it is written again", () => {
    store.upsertLocal(local);
    store.upsertLocal({ ...local, name: "La Cantine Paris" });
    expect(store.get(local.actorId)).toMatchObject({ local: true, name: "La Cantine Paris" });
  });

  it("purges a remote actor's events and projects only, and counts what each cantine has on", () => {
    const events = new SqliteEventStore(sqlite.db);
    const projects = new SqliteProjectStore(sqlite.db);
    const sf = remote("sf");
    store.upsertLocal(local);
    store.upsertProfile(sf);
    const base = { url: "u", description: null, descriptionHtml: "", endsAt: null, timezone: "UTC", allDay: false, location: null, organizer: null, tags: [] };
    const more = {
      image: null,
      language: null,
      status: "scheduled" as const,
      capacity: null,
      registrationUrl: null,
      category: null,
      seriesId: null,
      detached: false,
    };
    const stamps = { publishedAt: "2030-01-01T00:00:00.000Z", updatedAt: "2030-01-01T00:00:00.000Z", sequence: 0 };
    const event = (id: string, actorId: string, startsAt: string) => ({
      id,
      apId: `${actorId}/e/${id}`,
      local: actorId === local.actorId,
      actorId,
      title: id,
      startsAt,
      ...base,
      ...more,
      ...stamps,
    });
    events.insert(event("sf-past", sf.actorId, "2000-01-01T00:00:00Z"));
    events.insert(event("sf-next", sf.actorId, "2099-01-01T00:00:00Z"));
    events.insert(event("ours", local.actorId, "2099-01-01T00:00:00Z"));
    const project = (id: string, actorId: string) => ({
      id,
      apId: `${actorId}/p/${id}`,
      url: "u",
      local: actorId === local.actorId,
      actorId,
      title: id,
      summary: "s",
      description: null,
      descriptionHtml: "",
      stage: "idea",
      lookingFor: [],
      cities: [],
      tags: [],
      links: [],
      contact: null,
      language: null,
      ...stamps,
    });
    projects.insert(project("sf-p", sf.actorId));
    projects.insert(project("our-p", local.actorId));

    expect(store.listAll().map((c) => [c.name, c.upcomingEvents, c.projects])).toEqual([
      ["Paris", 1, 1],
      ["sf", 1, 1],
    ]);
    store.purgeContent(sf.actorId);
    expect([events.get("sf-past"), events.get("sf-next"), projects.get("sf-p")]).toEqual([undefined, undefined, undefined]);
    expect([events.get("ours")?.value.id, projects.get("our-p")?.value.id]).toEqual(["ours", "our-p"]);
    // purging the local cantine's actor removes nothing: our own content is never purged this way
    store.purgeContent(local.actorId);
    expect(events.get("ours")?.value.id).toBe("ours");
  });
});
