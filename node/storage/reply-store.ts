import type { Mention, Reply, ReplyStore, StoredReply } from "../domain/conversation/replies.ts";
import type { ActorMatch } from "../domain/moderation/blocks.ts";
import { matcherOf } from "../domain/moderation/blocks.ts";
import type { Db } from "./db.ts";

type ReplyRow = {
  id: string;
  ap_id: string;
  url: string | null;
  target_type: string;
  target_ap_id: string;
  author_id: string;
  author_name: string | null;
  author_handle: string | null;
  author_url: string | null;
  author_icon: string | null;
  content_html: string;
  mentions_us: number;
  published_at: string;
  updated_at: string;
  received_at: string;
  deleted_at: string | null;
  hidden: number;
};

function toReply(row: ReplyRow): Reply {
  return {
    id: row.id,
    apId: row.ap_id,
    url: row.url,
    target: { type: row.target_type as Reply["target"]["type"], apId: row.target_ap_id },
    author: { actorId: row.author_id, name: row.author_name, handle: row.author_handle, url: row.author_url, icon: row.author_icon },
    contentHtml: row.content_html,
    mentionsUs: row.mentions_us === 1,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    receivedAt: row.received_at,
    hidden: row.hidden === 1,
  };
}

function toRow(reply: Reply) {
  return {
    id: reply.id,
    ap_id: reply.apId,
    url: reply.url,
    target_type: reply.target.type,
    target_ap_id: reply.target.apId,
    author_id: reply.author.actorId,
    author_name: reply.author.name,
    author_handle: reply.author.handle,
    author_url: reply.author.url,
    author_icon: reply.author.icon,
    content_html: reply.contentHtml,
    mentions_us: reply.mentionsUs ? 1 : 0,
    published_at: reply.publishedAt,
    updated_at: reply.updatedAt,
    received_at: reply.receivedAt,
  };
}

const columns = Object.keys(
  toRow({
    id: "",
    apId: "",
    url: null,
    target: { type: "Event", apId: "" },
    author: { actorId: "", name: null, handle: null, url: null, icon: null },
    contentHtml: "",
    mentionsUs: false,
    publishedAt: "",
    updatedAt: "",
    receivedAt: "",
    hidden: false,
  }),
);

/** Replies to our objects on SQLite; the tombstone of a deleted one stays. */
export class SqliteReplyStore implements ReplyStore {
  readonly #db: Db;
  readonly #insert;
  readonly #update;
  readonly #getByApId;
  readonly #delete;
  readonly #listFor;
  readonly #countFor;
  readonly #mentions;
  readonly #authors;
  readonly #removeAuthor;

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(`INSERT INTO replies (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
    this.#update = db.prepare(
      `UPDATE replies SET ${columns
        .filter((c) => c !== "id" && c !== "ap_id")
        .map((c) => `${c} = @${c}`)
        .join(", ")} WHERE id = @id`,
    );
    this.#getByApId = db.prepare<[string], ReplyRow>("SELECT * FROM replies WHERE ap_id = ?");
    this.#delete = db.prepare("UPDATE replies SET deleted_at = ?, content_html = '' WHERE ap_id = ?");
    this.#listFor = db.prepare<[string, number, number], ReplyRow>(
      "SELECT * FROM replies WHERE target_ap_id = ? AND deleted_at IS NULL AND hidden = 0 ORDER BY published_at, id LIMIT ? OFFSET ?",
    );
    this.#countFor = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM replies WHERE target_ap_id = ? AND deleted_at IS NULL AND hidden = 0");
    this.#mentions = db.prepare<[number, number], ReplyRow>(
      "SELECT * FROM replies WHERE mentions_us = 1 AND deleted_at IS NULL ORDER BY published_at DESC, id LIMIT ? OFFSET ?",
    );
    this.#authors = db.prepare<[], { author_id: string }>("SELECT DISTINCT author_id FROM replies");
    this.#removeAuthor = db.prepare("DELETE FROM replies WHERE author_id = ?");
  }

  insert(reply: Reply): void {
    this.#insert.run(toRow(reply));
  }

  update(reply: Reply): void {
    this.#update.run(toRow(reply));
  }

  getByApId(apId: string): StoredReply | undefined {
    const row = this.#getByApId.get(apId);
    return row && { value: toReply(row), deletedAt: row.deleted_at };
  }

  markDeleted(apId: string, at: string): void {
    this.#delete.run(at, apId);
  }

  listFor(targetApId: string, limit: number, offset = 0): Reply[] {
    return this.#listFor.all(targetApId, limit, offset).map(toReply);
  }

  countFor(targetApId: string): number {
    return this.#countFor.get(targetApId)!.n;
  }

  mentions(limit: number, offset = 0): Mention[] {
    return this.#mentions.all(limit, offset).map(toReply);
  }

  removeByAuthors(match: ActorMatch): number {
    const matches = matcherOf(match);
    const authors = this.#authors
      .all()
      .map((row) => row.author_id)
      .filter(matches);
    return this.#db.transaction(() => authors.reduce((n, id) => n + this.#removeAuthor.run(id).changes, 0))();
  }
}
