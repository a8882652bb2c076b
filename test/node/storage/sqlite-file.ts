import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "@jest/globals";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";

/**
 * A fresh node database for each test: a real SQLite file in a temporary folder, opened and
 * migrated the way a node does it, and removed afterwards. Call it inside a `describe`.
 */
export function useSqliteFile(): { readonly db: Db; readonly file: string } {
  let dir = "";
  const current = { db: null as unknown as Db, file: "" };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-store-"));
    current.file = join(dir, "cantine.db");
    current.db = openDatabase(current.file);
    migrate(current.db);
  });
  afterEach(() => {
    if (current.db.open) current.db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return current;
}
