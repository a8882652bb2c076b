/** One moderation action: who did what, to what, when. The log is never edited. */
export type AuditEntry = Readonly<{
  at: string;
  /** An operator token's name, or "cli". */
  who: string;
  /** `block`, `unblock`, `blocks.import`, `hide`, `unhide`, `report.resolve`, `report.send`. */
  action: string;
  target: string;
  details: Readonly<Record<string, unknown>>;
}>;

export interface AuditLog {
  record(entry: AuditEntry): void;
  /** Newest first. */
  list(limit: number, offset?: number): AuditEntry[];
}

/** Who the CLI acts as in the log. */
export const CLI_OPERATOR = "cli";
