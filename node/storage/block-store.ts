import type { Block, BlockKind, BlockStore } from "../domain/moderation/blocks.ts";
import { hostCandidates, hostOf, withoutFragment } from "../domain/moderation/blocks.ts";
import type { Db } from "./db.ts";

type BlockRow = {
  seq: number;
  kind: string;
  target: string;
  severity: string;
  reject_media: number;
  reject_reports: number;
  public_comment: string | null;
  reason: string | null;
  obfuscate: number;
  created_at: string;
  created_by: string;
};

function toBlock(row: BlockRow): Block {
  return {
    kind: row.kind as BlockKind,
    target: row.target,
    severity: row.severity as Block["severity"],
    rejectMedia: row.reject_media === 1,
    rejectReports: row.reject_reports === 1,
    publicComment: row.public_comment,
    reason: row.reason,
    obfuscate: row.obfuscate === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** Up to this many blocks, `matching` answers from memory; a larger list is queried each time. */
const MAX_BLOCKS_IN_MEMORY = 50_000;

// Changes made through any store on one connection, which `data_version` does not count.
const localChanges = new WeakMap<Db, { count: number }>();

/** Every block by target, for `matching` without a query (every outgoing request asks). */
type BlockIndex = { domains: Map<string, BlockRow>; actors: Map<string, BlockRow> };

/**
 * Domain and actor blocks on SQLite. `matching` answers from an in-memory copy of the table,
 * made again after any change: one made here drops it at once, and one committed by another
 * connection (the CLI beside a running node) changes SQLite's `data_version`, which each lookup
 * reads (a few microseconds, against a fraction of a millisecond for the query). Inside a
 * transaction, and when the table is too large to copy, it queries as before.
 */
export class SqliteBlockStore implements BlockStore {
  readonly #db: Db;
  readonly #dataVersion;
  readonly #count;
  readonly #changes: { count: number };
  #index: BlockIndex | null = null;
  /** `data_version` and local changes when the index (or the finding that the table is too large) was made. */
  #indexedAt: [number, number] | null = null;
  readonly #upsert;
  readonly #remove;
  readonly #get;
  readonly #list;
  readonly #matching;

  constructor(db: Db) {
    this.#db = db;
    let changes = localChanges.get(db);
    if (changes === undefined) localChanges.set(db, (changes = { count: 0 }));
    this.#changes = changes;
    this.#upsert = db.prepare(
      `INSERT INTO blocks (kind, target, severity, reject_media, reject_reports, public_comment, reason, obfuscate, created_at, created_by)
       VALUES (@kind, @target, @severity, @rejectMedia, @rejectReports, @publicComment, @reason, @obfuscate, @createdAt, @createdBy)
       ON CONFLICT (kind, target) DO UPDATE SET severity = excluded.severity, reject_media = excluded.reject_media,
         reject_reports = excluded.reject_reports, public_comment = excluded.public_comment, reason = excluded.reason,
         obfuscate = excluded.obfuscate`,
    );
    this.#remove = db.prepare("DELETE FROM blocks WHERE kind = ? AND target = ?");
    this.#get = db.prepare<[string, string], BlockRow>("SELECT * FROM blocks WHERE kind = ? AND target = ?");
    this.#list = db.prepare<[], BlockRow>("SELECT * FROM blocks ORDER BY seq");
    this.#matching = db.prepare<[string, string], BlockRow>(
      `SELECT * FROM blocks WHERE (kind = 'domain' AND target IN (SELECT value FROM json_each(?))) OR (kind = 'actor' AND target = ?) ORDER BY seq`,
    );
    this.#dataVersion = db.prepare<[], number>("PRAGMA data_version").pluck();
    this.#count = db.prepare<[], number>("SELECT COUNT(*) FROM blocks").pluck();
  }

  upsert(block: Block): "created" | "updated" {
    this.#forgetIndex();
    return this.#db.transaction(() => {
      const existed = this.#get.get(block.kind, block.target) !== undefined;
      this.#upsert.run({
        ...block,
        rejectMedia: block.rejectMedia ? 1 : 0,
        rejectReports: block.rejectReports ? 1 : 0,
        obfuscate: block.obfuscate ? 1 : 0,
      });
      return existed ? ("updated" as const) : ("created" as const);
    })();
  }

  remove(kind: BlockKind, target: string): boolean {
    this.#forgetIndex();
    return this.#remove.run(kind, target).changes > 0;
  }

  get(kind: BlockKind, target: string): Block | undefined {
    const row = this.#get.get(kind, target);
    return row && toBlock(row);
  }

  list(): Block[] {
    return this.#list.all().map(toBlock);
  }

  matching(url: string): Block[] {
    const host = hostOf(url);
    if (host === null) return [];
    const index = this.#currentIndex();
    if (index === null) return this.#matching.all(JSON.stringify(hostCandidates(host)), withoutFragment(url)).map(toBlock);
    const rows: BlockRow[] = [];
    for (const candidate of hostCandidates(host)) {
      const row = index.domains.get(candidate);
      if (row !== undefined) rows.push(row);
    }
    const actor = index.actors.get(withoutFragment(url));
    if (actor !== undefined) rows.push(actor);
    return rows.sort((a, b) => a.seq - b.seq).map(toBlock);
  }

  #forgetIndex(): void {
    this.#changes.count++;
  }

  /** The in-memory copy, made again when the table changed; null to query instead. */
  #currentIndex(): BlockIndex | null {
    // Within a transaction the table may hold what a rollback takes back: never copied then.
    if (this.#db.inTransaction) return null;
    const version = this.#dataVersion.get()!;
    const changes = this.#changes.count;
    if (this.#indexedAt?.[0] === version && this.#indexedAt[1] === changes) return this.#index;
    this.#indexedAt = [version, changes];
    this.#index = null;
    if (this.#count.get()! > MAX_BLOCKS_IN_MEMORY) return null;
    const index: BlockIndex = { domains: new Map(), actors: new Map() };
    for (const row of this.#list.all()) (row.kind === "domain" ? index.domains : index.actors).set(row.target, row);
    this.#index = index;
    return index;
  }
}
