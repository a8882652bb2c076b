import type { Follower, FollowerPage, FollowerState, FollowerStore } from "../domain/network/followers.ts";
import type { Db } from "./db.ts";

type FollowerRow = {
  actor_id: string;
  inbox: string;
  shared_inbox: string | null;
  follow_id: string;
  actor_type: string | null;
  handle: string | null;
  software: string | null;
  state: string;
  created_at: string;
  accepted_at: string | null;
  rowid: number;
};

const columns = "rowid, actor_id, inbox, shared_inbox, follow_id, actor_type, handle, software, state, created_at, accepted_at";

function toFollower(row: FollowerRow): Follower {
  return {
    actorId: row.actor_id,
    inbox: row.inbox,
    sharedInbox: row.shared_inbox,
    followId: row.follow_id,
    actorType: row.actor_type,
    handle: row.handle,
    software: row.software,
    state: row.state as FollowerState,
    createdAt: row.created_at,
    acceptedAt: row.accepted_at,
  };
}

/** Followers on SQLite; the collection is paged by rowid so pages stay stable while people follow. */
export class SqliteFollowerStore implements FollowerStore {
  readonly #upsert;
  readonly #get;
  readonly #accept;
  readonly #remove;
  readonly #count;
  readonly #accepted;
  readonly #page;
  readonly #pending;
  readonly #setSoftware;

  constructor(db: Db) {
    this.#upsert = db.prepare(
      `INSERT INTO followers (actor_id, inbox, shared_inbox, follow_id, actor_type, handle, state, created_at, accepted_at)
       VALUES (@actorId, @inbox, @sharedInbox, @followId, @actorType, @handle, @state, @createdAt, @acceptedAt)
       ON CONFLICT (actor_id) DO UPDATE SET inbox = excluded.inbox, shared_inbox = excluded.shared_inbox,
         follow_id = excluded.follow_id, actor_type = excluded.actor_type, handle = excluded.handle,
         state = CASE WHEN followers.state = 'accepted' THEN 'accepted' ELSE excluded.state END,
         accepted_at = COALESCE(followers.accepted_at, excluded.accepted_at)`,
    );
    this.#get = db.prepare<[string], FollowerRow>(`SELECT ${columns} FROM followers WHERE actor_id = ?`);
    this.#accept = db.prepare("UPDATE followers SET state = 'accepted', accepted_at = COALESCE(accepted_at, ?) WHERE actor_id = ?");
    this.#remove = db.prepare("DELETE FROM followers WHERE actor_id = ?");
    this.#count = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM followers WHERE state = 'accepted'");
    this.#accepted = db.prepare<[], FollowerRow>(`SELECT ${columns} FROM followers WHERE state = 'accepted' ORDER BY rowid`);
    this.#page = db.prepare<[number, number], FollowerRow>(`SELECT ${columns} FROM followers WHERE state = 'accepted' AND rowid > ? ORDER BY rowid LIMIT ?`);
    this.#pending = db.prepare<[], FollowerRow>(`SELECT ${columns} FROM followers WHERE state = 'pending' ORDER BY rowid`);
    this.#setSoftware = db.prepare<[string, string]>("UPDATE followers SET software = ? WHERE actor_id = ?");
  }

  upsert(follower: Follower): void {
    this.#upsert.run(follower);
  }

  get(actorId: string): Follower | undefined {
    const row = this.#get.get(actorId);
    return row && toFollower(row);
  }

  accept(actorId: string, at: string): Follower | undefined {
    this.#accept.run(at, actorId);
    return this.get(actorId);
  }

  remove(actorId: string): boolean {
    return this.#remove.run(actorId).changes > 0;
  }

  countAccepted(): number {
    return this.#count.get()!.n;
  }

  listAccepted(): Follower[] {
    return this.#accepted.all().map(toFollower);
  }

  pageAccepted(cursor: string | null, limit: number): FollowerPage {
    const after = cursor === null ? 0 : Number.parseInt(cursor, 10) || 0;
    const rows = this.#page.all(after, limit + 1);
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? String(items[items.length - 1]!.rowid) : null;
    return { items: items.map(toFollower), nextCursor };
  }

  listPending(): Follower[] {
    return this.#pending.all().map(toFollower);
  }

  setSoftware(actorId: string, software: string): void {
    this.#setSoftware.run(software, actorId);
  }
}
