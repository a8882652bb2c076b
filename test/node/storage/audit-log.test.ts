import { describe, expect, it } from "@jest/globals";
import { SqliteAuditLog } from "../../../node/storage/audit-log.ts";
import { useSqliteFile } from "./sqlite-file.ts";

describe("the moderation log", () => {
  const sqlite = useSqliteFile();

  it("reads entries newest first by the order they were written, with their details, in pages", () => {
    const log = new SqliteAuditLog(sqlite.db);
    // the same instant for all: the order of writing decides, not the clock
    for (let n = 1; n <= 5; n++)
      log.record({ at: "2030-01-01T00:00:00.000Z", who: "cli", action: "hide", target: `t${n}`, details: { n, nested: { ok: true } } });
    expect(log.list(2).map((e) => e.target)).toEqual(["t5", "t4"]);
    expect(log.list(2, 2).map((e) => e.target)).toEqual(["t3", "t2"]);
    expect(log.list(10, 4).map((e) => e.target)).toEqual(["t1"]);
    expect(log.list(10, 5)).toEqual([]);
    expect(log.list(1, 4)[0]).toEqual({ at: "2030-01-01T00:00:00.000Z", who: "cli", action: "hide", target: "t1", details: { n: 1, nested: { ok: true } } });
  });
});
