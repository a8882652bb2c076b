// Ordering, deleted and hidden replies and removal by author are in moderation-stores.test.ts;
// here read after write, edits, tombstones, uniqueness and paging.
import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Reply } from "../../../node/domain/conversation/replies.ts";
import { SqliteReplyStore } from "../../../node/storage/reply-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const target = "https://paris.example/events/1";

function reply(n: number, overrides: Partial<Reply> = {}): Reply {
  const at = new Date(Date.UTC(2030, 0, 1, 10, n)).toISOString();
  return {
    id: `r${n}`,
    apId: `https://m.example/statuses/${n}`,
    url: `https://m.example/@ana/${n}`,
    target: { type: "Event", apId: target },
    author: { actorId: "https://m.example/users/ana", name: "Ana", handle: "ana@m.example", url: "https://m.example/@ana", icon: "https://m.example/a.png" },
    contentHtml: `<p>Reply ${n}</p>`,
    mentionsUs: false,
    publishedAt: at,
    updatedAt: at,
    receivedAt: at,
    hidden: false,
    ...overrides,
  };
}

describe("the reply store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteReplyStore;
  beforeEach(() => {
    store = new SqliteReplyStore(sqlite.db);
  });

  it("reads a reply back by its ActivityPub id, and an edit replaces its content", () => {
    store.insert(reply(1, { mentionsUs: true, target: { type: "Article", apId: "https://paris.example/projects/1" } }));
    expect(store.getByApId("https://m.example/statuses/1")).toEqual({
      value: reply(1, { mentionsUs: true, target: { type: "Article", apId: "https://paris.example/projects/1" } }),
      deletedAt: null,
    });
    const edited = reply(1, { contentHtml: "<p>Edited</p>", updatedAt: "2030-01-02T00:00:00.000Z", mentionsUs: false });
    store.update(edited);
    expect(store.getByApId("https://m.example/statuses/1")?.value).toEqual(edited);
    expect(store.getByApId("https://m.example/statuses/2")).toBeUndefined();
  });

  it("refuses a second reply with the same ActivityPub id", () => {
    store.insert(reply(1));
    expect(() => store.insert(reply(1, { id: "other" }))).toThrow(/UNIQUE/);
    expect(store.countFor(target)).toBe(1);
  });

  it("keeps a deleted reply's id as a tombstone, without its content", () => {
    store.insert(reply(1));
    store.markDeleted("https://m.example/statuses/1", "2030-01-05T00:00:00.000Z");
    expect(store.getByApId("https://m.example/statuses/1")).toMatchObject({ deletedAt: "2030-01-05T00:00:00.000Z", value: { contentHtml: "" } });
    expect([store.listFor(target, 10), store.countFor(target)]).toEqual([[], 0]);
  });

  it("pages the replies to an object oldest first, and the mentions newest first", () => {
    for (let n = 1; n <= 5; n++) store.insert(reply(n, { mentionsUs: n % 2 === 1 }));
    store.insert(reply(9, { target: { type: "Event", apId: "https://paris.example/events/2" } }));
    expect(store.listFor(target, 2).map((r) => r.id)).toEqual(["r1", "r2"]);
    expect(store.listFor(target, 2, 2).map((r) => r.id)).toEqual(["r3", "r4"]);
    expect(store.listFor(target, 2, 4).map((r) => r.id)).toEqual(["r5"]);
    expect(store.countFor(target)).toBe(5);
    expect(store.mentions(2).map((r) => r.id)).toEqual(["r5", "r3"]);
    expect(store.mentions(2, 2).map((r) => r.id)).toEqual(["r1"]);
  });
});
