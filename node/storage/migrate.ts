import { readdirSync, readFileSync } from "node:fs";
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

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own
 * transaction, and returns the ids it applied. Running it again applies nothing.
 */
export function migrate(db: Db, migrations: Migration[] = bundledMigrations()): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    (db.prepare("SELECT id FROM schema_migrations").all() as { id: string }[]).map((row) => row.id),
  );
  const record = db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)");
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, new Date().toISOString());
    })();
    done.push(migration.id);
  }
  return done;
}
