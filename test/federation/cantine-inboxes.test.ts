// Which inboxes get the lean body of a direct delivery between cantines, answered from memory.
import { describe, expect, it } from "@jest/globals";
import { CantineInboxes } from "../../federation/cantine-inboxes.ts";
import { directBody } from "../../federation/direct-body.ts";
import type { Follower } from "../../node/domain/network/followers.ts";
import { SqliteFollowerStore } from "../../node/storage/follower-store.ts";
import { useSqliteFile } from "../node/storage/sqlite-file.ts";

function follower(actorId: string, extra: Partial<Follower> = {}): Follower {
  const origin = new URL(actorId).origin;
  return {
    actorId,
    inbox: `${actorId}/inbox`,
    sharedInbox: `${origin}/inbox`,
    followId: `${actorId}#follow`,
    actorType: "Organization",
    handle: null,
    software: null,
    state: "accepted",
    createdAt: "2026-11-30T10:00:00Z",
    acceptedAt: "2026-11-30T10:00:00Z",
    ...extra,
  };
}

describe("CantineInboxes", () => {
  const sqlite = useSqliteFile();

  it("tells a cantine follower's inboxes from others, looking up only Organizations of unknown software", async () => {
    const followers = new SqliteFollowerStore(sqlite.db);
    const add = (f: Follower) => {
      followers.upsert(f);
      if (f.software) followers.setSoftware(f.actorId, f.software);
    };
    add(follower("https://sf.example/users/sf", { software: "cantine" }));
    add(follower("https://bcn.example/users/bcn"));
    add(follower("https://mastodon.example/users/alice", { actorType: "Person" }));
    add(follower("https://mobilizon.example/@relay", { actorType: "Application", software: "mobilizon" }));
    const asked: string[] = [];
    let now = 0;
    const inboxes = new CantineInboxes(followers, {
      softwareOf: async (f) => {
        asked.push(f.actorId);
        followers.setSoftware(f.actorId, "cantine");
        return "cantine";
      },
      now: () => now,
    });

    expect(inboxes.isCantine(new URL("https://sf.example/inbox"))).toBe(true);
    expect(inboxes.isCantine(new URL("https://sf.example/users/sf/inbox"))).toBe(true);
    expect(inboxes.isCantine(new URL("https://mastodon.example/inbox"))).toBe(false);
    expect(inboxes.isCantine(new URL("https://mobilizon.example/inbox"))).toBe(false);
    expect(inboxes.isCantine(new URL("https://stranger.example/inbox"))).toBe(false);
    // bcn's software was unknown: asked once, in the background; known to be a cantine from then on.
    expect(inboxes.isCantine(new URL("https://bcn.example/inbox"))).toBe(false);
    await Promise.resolve();
    expect(asked).toEqual(["https://bcn.example/users/bcn"]);
    expect(inboxes.isCantine(new URL("https://bcn.example/inbox"))).toBe(true);

    // A new follower shows at the next miss (at most every two seconds), a gone one within a minute.
    add(follower("https://rio.example/users/rio", { software: "cantine" }));
    expect(inboxes.isCantine(new URL("https://rio.example/inbox"))).toBe(false);
    now += 2_000;
    expect(inboxes.isCantine(new URL("https://rio.example/inbox"))).toBe(true);
    followers.remove("https://sf.example/users/sf");
    expect(inboxes.isCantine(new URL("https://sf.example/inbox"))).toBe(true);
    now += 60_000;
    expect(inboxes.isCantine(new URL("https://sf.example/inbox"))).toBe(false);
  });
});

describe("directBody", () => {
  it("leaves out the LD signature, the proof and the contexts only they use, and nothing else", () => {
    const terms = { timezone: "https://joinmobilizon.org/ns#timezone" };
    const signed = {
      "@context": ["https://w3id.org/identity/v1", "https://www.w3.org/ns/activitystreams", "https://w3id.org/security/data-integrity/v1", terms],
      id: "https://paris.example/create/1",
      type: "Create",
      actor: "https://paris.example/users/paris",
      object: { id: "https://paris.example/events/1", type: "Event", timezone: "Europe/Paris" },
      signature: { type: "RsaSignature2017" },
      proof: { type: "DataIntegrityProof" },
    };
    const { signature: _s, proof: _p, ...rest } = signed;
    expect(directBody(signed)).toEqual({ ...rest, "@context": ["https://www.w3.org/ns/activitystreams", terms] });
    expect(directBody({ ...rest, "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/identity/v1"] })).toEqual({
      ...rest,
      "@context": "https://www.w3.org/ns/activitystreams",
    });
  });
});
