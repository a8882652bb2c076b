import { describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";

describe("toolchain", () => {
  it("runs on Node 24 with a working better-sqlite3 build", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(24);
    const db = new Database(":memory:");
    const row = db.prepare("select 40 + 2 as answer").get() as { answer: number };
    expect(row.answer).toBe(42);
    db.close();
  });

  it("has a global Temporal for Fedify", () => {
    expect(Temporal.Duration.from({ hours: 1 }).total("millisecond")).toBe(3_600_000);
  });
});
