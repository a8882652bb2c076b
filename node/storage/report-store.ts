import type { Report, ReportStore } from "../domain/moderation/reports.ts";
import type { Db } from "./db.ts";

type ReportRow = {
  id: string;
  activity_id: string;
  reporter_id: string;
  object_ids: string;
  comment: string;
  received_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
};

function toReport(row: ReportRow): Report {
  return {
    id: row.id,
    activityId: row.activity_id,
    reporterId: row.reporter_id,
    objectIds: JSON.parse(row.object_ids) as string[],
    comment: row.comment,
    receivedAt: row.received_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
  };
}

/** Flag reports received, on SQLite. */
export class SqliteReportStore implements ReportStore {
  readonly #insert;
  readonly #get;
  readonly #open;
  readonly #all;
  readonly #resolve;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO reports (id, activity_id, reporter_id, object_ids, comment, received_at)
       VALUES (@id, @activityId, @reporterId, @objectIds, @comment, @receivedAt) ON CONFLICT DO NOTHING`,
    );
    this.#get = db.prepare<[string], ReportRow>("SELECT * FROM reports WHERE id = ?");
    this.#open = db.prepare<[number], ReportRow>("SELECT * FROM reports WHERE resolved_at IS NULL ORDER BY received_at DESC, id LIMIT ?");
    this.#all = db.prepare<[number], ReportRow>("SELECT * FROM reports ORDER BY received_at DESC, id LIMIT ?");
    this.#resolve = db.prepare("UPDATE reports SET resolved_at = ?, resolved_by = ? WHERE id = ? AND resolved_at IS NULL");
  }

  insert(report: Report): boolean {
    return this.#insert.run({ ...report, objectIds: JSON.stringify(report.objectIds) }).changes > 0;
  }

  get(id: string): Report | undefined {
    const row = this.#get.get(id);
    return row && toReport(row);
  }

  list(options: { all: boolean; limit: number }): Report[] {
    return (options.all ? this.#all : this.#open).all(options.limit).map(toReport);
  }

  resolve(id: string, at: string, by: string): boolean {
    return this.#resolve.run(at, by, id).changes > 0;
  }
}
