import { describe, expect, it } from "@jest/globals";
import type { IncomingReply, Reply, ReplyStore, StoredReply } from "../../../../node/domain/conversation/replies.ts";
import { deleteReply, receiveReply } from "../../../../node/domain/conversation/replies.ts";

function memoryStore(): ReplyStore & { rows: Map<string, StoredReply> } {
  const rows = new Map<string, StoredReply>();
  return {
    rows,
    insert: (reply) => void rows.set(reply.apId, { value: reply, deletedAt: null }),
    update: (reply) => void rows.set(reply.apId, { value: reply, deletedAt: null }),
    getByApId: (apId) => rows.get(apId),
    markDeleted: (apId, at) => void rows.set(apId, { value: rows.get(apId)!.value, deletedAt: at }),
    listFor: () => [],
    countFor: () => 0,
    mentions: () => [],
    removeByAuthors: () => 0,
  };
}

const ALICE = "https://mastodon.example/users/alice";

function incoming(overrides: Partial<IncomingReply> = {}): IncomingReply {
  return {
    apId: "https://mastodon.example/statuses/1",
    url: null,
    target: { type: "Event", apId: "https://paris.example/events/1" },
    author: { actorId: ALICE, name: "Alice", handle: "alice@mastodon.example", url: null, icon: null },
    contentHtml: "<p>v1</p>",
    mentionsUs: false,
    publishedAt: "2026-01-01T10:00:00Z",
    updatedAt: null,
    ...overrides,
  };
}

describe("replies", () => {
  it("are stored once; a newer version replaces them, an older one does not", () => {
    const store = memoryStore();
    let n = 0;
    const newId = () => `r${++n}`;
    expect(receiveReply(store, newId, incoming(), "2026-01-01T10:00:01Z")).toEqual({ kind: "created" });
    expect(receiveReply(store, newId, incoming(), "2026-01-01T10:00:02Z").kind).toBe("unchanged");
    expect(receiveReply(store, newId, incoming({ contentHtml: "<p>v2</p>", updatedAt: "2026-01-01T11:00:00Z" }), "now").kind).toBe("updated");
    expect(receiveReply(store, newId, incoming({ contentHtml: "<p>old</p>", updatedAt: "2026-01-01T10:30:00Z" }), "now").kind).toBe("unchanged");
    const stored = store.getByApId("https://mastodon.example/statuses/1")!.value as Reply;
    expect([stored.id, stored.contentHtml]).toEqual(["r1", "<p>v2</p>"]);
  });

  it("change and go only by their author, and stay gone", () => {
    const store = memoryStore();
    receiveReply(store, () => "r1", incoming(), "now");
    const mallory = { actorId: "https://mastodon.example/users/mallory", name: null, handle: null, url: null, icon: null };
    expect(receiveReply(store, () => "x", incoming({ author: mallory, updatedAt: "2027-01-01T00:00:00Z" }), "now").kind).toBe("ignored");
    expect(deleteReply(store, "https://mastodon.example/statuses/1", mallory.actorId, "now").kind).toBe("ignored");
    expect(deleteReply(store, "https://mastodon.example/statuses/1", ALICE, "2026-02-01T00:00:00Z")).toEqual({ kind: "deleted" });
    expect(receiveReply(store, () => "x", incoming({ updatedAt: "2027-01-01T00:00:00Z" }), "now").kind).toBe("unchanged");
  });
});
