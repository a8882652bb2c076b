// Copies of the node's database. It holds the node's identity (its actor keys) as well as its
// events and followers: losing it means losing the node, so it is copied on a schedule, by
// `cantine backup`, and before every migration, and can be put back with `cantine restore`.

import { chmodSync, closeSync, existsSync, openSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import Database from "better-sqlite3";
import type { Db } from "./db.ts";
import { prepareDataFolder } from "./db.ts";

/** A copy's file name in the backup folder: `cantine-20261130T033000Z.db`, so names sort by date. */
const SCHEDULED_NAME = /^cantine-\d{8}T\d{6}Z\.db$/;

/** A file-system-friendly UTC timestamp: `20261130T033000Z`. */
export function fileTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * Writes a consistent copy of `db` to `file` with SQLite's online backup API, while the node
 * works: writes through `db` during the copy are carried into it, and a write by another
 * process restarts it. The copy is written beside `file` first and renamed into place, readable
 * by its owner only (it holds private keys), and left in rollback-journal mode so that it is one
 * self-contained file.
 */
async function backupDatabase(db: Db, file: string, options: { pagesPerStep?: number } = {}): Promise<void> {
  const partial = `${file}.partial-${process.pid}`;
  closeSync(openSync(partial, "w", 0o600));
  try {
    const pages = options.pagesPerStep ?? 1000;
    await db.backup(partial, { progress: () => pages });
    settle(partial);
    renameSync(partial, file);
  } catch (error) {
    removeWithJournals(partial);
    throw error;
  }
}

/**
 * Copies the database file `source` to `file` from another process than the node's (the CLI).
 * The copy goes in one step, so that the running node's writes cannot keep restarting it.
 */
export async function backupDatabaseFile(source: string, file: string): Promise<void> {
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  try {
    await backupDatabase(db, file, { pagesPerStep: 0x7fffffff });
  } finally {
    db.close();
  }
}

/**
 * The scheduled backup: a dated copy in `dir`, then only the newest `keep` copies are kept.
 * Returns the copy's path and the older copies it deleted.
 */
export async function backupInto(db: Db, dir: string, keep: number, now: Date): Promise<{ file: string; removed: string[] }> {
  prepareDataFolder(dir);
  const file = join(dir, `cantine-${fileTimestamp(now)}.db`);
  await backupDatabase(db, file);
  return { file, removed: pruneBackups(dir, keep) };
}

/** Deletes the scheduled copies in `dir` beyond the newest `keep`; other files are left alone. */
export function pruneBackups(dir: string, keep: number): string[] {
  const copies = readdirSync(dir)
    .filter((name) => SCHEDULED_NAME.test(name))
    .sort()
    .reverse();
  const removed = copies.slice(keep).map((name) => join(dir, name));
  for (const file of removed) rmSync(file, { force: true });
  return removed;
}

/**
 * Before migrations change a database that already holds data, a copy of it as it is:
 * `cantine.db.before-<first pending migration>` beside it; only the newest `keep` such copies
 * are kept. VACUUM INTO is synchronous and reads one consistent snapshot.
 */
export function backupBeforeMigration(db: Db, migrationId: string, keep = 3): string | undefined {
  if (db.memory || !db.name) return undefined;
  const file = `${db.name}.before-${migrationId}`;
  const partial = `${file}.partial-${process.pid}`;
  removeWithJournals(partial);
  try {
    privately(() => db.prepare("VACUUM INTO ?").run(partial));
    renameSync(partial, file);
  } catch (error) {
    removeWithJournals(partial);
    throw error;
  }
  const prefix = `${basename(db.name)}.before-`;
  const copies = readdirSync(dirname(db.name))
    .filter((name) => name.startsWith(prefix) && /^\d/.test(name.slice(prefix.length)) && !name.includes(".partial-"))
    .sort()
    .reverse();
  for (const name of copies.slice(keep)) rmSync(join(dirname(db.name), name), { force: true });
  return file;
}

/**
 * Whether a process has the database open: a running node keeps its connection for its whole
 * life, and so does a CLI command while it works. SQLite itself tells: a connection may switch a
 * WAL database to exclusive locking only when it is the only one using it. This holds whatever
 * port the node listens on, and a crashed node leaves no stale lock (the system drops its locks).
 * When nobody has it open, the WAL is checkpointed into the file on the way, so that the file
 * alone holds everything.
 */
export function databaseInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE; COMMIT");
    db.pragma("wal_checkpoint(TRUNCATE)");
    return false;
  } catch (error) {
    // By its code: a SqliteError from another copy of the module (a linked install) is one too.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) return true;
    throw error;
  } finally {
    db.close();
  }
}

