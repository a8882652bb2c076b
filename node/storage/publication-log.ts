import type { Audience, NewPublication, Publication, PublicationLog } from "../domain/publishing/publication.ts";
import type { Db } from "./db.ts";

type PublicationRow = {
  seq: number;
  activity_id: string;
  type: string;
  object_type: string;
  object_id: string;
  object_ap_id: string;
  snapshot: string | null;
  audience: string;
  published_at: string;
  federated_at: string | null;
};

function toPublication(row: PublicationRow): Publication {
  return {
    seq: row.seq,
    activityId: row.activity_id,
    type: row.type as Publication["type"],
    objectType: row.object_type as Publication["objectType"],
    objectId: row.object_id,
    objectApId: row.object_ap_id,
    snapshot: row.snapshot === null ? null : JSON.parse(row.snapshot),
    audience: row.audience as Audience,
    publishedAt: row.published_at,
    federatedAt: row.federated_at,
  };
}

/** Snapshots dropped per write transaction when compacting. */
const COMPACTION_BATCH = 500;

/** The publication log on SQLite: it is both the transactional outbox and the outbox collection. */
export class SqlitePublicationLog implements PublicationLog {
  readonly #insert;
  readonly #pending;
  readonly #mark;
  readonly #page;
  readonly #pageAll;
  readonly #count;
  readonly #countAll;
  readonly #superseded;
  readonly #dropSnapshot;
  readonly #db: Db;

  constructor(db: Db) {
    this.#insert = db.prepare<Record<string, unknown>, PublicationRow>(
      `INSERT INTO publications (activity_id, type, object_type, object_id, object_ap_id, snapshot, audience, published_at)
       VALUES (@activityId, @type, @objectType, @objectId, @objectApId, @snapshot, @audience, @publishedAt) RETURNING *`,
    );
    this.#pending = db.prepare<[number], PublicationRow>("SELECT * FROM publications WHERE federated_at IS NULL ORDER BY seq LIMIT ?");
    this.#mark = db.prepare("UPDATE publications SET federated_at = ? WHERE seq = ? AND federated_at IS NULL");
    this.#page = db.prepare<[string, number, number], PublicationRow>("SELECT * FROM publications WHERE audience = ? AND seq < ? ORDER BY seq DESC LIMIT ?");
    this.#pageAll = db.prepare<[number, number], PublicationRow>("SELECT * FROM publications WHERE seq < ? ORDER BY seq DESC LIMIT ?");
    this.#count = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM publications WHERE audience = ?");
    this.#countAll = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM publications");
    // One read of the log (a window per object, no index needed), then small write batches so
    // that the node's other writes never wait long: run daily, not per request.
    this.#superseded = db
      .prepare<[], number>(
        `SELECT seq FROM (
           SELECT seq, snapshot IS NOT NULL AS kept, federated_at IS NOT NULL AS sent,
                  max(CASE WHEN federated_at IS NOT NULL THEN seq END) OVER (PARTITION BY object_type, object_id) AS last_sent
           FROM publications)
         WHERE kept AND sent AND seq < last_sent`,
      )
      .pluck();
    this.#dropSnapshot = db.prepare<[number]>("UPDATE publications SET snapshot = NULL WHERE seq = ? AND snapshot IS NOT NULL");
    this.#db = db;
  }

  append(publication: NewPublication): Publication {
    const row = this.#insert.get({ ...publication, snapshot: publication.snapshot === null ? null : JSON.stringify(publication.snapshot) });
    return toPublication(row!);
  }

  pending(limit: number): Publication[] {
    return this.#pending.all(limit).map(toPublication);
  }

  markFederated(seq: number, at: string): void {
    this.#mark.run(at, seq);
  }

  page(before: number | null, limit: number, audience?: Audience): Publication[] {
    const cursor = before ?? Number.MAX_SAFE_INTEGER;
    const rows = audience ? this.#page.all(audience, cursor, limit) : this.#pageAll.all(cursor, limit);
    return rows.map(toPublication);
  }

  count(audience?: Audience): number {
    return (audience ? this.#count.get(audience) : this.#countAll.get())!.n;
  }

  compactSnapshots(): number {
    // A row the read picked stays superseded (a delivered entry stays delivered): later batches are safe.
    const seqs = this.#superseded.all();
    let dropped = 0;
    for (let i = 0; i < seqs.length; i += COMPACTION_BATCH) {
      const batch = seqs.slice(i, i + COMPACTION_BATCH);
      dropped += this.#db.transaction(() => batch.reduce((n, seq) => n + this.#dropSnapshot.run(seq).changes, 0)).immediate();
    }
    return dropped;
  }
}
