// One reaction per actor, kind and object, and the two ways to undo one, are in
// moderation-stores.test.ts; here the counts per object and removal by actor or domain.
import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Reaction } from "../../../node/domain/conversation/reactions.ts";
import { SqliteReactionStore } from "../../../node/storage/reaction-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const reaction = (kind: Reaction["kind"], actorId: string, targetApId: string): Reaction => ({
  activityId: `${actorId}/${kind}/${targetApId.split("/").at(-1)}`,
  kind,
  actorId,
  targetApId,
  createdAt: "2030-01-01T00:00:00.000Z",
});

describe("the reaction store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteReactionStore;
  beforeEach(() => {
    store = new SqliteReactionStore(sqlite.db);
  });
  const event = "https://paris.example/events/1";
  const project = "https://paris.example/projects/1";

  it("counts likes and boosts per object, and zero for an object nobody reacted to", () => {
    store.add(reaction("like", "https://a.example/users/a", event));
    store.add(reaction("announce", "https://a.example/users/a", event));
    store.add(reaction("like", "https://b.example/users/b", project));
    expect(store.counts(event)).toEqual({ likes: 1, shares: 1 });
    expect(store.counts(project)).toEqual({ likes: 1, shares: 0 });
    expect(store.counts("https://paris.example/events/none")).toEqual({ likes: 0, shares: 0 });
  });

  it("refuses a second reaction with the same activity id", () => {
    expect(store.add(reaction("like", "https://a.example/users/a", event))).toBe(true);
    expect(store.add({ ...reaction("like", "https://a.example/users/a", event), targetApId: project })).toBe(false);
    expect(store.counts(project).likes).toBe(0);
  });

  it("removes every reaction of some actors, or of anyone on some domains (subdomains too), and counts them", () => {
    store.add(reaction("like", "https://a.example/users/a", event));
    store.add(reaction("announce", "https://a.example/users/a", project));
    store.add(reaction("like", "https://social.spam.example/users/s", event));
    store.add(reaction("like", "https://b.example/users/b", event));
    expect(store.removeByActors({ actorIds: ["https://a.example/users/a"], hosts: ["spam.example"] })).toBe(3);
    expect(store.counts(event)).toEqual({ likes: 1, shares: 0 });
    expect(store.removeByActors({ actorIds: [], hosts: [] })).toBe(0);
  });
});
