import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import type Database from "better-sqlite3";

type Db = Database.Database;

export type SqliteKvStoreOptions = {
  /** Clock in epoch ms; injectable so tests can move time forward. */
  readonly now?: () => number;
};

type ValueRow = { value: string };
type EntryRow = { key: string; value: string };

/**
 * Fedify's key–value store on the `fedify_kv` table: remote document cache,
 * public keys, idempotency records. Keys and values are stored as JSON text.
 * Expired rows are invisible to reads and removed in bulk by {@link sweepExpired},
 * so writes stay a single statement.
 */
export class SqliteKvStore implements KvStore {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #get: Database.Statement<[string, number], ValueRow>;
  readonly #upsert: Database.Statement<[string, string, number | null]>;
  readonly #delete: Database.Statement<[string]>;
  readonly #listAll: Database.Statement<[number], EntryRow>;
  readonly #listPrefix: Database.Statement<[string, string, string, number], EntryRow>;
  readonly #sweep: Database.Statement<[number]>;
  readonly #cas: (key: string, expected: unknown, value: unknown, expiresAt: number | null) => boolean;
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(db: Db, options: SqliteKvStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    const live = "(expires_at IS NULL OR expires_at > ?)";
    this.#get = db.prepare(`SELECT value FROM fedify_kv WHERE key = ? AND ${live}`);
    this.#upsert = db.prepare(
      `INSERT INTO fedify_kv (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    );
    this.#delete = db.prepare("DELETE FROM fedify_kv WHERE key = ?");
    this.#listAll = db.prepare(`SELECT key, value FROM fedify_kv WHERE ${live} ORDER BY key`);
    // A range on the primary key instead of LIKE: no escaping of % and _, and the index is used.
    this.#listPrefix = db.prepare(
      `SELECT key, value FROM fedify_kv
       WHERE (key = ? OR (key >= ? AND key < ?)) AND ${live} ORDER BY key`,
    );
    this.#sweep = db.prepare("DELETE FROM fedify_kv WHERE expires_at IS NOT NULL AND expires_at <= ?");
    const cas = db.transaction((key: string, expected: unknown, value: unknown, expiresAt: number | null) => {
      const row = this.#get.get(key, this.#now());
      const matches = expected === undefined
        ? row === undefined
        : row !== undefined && canonicalJson(JSON.parse(row.value)) === canonicalJson(expected);
      if (!matches) return false;
      this.#write(key, value, expiresAt);
      return true;
    });
    // IMMEDIATE takes the write lock before reading, so another connection cannot slip in between.
    this.#cas = (key, expected, value, expiresAt) => cas.immediate(key, expected, value, expiresAt);
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = this.#get.get(JSON.stringify(key), this.#now());
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    this.#write(JSON.stringify(key), value, this.#expiresAt(options));
  }

  async delete(key: KvKey): Promise<void> {
    this.#delete.run(JSON.stringify(key));
  }

  /** `expected === undefined` means "absent or expired"; `value === undefined` deletes. */
  async cas(key: KvKey, expected: unknown, value: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    return this.#cas(JSON.stringify(key), expected, value, this.#expiresAt(options));
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const now = this.#now();
    let rows: EntryRow[];
    if (prefix === undefined || prefix.length === 0) {
      rows = this.#listAll.all(now);
    } else {
      // `["a","b"` followed by `]` (exact key) or `,` (longer key); `-` is the byte after `,`.
      const open = JSON.stringify(prefix).slice(0, -1);
      rows = this.#listPrefix.all(`${open}]`, `${open},`, `${open}-`, now);
    }
    // Rows are read eagerly: an open better-sqlite3 iterator would lock the connection
    // for every other statement while the consumer awaits between entries.
    for (const row of rows) {
      yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) };
    }
  }

  /** Deletes expired rows; returns how many. Cheap thanks to the partial index on expires_at. */
  sweepExpired(): number {
    return this.#sweep.run(this.#now()).changes;
  }

  /** Sweeps periodically on an unref'd timer (never keeps the process alive); returns a stop function. */
  startSweeper(intervalMs = 3_600_000): () => void {
    this.close();
    this.#sweeper = setInterval(() => {
      try {
        this.sweepExpired();
      } catch {
        // The database may be closing; the next sweep (or the next process) will catch up.
      }
    }, intervalMs);
    this.#sweeper.unref();
    return () => this.close();
  }

  /** Stops the sweeper; the database itself belongs to the caller. */
  close(): void {
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  #write(key: string, value: unknown, expiresAt: number | null): void {
    // undefined is "missing" for Fedify, so storing it is a delete.
    const json = JSON.stringify(value);
    if (json === undefined) this.#delete.run(key);
    else this.#upsert.run(key, json, expiresAt);
  }

  #expiresAt(options?: KvStoreSetOptions): number | null {
    return options?.ttl == null ? null : this.#now() + Math.round(options.ttl.total("millisecond"));
  }
}

/** JSON with object keys sorted, so that `{a,b}` and `{b,a}` compare equal. */
function canonicalJson(value: unknown): string | undefined {
  const json = JSON.stringify(value);
  if (json === undefined) return undefined;
  return JSON.stringify(JSON.parse(json), (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}
