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

/** Domain and actor blocks on SQLite; `matching` is one indexed lookup per URL. */
export class SqliteBlockStore implements BlockStore {
  readonly #db: Db;
  readonly #upsert;
  readonly #remove;
  readonly #get;
  readonly #list;
  readonly #matching;

  constructor(db: Db) {
    this.#db = db;
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
  }

  upsert(block: Block): "created" | "updated" {
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
    return this.#matching.all(JSON.stringify(hostCandidates(host)), withoutFragment(url)).map(toBlock);
  }
}
