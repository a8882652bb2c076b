import { readdirSync, readFileSync } from "node:fs";
import { backupBeforeMigration } from "./backup.ts";
import type { Db } from "./db.ts";

const migrationsDir = new URL("./migrations/", import.meta.url);

export type Migration = { readonly id: string; readonly sql: string };

/** The migrations shipped with the code, in file-name order (`001-…sql`, `002-…sql`). */
export function bundledMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .map((name) => ({ id: name.replace(/\.sql$/, ""), sql: readFileSync(new URL(name, migrationsDir), "utf8") }));
}

export type MigrateOptions = {
  /** Copies `<db>.before-<migration id>` kept beside a file database (default 3). */
  backupsKept?: number;
};

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own
 * transaction, and returns the ids it applied. Running it again applies nothing.
 * A database that already holds tables is first copied to `<file>.before-<first pending id>`
 * (node/storage/backup.ts): a migration that goes wrong must not take the node's keys with it.
 */
export function migrate(db: Db, migrations: Migration[] = bundledMigrations(), options: MigrateOptions = {}): string[] {
  const { n: tables } = db
    .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'")
    .get() as { n: number };
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set((db.prepare("SELECT id FROM schema_migrations").all() as { id: string }[]).map((row) => row.id));
  const pending = migrations.filter((migration) => !applied.has(migration.id));
  if (pending.length > 0 && tables > 0) backupBeforeMigration(db, pending[0]!.id, options.backupsKept);
  const record = db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)");
  const done: string[] = [];
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, new Date().toISOString());
    })();
    done.push(migration.id);
  }
  return done;
}