export type BackupContents = Readonly<{ migrations: string[]; actors: string[]; events: number }>;

/**
 * Checks that `file` is a sound cantine database this code can run: SQLite's quick check, only
 * migrations this code knows, and every table those migrations make (a fresh database migrated
 * the same way is the reference). Returns what it holds, or why it cannot be used.
 */
export function inspectDatabase(
  file: string,
  known: readonly { id: string; sql: string }[],
): { ok: true; contents: BackupContents } | { ok: false; reason: string } {
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: true, readonly: true });
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") return { ok: false, reason: `it is damaged (SQLite's quick check: ${String(check)})` };
    const tables = tableNames(db);
    if (!tables.has("schema_migrations")) return { ok: false, reason: "it is not a cantine database (no schema_migrations table)" };
    const applied = (db.prepare("SELECT id FROM schema_migrations ORDER BY id").all() as { id: string }[]).map((row) => row.id);
    const unknown = applied.filter((id) => !known.some((migration) => migration.id === id));
    if (unknown.length > 0) return { ok: false, reason: `it was made by a newer version of cantine (migrations ${unknown.join(", ")})` };
    const missing = [...expectedTables(known.filter((migration) => applied.includes(migration.id)))].filter((name) => !tables.has(name));
    if (missing.length > 0) return { ok: false, reason: `it lacks the tables ${missing.join(", ")}` };
    const actors = (db.prepare("SELECT DISTINCT actor FROM actor_keys ORDER BY actor").all() as { actor: string }[]).map((row) => row.actor);
    const events = tables.has("events") ? (db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n : 0;
    return { ok: true, contents: { migrations: applied, actors, events } };
  } catch (error) {
    return { ok: false, reason: `it is not a readable SQLite database (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    if (db?.open) db.close();
  }
}

function tableNames(db: Db): Set<string> {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return new Set(rows.map((row) => row.name));
}

/** The tables a database has after `migrations`: those of an empty database migrated so. */
function expectedTables(migrations: readonly { id: string; sql: string }[]): Set<string> {
  const db = new Database(":memory:");
  try {
    for (const migration of migrations) db.exec(migration.sql);
    return tableNames(db);
  } finally {
    db.close();
  }
}

/**
 * Puts the database `source` in place of `live`. The live file, if any, is kept as
 * `<live>.before-restore-<timestamp>` (with its WAL, if one is left). The caller checks first
 * that no process uses `live` (databaseInUse) and that `source` is sound (inspectDatabase).
 */
export function replaceDatabase(live: string, source: string, now: Date): { kept?: string } {
  prepareDataFolder(dirname(live));
  const incoming = `${live}.restoring-${process.pid}`;
  removeWithJournals(incoming);
  try {
    // Through SQLite rather than a file copy: a source left in WAL mode is read with its WAL.
    const db = new Database(source, { fileMustExist: true, readonly: true });
    try {
      privately(() => db.prepare("VACUUM INTO ?").run(incoming));
    } finally {
      db.close();
    }
  } catch (error) {
    removeWithJournals(incoming);
    throw error;
  }
  let kept: string | undefined;
  if (existsSync(live)) {
    kept = `${live}.before-restore-${fileTimestamp(now)}`;
    renameSync(live, kept);
    for (const suffix of ["-wal", "-shm"]) {
      if (existsSync(`${live}${suffix}`)) renameSync(`${live}${suffix}`, `${kept}${suffix}`);
    }
  }
  renameSync(incoming, live);
  return kept ? { kept } : {};
}

/** A copy made by the backup API carries the source's WAL flag: make it a plain, single file. */
function settle(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma("journal_mode = DELETE");
  } finally {
    db.close();
  }
  chmodSync(file, 0o600);
}

/**
 * Runs synchronous `work` that creates files (VACUUM INTO) so that they are readable by their
 * owner only from the start: they hold private keys. Nothing else runs meanwhile, so the
 * process-wide umask is back before any other code creates a file.
 */
function privately<T>(work: () => T): T {
  const previous = process.umask(0o077);
  try {
    return work();
  } finally {
    process.umask(previous);
  }
}

function removeWithJournals(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
}
