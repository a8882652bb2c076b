// Before pending migrations run on a database that holds data, the node copies it aside
// (cantine.db.before-<migration>), readable by its owner only, and keeps the last few copies.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { bundledMigrations, migrate } from "../../../node/storage/migrate.ts";
import { seeds } from "./migration-seeds.ts";

const migrations = bundledMigrations();

describe("the copy made before migrations", () => {
  let dir: string;
  let db: Db | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-premigration-"));
  });
  afterEach(() => {
    if (db?.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const copies = () =>
    readdirSync(dir)
      .filter((name) => name.includes(".before-"))
      .sort();

  it("is made when a database with data has migrations pending, and holds the data as it was", () => {
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db, migrations.slice(0, 3));
    for (const migration of migrations.slice(0, 3)) seeds[migration.id]?.(db);
    migrate(db);
    const next = migrations[3]!.id;
    expect(copies()).toEqual([`cantine.db.before-${next}`]);
    const file = join(dir, `cantine.db.before-${next}`);
    expect(statSync(file).mode & 0o777).toBe(0o600); // it holds the private keys
    const copy = openDatabase(file);
    try {
      expect((copy.prepare("SELECT id FROM schema_migrations ORDER BY id").all() as { id: string }[]).map((row) => row.id)).toEqual(
        migrations.slice(0, 3).map((m) => m.id),
      );
      expect(copy.prepare("SELECT title FROM events WHERE id = 'e1'").get()).toEqual({ title: "Apéro fédéré" });
    } finally {
      copy.close();
    }
  });

  it("is not made for a fresh database, nor when nothing is pending", () => {
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    expect(migrate(db)).toEqual([]);
    expect(copies()).toEqual([]);
    expect(existsSync(join(dir, "cantine.db"))).toBe(true);
  });

  it("keeps only the last few", () => {
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db, migrations.slice(0, 1));
    for (let version = 2; version <= migrations.length; version++) migrate(db, migrations.slice(0, version));
    expect(copies()).toEqual(migrations.slice(-3).map((migration) => `cantine.db.before-${migration.id}`));
  });
});
