import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import type Database from "better-sqlite3";

type Db = Database.Database;

/**
 * A cache kept in the store under one key prefix, bounded in age and size: every entry written
 * under `prefix` expires after `ttlMs` at most (a shorter TTL asked by the writer is kept), and
 * past `maxEntries` the entries closest to expiring (so the oldest written) are dropped.
 */
export type CacheBound = Readonly<{ prefix: KvKey; ttlMs: number; maxEntries: number }>;

/**
 * Fedify caches every remote public key it verifies with under this prefix, with no TTL: one
 * row per key id ever seen, forever. A day is enough (a key that fails to verify is fetched
 * again at once, which is how Fedify follows key rotation), and 10,000 keys cover a large node.
 */
export const PUBLIC_KEY_CACHE_BOUND: CacheBound = { prefix: ["_fedify", "publicKey"], ttlMs: 86_400_000, maxEntries: 10_000 };

/**
 * Entries Fedify reads (and often rewrites unchanged) for every delivery: the signature scheme
 * each server takes (read before, written after every send) and each server's circuit-breaker
 * state (read before and after). They are few — one per remote server — and small.
 */
const HOT_PREFIXES: readonly KvKey[] = [
  ["_fedify", "httpMessageSignaturesSpec"],
  ["_fedify", "circuit"],
];

export type SqliteKvStoreOptions = {
  /** Clock in epoch ms; injectable so tests can move time forward. */
  readonly now?: () => number;
  /** Prefixes whose entries are bounded; default Fedify's public-key cache. */
  readonly bounds?: readonly CacheBound[];
  /** Prefixes whose entries are also kept in memory (write-through); default {@link HOT_PREFIXES}. */
  readonly hot?: readonly KvKey[];
  /** How long an entry read into memory is trusted before it is read again (another process may write). Default 10 s. */
  readonly hotTtlMs?: number;
};

/** A hot entry as last read or written: its JSON (undefined: absent), its expiry, and until when memory trusts it. */
type HotEntry = { json: string | undefined; expiresAt: number | null; trustedUntil: number };

/** Hot entries kept at most (one per remote server and prefix: a large network has a few thousand). */
const MAX_HOT_ENTRIES = 20_000;

type ValueRow = { value: string; expires_at: number | null };
type EntryRow = { key: string; value: string };

/** JSON of a key prefix without its closing `]`: `["a","b"`. Keys under it continue with `,` (or are it, with `]`). */
function openPrefix(prefix: KvKey): string {
  return JSON.stringify(prefix).slice(0, -1);
}

/**
 * Fedify's key–value store on the `fedify_kv` table: remote document cache,
 * public keys, idempotency records. Keys and values are stored as JSON text.
 * Expired rows are invisible to reads and removed in bulk by {@link sweepExpired},
 * so writes stay a single statement, except under a bounded prefix ({@link CacheBound}),
 * where a write also trims the oldest entries past the bound.
 */
export class SqliteKvStore implements KvStore {
  readonly #now: () => number;
  readonly #get: Database.Statement<[string, number], ValueRow>;
  readonly #upsert: Database.Statement<[string, string, number | null]>;
  readonly #delete: Database.Statement<[string]>;
  readonly #listAll: Database.Statement<[number], EntryRow>;
  readonly #listPrefix: Database.Statement<[string, string, string, number], EntryRow>;
  readonly #sweep: Database.Statement<[number]>;
  readonly #bounds: readonly (CacheBound & { open: string })[];
  readonly #countUnder: Database.Statement<[string, string], { n: number }>;
  readonly #trimUnder: Database.Statement<[string, string, number]>;
  readonly #cas: (key: string, expected: unknown, value: unknown, expiresAt: number | null) => boolean;
  readonly #hotOpen: readonly string[];
  readonly #hotTtlMs: number;
  readonly #hot = new Map<string, HotEntry>();
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(db: Db, options: SqliteKvStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#bounds = (options.bounds ?? [PUBLIC_KEY_CACHE_BOUND]).map((bound) => ({ ...bound, open: openPrefix(bound.prefix) }));
    this.#hotOpen = (options.hot ?? HOT_PREFIXES).map((prefix) => `${openPrefix(prefix)},`);
    this.#hotTtlMs = options.hotTtlMs ?? 10_000;
    const live = "(expires_at IS NULL OR expires_at > ?)";
    this.#get = db.prepare(`SELECT value, expires_at FROM fedify_kv WHERE key = ? AND ${live}`);
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
    // Under a bounded prefix (strictly longer keys: `,` then up to `-`, the next byte).
    this.#countUnder = db.prepare("SELECT count(*) AS n FROM fedify_kv WHERE key >= ? AND key < ?");
    // Rows without an expiry (written before the bound existed) go first, then the soonest to expire.
    this.#trimUnder = db.prepare(
      `DELETE FROM fedify_kv WHERE key IN (
         SELECT key FROM fedify_kv WHERE key >= ? AND key < ? ORDER BY expires_at IS NOT NULL, expires_at LIMIT ?)`,
    );
    const cas = db.transaction((key: string, expected: unknown, value: unknown, expiresAt: number | null) => {
      const row = this.#get.get(key, this.#now());
      const matches = expected === undefined ? row === undefined : row !== undefined && canonicalJson(JSON.parse(row.value)) === canonicalJson(expected);
      if (!matches) return false;
      this.#write(key, value, expiresAt);
      return true;
    });
    // IMMEDIATE takes the write lock before reading, so another connection cannot slip in between.
    this.#cas = (key, expected, value, expiresAt) => cas.immediate(key, expected, value, expiresAt);
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const json = JSON.stringify(key);
    const now = this.#now();
    const hot = this.#isHot(json) ? this.#hot.get(json) : undefined;
    if (hot !== undefined && hot.trustedUntil > now && (hot.expiresAt === null || hot.expiresAt > now)) {
      return hot.json === undefined ? undefined : (JSON.parse(hot.json) as T);
    }
    const row = this.#get.get(json, now);
    if (this.#isHot(json)) this.#remember(json, row?.value, row?.expires_at ?? null, now);
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const json = JSON.stringify(key);
    const expiresAt = this.#expiresAt(json, options);
    if (this.#isHot(json)) {
      // Fedify writes the scheme a server took after every delivery: unchanged, it is not written again.
      const hot = this.#hot.get(json);
      const valueJson = JSON.stringify(value);
      const now = this.#now();
      if (hot !== undefined && hot.trustedUntil > now && hot.json === valueJson && hot.expiresAt === null && expiresAt === null) return;
      this.#write(json, value, expiresAt);
      this.#remember(json, valueJson, expiresAt, now);
      return;
    }
    this.#write(json, value, expiresAt);
  }

