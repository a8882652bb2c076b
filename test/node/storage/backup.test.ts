import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";
import { backupInto, databaseInUse, inspectDatabase, pruneBackups, replaceDatabase } from "../../../node/storage/backup.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { bundledMigrations, migrate } from "../../../node/storage/migrate.ts";

const migrations = bundledMigrations();

function addKeys(db: Db, actor: string): void {
  db.prepare("INSERT INTO actor_keys (actor, position, algorithm, private_jwk, public_jwk, created_at) VALUES (?, 0, 'RSASSA-PKCS1-v1_5', '{}', '{}', ?)").run(
    actor,
    new Date().toISOString(),
  );
}

describe("database backups", () => {
  let dir: string;
  const open: Db[] = [];
  const database = (file: string) => {
    const db = openDatabase(file);
    open.push(db);
    migrate(db);
    return db;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-backup-"));
  });
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("copies into the backup folder as single private files, keeping the newest few", async () => {
    const db = database(join(dir, "data", "cantine.db"));
    addKeys(db, "paris");
    const backups = join(dir, "backups");
    const days = ["2026-12-01T03:30:00Z", "2026-12-02T03:30:00Z", "2026-12-03T03:30:00Z"];
    const results = [];
    for (const day of days) results.push(await backupInto(db, backups, 2, new Date(day)));
    expect(results.map((result) => result.removed.length)).toEqual([0, 0, 1]);
    expect(readdirSync(backups).sort()).toEqual(["cantine-20261202T033000Z.db", "cantine-20261203T033000Z.db"]);

    const file = join(backups, "cantine-20261203T033000Z.db");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file)[18]).toBe(1); // rollback journal: one self-contained file, no WAL beside it
    expect(inspectDatabase(file, migrations)).toEqual({ ok: true, contents: { migrations: migrations.map((m) => m.id), actors: ["paris"], events: 0 } });
  });

  it("prunes only its own dated copies", () => {
    for (const name of ["cantine-20261201T000000Z.db", "cantine-20261202T000000Z.db", "notes.txt", "cantine.db"]) writeFileSync(join(dir, name), "");
    expect(pruneBackups(dir, 1)).toEqual([join(dir, "cantine-20261201T000000Z.db")]);
    expect(readdirSync(dir).sort()).toEqual(["cantine-20261202T000000Z.db", "cantine.db", "notes.txt"]);
  });

  it("tells whether another connection has the database open", () => {
    const file = join(dir, "cantine.db");
    const db = database(file);
    expect(databaseInUse(file)).toBe(true);
    db.close();
    expect(databaseInUse(file)).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false); // checkpointed: the file alone holds everything
    expect(databaseInUse(join(dir, "none.db"))).toBe(false);
  });

  it("says why a file is not a usable cantine database", () => {
    const text = join(dir, "notes.db");
    writeFileSync(text, "not a database at all, just some text that is long enough to have a header".repeat(10));
    expect(inspectDatabase(text, migrations)).toMatchObject({ ok: false, reason: expect.stringContaining("not a readable SQLite database") });

    const other = new Database(join(dir, "other.db"));
    other.exec("CREATE TABLE things (id INTEGER)");
    other.close();
    expect(inspectDatabase(join(dir, "other.db"), migrations)).toEqual({ ok: false, reason: "it is not a cantine database (no schema_migrations table)" });

    const newer = database(join(dir, "newer.db"));
    newer.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES ('999-from-the-future', ?)").run(new Date().toISOString());
    newer.close();
    expect(inspectDatabase(join(dir, "newer.db"), migrations)).toEqual({
      ok: false,
      reason: "it was made by a newer version of cantine (migrations 999-from-the-future)",
    });

    const broken = database(join(dir, "broken.db"));
    broken.exec("DROP TABLE followers");
    broken.close();
    expect(inspectDatabase(join(dir, "broken.db"), migrations)).toEqual({ ok: false, reason: "it lacks the tables followers" });

    const older = openDatabase(join(dir, "older.db"));
    migrate(older, migrations.slice(0, 2));
    older.close();
    expect(inspectDatabase(join(dir, "older.db"), migrations)).toMatchObject({ ok: true, contents: { migrations: migrations.slice(0, 2).map((m) => m.id) } });
  });

  it("puts a backup in place and keeps the database it replaces", async () => {
    const live = join(dir, "data", "cantine.db");
    const db = database(live);
    addKeys(db, "paris");
    await backupInto(db, join(dir, "backups"), 7, new Date("2026-12-01T03:30:00Z"));
    addKeys(db, "later");
    db.close();

    const { kept } = replaceDatabase(live, join(dir, "backups", "cantine-20261201T033000Z.db"), new Date("2026-12-05T10:00:00Z"));
    expect(kept).toBe(`${live}.before-restore-20261205T100000Z`);
    expect(inspectDatabase(live, migrations)).toMatchObject({ ok: true, contents: { actors: ["paris"] } });
    expect(inspectDatabase(kept!, migrations)).toMatchObject({ ok: true, contents: { actors: ["later", "paris"] } });
    expect(statSync(live).mode & 0o777).toBe(0o600);
  });
});
