// A second delivery of the same Flag and resolving once are in moderation-stores.test.ts.
import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Report } from "../../../node/domain/moderation/reports.ts";
import { SqliteReportStore } from "../../../node/storage/report-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const report = (id: string, receivedAt: string): Report => ({
  id,
  activityId: `https://m.example/flags/${id}`,
  reporterId: "https://m.example/actor",
  objectIds: ["https://paris.example/events/1", "https://paris.example/users/paris"],
  comment: "spam",
  receivedAt,
  resolvedAt: null,
  resolvedBy: null,
});

describe("the report store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteReportStore;
  beforeEach(() => {
    store = new SqliteReportStore(sqlite.db);
  });

  it("reads a report back by id, with the objects it names in order", () => {
    store.insert(report("r1", "2030-01-01T00:00:00.000Z"));
    expect(store.get("r1")).toEqual(report("r1", "2030-01-01T00:00:00.000Z"));
    expect(store.get("r2")).toBeUndefined();
    expect(store.resolve("r2", "2030-01-02T00:00:00.000Z", "cli")).toBe(false);
  });

  it("lists newest first (then by id), open ones unless all, up to the limit", () => {
    store.insert(report("b", "2030-01-02T00:00:00.000Z"));
    store.insert(report("a", "2030-01-02T00:00:00.000Z"));
    store.insert(report("c", "2030-01-03T00:00:00.000Z"));
    store.insert(report("d", "2030-01-01T00:00:00.000Z"));
    store.resolve("c", "2030-01-04T00:00:00.000Z", "ops");
    expect(store.list({ all: false, limit: 10 }).map((r) => r.id)).toEqual(["a", "b", "d"]);
    expect(store.list({ all: true, limit: 10 }).map((r) => r.id)).toEqual(["c", "a", "b", "d"]);
    expect(store.list({ all: true, limit: 2 }).map((r) => r.id)).toEqual(["c", "a"]);
  });
});
