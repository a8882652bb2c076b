import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { SqliteCantineStore } from "../../../node/storage/cantine-store.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";

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
