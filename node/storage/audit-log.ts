import type { AuditEntry, AuditLog } from "../domain/moderation/audit.ts";
import type { Db } from "./db.ts";

type AuditRow = { at: string; who: string; action: string; target: string; details: string };

/** The moderation log on SQLite: append only, read newest first. */
export class SqliteAuditLog implements AuditLog {
  readonly #record;
  readonly #list;

  constructor(db: Db) {
    this.#record = db.prepare("INSERT INTO audit_log (at, who, action, target, details) VALUES (@at, @who, @action, @target, @details)");
    this.#list = db.prepare<[number, number], AuditRow>("SELECT at, who, action, target, details FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?");
  }

  record(entry: AuditEntry): void {
    this.#record.run({ ...entry, details: JSON.stringify(entry.details) });
  }

  list(limit: number, offset = 0): AuditEntry[] {
    return this.#list.all(limit, offset).map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
  }
}
