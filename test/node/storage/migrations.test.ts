// Every node in the world upgrades from whatever version it last ran. For each earlier schema
// version (each prefix of the migration list), a database is made at that version and filled
// with representative rows; the remaining migrations then run, and every row must still be
// there, unchanged, in a schema identical to a fresh database's.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { SqliteKeyStore } from "../../../node/storage/key-store.ts";
import { bundledMigrations, migrate } from "../../../node/storage/migrate.ts";
import { ms, seeds } from "./migration-seeds.ts";

const migrations = bundledMigrations();
type Row = Record<string, unknown>;

/** Every table's rows (sorted, so that order does not matter), except the migration log. */
function contents(db: Db): Map<string, Row[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return new Map(tables.map(({ name }) => [name, sortRows(db.prepare(`SELECT * FROM "${name}"`).all() as Row[])]));
}

function sortRows(rows: Row[]): Row[] {
  return rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** The schema as SQLite records it: every table, index and trigger with its SQL. */
function schema(db: Db): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").all();
}

describe("migrations, from every earlier schema version", () => {
  let dir: string;
  const open: Db[] = [];
  const database = (name: string) => {
    const db = openDatabase(join(dir, name, "cantine.db"));
    open.push(db);
    return db;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-migrations-"));
  });
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("names only migrations that exist in its representative rows", () => {
    const ids = migrations.map((migration) => migration.id);
    expect(Object.keys(seeds).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it.each(migrations.map((_, version) => [version]))("upgrades a database at version %i with its data intact", (version) => {
    const fresh = database("fresh");
    migrate(fresh);

    const db = database(`v${version}`);
    const earlier = migrations.slice(0, version);
    migrate(db, earlier);
    for (const migration of earlier) seeds[migration.id]?.(db);
    const before = contents(db);

    const applied = migrate(db);
    expect(applied).toEqual(migrations.slice(version).map((migration) => migration.id));
    expect(schema(db)).toEqual(schema(fresh));

    const after = contents(db);
    for (const [table, rows] of before) {
      if (table === "schema_migrations") continue;
      const columns = Object.keys(rows[0] ?? {});
      const kept = sortRows((after.get(table) ?? []).map((row) => Object.fromEntries(columns.map((column) => [column, row[column]]))));
      expect({ table, rows: kept }).toEqual({ table, rows });
    }
    expect(after.get("schema_migrations")!.map((row) => row.id)).toEqual(migrations.map((migration) => migration.id));
    if (version >= 3) {
      // Tag rows written before migration 016 got their event's start and end (a tag's window is read from them).
      expect(db.prepare("SELECT event_id, tag, start_ms, end_ms FROM event_tags ORDER BY tag").all()).toEqual([
        { event_id: "e1", tag: "apéro", start_ms: ms, end_ms: ms + 7_200_000 },
        { event_id: "e1", tag: "fediverse", start_ms: ms, end_ms: ms + 7_200_000 },
      ]);
    }
    if (version > 0) {
      // The node's identity survives: its key store reads the keys written at version 1.
      expect(new SqliteKeyStore(db).list("paris").map((pair) => pair.publicJwk)).toEqual([
        { kty: "RSA", n: "public", e: "AQAB" },
        { kty: "OKP", crv: "Ed25519", x: "public" },
      ]);
    }
  });

  it("upgrades a database at the current version to nothing", () => {
    const db = database("current");
    migrate(db);
    for (const migration of migrations) seeds[migration.id]?.(db);
    const before = contents(db);
    expect(migrate(db)).toEqual([]);
    expect(contents(db)).toEqual(before);
  });
});
