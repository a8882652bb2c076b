import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Follower } from "../../../node/domain/network/followers.ts";
import { SqliteFollowerStore } from "../../../node/storage/follower-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const follower = (name: string, overrides: Partial<Follower> = {}): Follower => ({
  actorId: `https://m.example/users/${name}`,
  inbox: `https://m.example/users/${name}/inbox`,
  sharedInbox: "https://m.example/inbox",
  followId: `https://m.example/follows/${name}`,
  actorType: "Person",
  handle: `@${name}@m.example`,
  software: null,
  state: "accepted",
  createdAt: "2030-01-01T00:00:00.000Z",
  acceptedAt: "2030-01-01T00:00:01.000Z",
  ...overrides,
});

describe("the follower store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteFollowerStore;
  beforeEach(() => {
    store = new SqliteFollowerStore(sqlite.db);
  });

  it("reads a follower back as recorded", () => {
    store.upsert(follower("ana"));
    expect(store.get(follower("ana").actorId)).toEqual(follower("ana"));
    expect(store.get(follower("bea").actorId)).toBeUndefined();
  });

  it("keeps one row per actor: a repeated Follow refreshes it and never takes an accepted follow back", () => {
    store.upsert(follower("ana"));
    store.upsert(follower("ana", { inbox: "https://m.example/new-inbox", followId: "https://m.example/follows/2", state: "pending", acceptedAt: null }));
    expect(store.get(follower("ana").actorId)).toEqual(
      follower("ana", { inbox: "https://m.example/new-inbox", followId: "https://m.example/follows/2", state: "accepted" }),
    );
    expect(store.countAccepted()).toBe(1);
  });

  it("accepts a pending request once: the first acceptance time stays", () => {
    store.upsert(follower("ana", { state: "pending", acceptedAt: null }));
    expect(store.listPending().map((f) => f.handle)).toEqual(["@ana@m.example"]);
    expect(store.countAccepted()).toBe(0);
    expect(store.accept(follower("ana").actorId, "2030-01-02T00:00:00.000Z")).toMatchObject({ state: "accepted", acceptedAt: "2030-01-02T00:00:00.000Z" });
    expect(store.accept(follower("ana").actorId, "2030-01-03T00:00:00.000Z")?.acceptedAt).toBe("2030-01-02T00:00:00.000Z");
    expect(store.listPending()).toEqual([]);
    expect(store.accept("https://m.example/users/nobody", "2030-01-03T00:00:00.000Z")).toBeUndefined();
  });

  it("removes a follower and says whether there was one", () => {
    store.upsert(follower("ana"));
    expect(store.remove(follower("ana").actorId)).toBe(true);
    expect(store.remove(follower("ana").actorId)).toBe(false);
    expect(store.countAccepted()).toBe(0);
  });

  it("lists and counts accepted followers only, in the order they came", () => {
    for (const name of ["zoe", "ana", "max"]) store.upsert(follower(name));
    store.upsert(follower("pending", { state: "pending", acceptedAt: null }));
    expect(store.listAccepted().map((f) => f.handle)).toEqual(["@zoe@m.example", "@ana@m.example", "@max@m.example"]);
    expect(store.countAccepted()).toBe(3);
  });

  it("pages accepted followers with a cursor that stays valid while others follow and leave", () => {
    for (let n = 0; n < 5; n++) store.upsert(follower(`f${n}`));
    const first = store.pageAccepted(null, 2);
    expect(first.items.map((f) => f.handle)).toEqual(["@f0@m.example", "@f1@m.example"]);
    store.remove(follower("f0").actorId);
    store.upsert(follower("late"));
    const second = store.pageAccepted(first.nextCursor, 2);
    expect(second.items.map((f) => f.handle)).toEqual(["@f2@m.example", "@f3@m.example"]);
    const third = store.pageAccepted(second.nextCursor, 2);
    expect(third.items.map((f) => f.handle)).toEqual(["@f4@m.example", "@late@m.example"]);
    expect(third.nextCursor).toBeNull();
    // a cursor that is no number starts from the beginning
    expect(store.pageAccepted("garbage", 1).items.map((f) => f.handle)).toEqual(["@f1@m.example"]);
  });

  it("records the software a follower's server runs", () => {
    store.upsert(follower("relay", { actorType: "Application" }));
    store.setSoftware(follower("relay").actorId, "mobilizon");
    expect(store.get(follower("relay").actorId)?.software).toBe("mobilizon");
    // a later Follow does not forget it
    store.upsert(follower("relay", { actorType: "Application" }));
    expect(store.get(follower("relay").actorId)?.software).toBe("mobilizon");
  });
});