  async delete(key: KvKey): Promise<void> {
    const json = JSON.stringify(key);
    this.#delete.run(json);
    if (this.#isHot(json)) this.#remember(json, undefined, null, this.#now());
  }

  /** `expected === undefined` means "absent or expired"; `value === undefined` deletes. */
  async cas(key: KvKey, expected: unknown, value: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const json = JSON.stringify(key);
    const expiresAt = this.#expiresAt(json, options);
    const swapped = this.#cas(json, expected, value, expiresAt);
    if (this.#isHot(json)) {
      // After a lost race memory knows nothing: the next read goes to the database.
      if (swapped) this.#remember(json, JSON.stringify(value), expiresAt, this.#now());
      else this.#hot.delete(json);
    }
    return swapped;
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const now = this.#now();
    let rows: EntryRow[];
    if (prefix === undefined || prefix.length === 0) {
      rows = this.#listAll.all(now);
    } else {
      // `["a","b"` followed by `]` (exact key) or `,` (longer key); `-` is the byte after `,`.
      const open = openPrefix(prefix);
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

  #isHot(key: string): boolean {
    return this.#hotOpen.some((open) => key.startsWith(open));
  }

  #remember(key: string, json: string | undefined, expiresAt: number | null, now: number): void {
    this.#hot.delete(key); // re-inserted last: the oldest entries go first when memory is full
    this.#hot.set(key, { json, expiresAt, trustedUntil: now + this.#hotTtlMs });
    if (this.#hot.size > MAX_HOT_ENTRIES) this.#hot.delete(this.#hot.keys().next().value!);
  }

  #write(key: string, value: unknown, expiresAt: number | null): void {
    // undefined is "missing" for Fedify, so storing it is a delete.
    const json = JSON.stringify(value);
    if (json === undefined) return void this.#delete.run(key);
    this.#upsert.run(key, json, expiresAt);
    const bound = this.#boundOf(key);
    if (bound === undefined) return;
    const excess = this.#countUnder.get(`${bound.open},`, `${bound.open}-`)!.n - bound.maxEntries;
    if (excess > 0) this.#trimUnder.run(`${bound.open},`, `${bound.open}-`, excess);
  }

  #boundOf(key: string): (CacheBound & { open: string }) | undefined {
    return this.#bounds.find((bound) => key.startsWith(`${bound.open},`));
  }

  #expiresAt(key: string, options?: KvStoreSetOptions): number | null {
    const asked = options?.ttl == null ? Infinity : Math.round(options.ttl.total("millisecond"));
    const ttl = Math.min(asked, this.#boundOf(key)?.ttlMs ?? Infinity);
    return ttl === Infinity ? null : this.#now() + ttl;
  }
}

/** JSON with object keys sorted, so that `{a,b}` and `{b,a}` compare equal. */
function canonicalJson(value: unknown): string | undefined {
  const json = JSON.stringify(value);
  if (json === undefined) return undefined;
  return JSON.stringify(JSON.parse(json), (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}
