import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Session } from "../../../node/domain/accounts/account.ts";
import { SqliteAccountStore } from "../../../node/storage/account-store.ts";
import { SqliteSessionStore } from "../../../node/storage/session-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const session = (idDigest: string, accountId: string, overrides: Partial<Session> = {}): Session => ({
  idDigest,
  accountId,
  csrfToken: `csrf-${idDigest}`,
  createdAt: "2030-01-01T10:00:00.000Z",
  lastSeenAt: "2030-01-01T10:00:00.000Z",
  expiresAt: "2030-01-08T10:00:00.000Z",
  ...overrides,
});

describe("the session store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteSessionStore;
  beforeEach(() => {
    store = new SqliteSessionStore(sqlite.db);
    const accounts = new SqliteAccountStore(sqlite.db);
    for (const id of ["a1", "a2"])
      accounts.insert({ id, name: id, role: "admin", passwordHash: null, createdAt: "2030-01-01T10:00:00.000Z", passwordChangedAt: null });
  });

  it("reads a session back by its digest, and moves its last use on touch", () => {
    store.insert(session("s1", "a1"));
    expect(store.get("s1")).toEqual(session("s1", "a1"));
    store.touch("s1", "2030-01-01T12:00:00.000Z");
    expect(store.get("s1")).toEqual(session("s1", "a1", { lastSeenAt: "2030-01-01T12:00:00.000Z" }));
    expect(store.get("s2")).toBeUndefined();
  });

  it("refuses a second session with the same digest, and one for an unknown account", () => {
    store.insert(session("s1", "a1"));
    expect(() => store.insert(session("s1", "a2"))).toThrow(/UNIQUE|PRIMARY/);
    expect(() => store.insert(session("s2", "nobody"))).toThrow(/FOREIGN KEY/);
  });

  it("ends one session, or all of an account's but the one kept, and counts them", () => {
    for (const [id, account] of [
      ["s1", "a1"],
      ["s2", "a1"],
      ["s3", "a1"],
      ["s4", "a2"],
    ]) {
      store.insert(session(id!, account!));
    }
    store.remove("s1");
    expect(store.get("s1")).toBeUndefined();
    expect(store.removeFor("a1", "s2")).toBe(1);
    expect(["s2", "s3", "s4"].map((s) => store.get(s) !== undefined)).toEqual([true, false, true]);
    expect(store.removeFor("a1")).toBe(1);
    expect(store.get("s4")?.accountId).toBe("a2");
  });

  it("ends sessions idle too long or past their end, and keeps the others", () => {
    store.insert(session("idle", "a1", { lastSeenAt: "2030-01-01T01:59:59.000Z" }));
    store.insert(session("over", "a1", { lastSeenAt: "2030-01-01T09:00:00.000Z", expiresAt: "2030-01-01T10:00:00.000Z" }));
    store.insert(session("live", "a1", { lastSeenAt: "2030-01-01T02:00:00.000Z", expiresAt: "2030-01-01T10:00:00.001Z" }));
    // idle before 02:00, now 10:00: the bounds are exclusive for idleness, inclusive for the end
    expect(store.removeExpired("2030-01-01T02:00:00.000Z", "2030-01-01T10:00:00.000Z")).toBe(2);
    expect(["idle", "over", "live"].map((s) => store.get(s) !== undefined)).toEqual([false, false, true]);
  });
});
