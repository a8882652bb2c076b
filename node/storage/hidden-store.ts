import type { HiddenItem, HiddenKind, HiddenStore } from "../domain/moderation/hidden.ts";
import type { Db } from "./db.ts";

type HiddenRow = { ap_id: string; kind: string; label: string; reason: string | null; hidden_at: string; hidden_by: string };

function toItem(row: HiddenRow): HiddenItem {
  return { apId: row.ap_id, kind: row.kind as HiddenKind, label: row.label, reason: row.reason, hiddenAt: row.hidden_at, hiddenBy: row.hidden_by };
}

/**
 * The list of hidden items on SQLite. Triggers (migration 012) set the `hidden` flag of the
 * matching event, project or reply, now and whenever it arrives again.
 */
export class SqliteHiddenStore implements HiddenStore {
  readonly #hide;
  readonly #unhide;
  readonly #get;
  readonly #list;

  constructor(db: Db) {
    this.#hide = db.prepare(
      `INSERT INTO hidden_items (ap_id, kind, label, reason, hidden_at, hidden_by) VALUES (@apId, @kind, @label, @reason, @hiddenAt, @hiddenBy)
       ON CONFLICT DO NOTHING`,
    );
    this.#unhide = db.prepare("DELETE FROM hidden_items WHERE ap_id = ?");
    this.#get = db.prepare<[string], HiddenRow>("SELECT * FROM hidden_items WHERE ap_id = ?");
    this.#list = db.prepare<[], HiddenRow>("SELECT * FROM hidden_items ORDER BY hidden_at DESC");
  }

  hide(item: HiddenItem): boolean {
    return this.#hide.run(item).changes > 0;
  }

  unhide(apId: string): boolean {
    return this.#unhide.run(apId).changes > 0;
  }

  get(apId: string): HiddenItem | undefined {
    const row = this.#get.get(apId);
    return row && toItem(row);
  }

  list(): HiddenItem[] {
    return this.#list.all().map(toItem);
  }
}
