// How a hidden item leaves the calendar and the board (and stays hidden when it arrives again)
// is in moderation-stores.test.ts; here the list itself.
import { beforeEach, describe, expect, it } from "@jest/globals";
import type { HiddenItem } from "../../../node/domain/moderation/hidden.ts";
import { SqliteHiddenStore } from "../../../node/storage/hidden-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const item = (apId: string, hiddenAt: string, overrides: Partial<HiddenItem> = {}): HiddenItem => ({
  apId,
  kind: "event",
  label: `Event ${apId}`,
  reason: null,
  hiddenAt,
  hiddenBy: "cli",
  ...overrides,
});

describe("the hidden items store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteHiddenStore;
  beforeEach(() => {
    store = new SqliteHiddenStore(sqlite.db);
  });

  it("hides an item once: hiding it again changes nothing and says so", () => {
    expect(store.hide(item("https://r.example/e/1", "2030-01-01T00:00:00.000Z", { reason: "spam", kind: "reply" }))).toBe(true);
    expect(store.hide(item("https://r.example/e/1", "2030-02-01T00:00:00.000Z", { reason: "again" }))).toBe(false);
    expect(store.get("https://r.example/e/1")).toEqual(item("https://r.example/e/1", "2030-01-01T00:00:00.000Z", { reason: "spam", kind: "reply" }));
  });

  it("shows an item again, and says whether it was hidden", () => {
    store.hide(item("https://r.example/e/1", "2030-01-01T00:00:00.000Z"));
    expect(store.unhide("https://r.example/e/1")).toBe(true);
    expect(store.unhide("https://r.example/e/1")).toBe(false);
    expect(store.get("https://r.example/e/1")).toBeUndefined();
  });

  it("lists the most recently hidden first", () => {
    store.hide(item("https://r.example/e/1", "2030-01-02T00:00:00.000Z"));
    store.hide(item("https://r.example/p/2", "2030-01-03T00:00:00.000Z", { kind: "project" }));
    store.hide(item("https://r.example/e/3", "2030-01-01T00:00:00.000Z"));
    expect(store.list().map((h) => h.apId)).toEqual(["https://r.example/p/2", "https://r.example/e/1", "https://r.example/e/3"]);
  });
});
