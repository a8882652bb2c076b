import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Invitation } from "../../../node/domain/accounts/account.ts";
import { SqliteAccountStore } from "../../../node/storage/account-store.ts";
import { SqliteInvitationStore } from "../../../node/storage/invite-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const invitation = (tokenDigest: string, accountId: string): Invitation => ({
  tokenDigest,
  accountId,
  createdAt: "2030-01-01T10:00:00.000Z",
  expiresAt: "2030-01-03T10:00:00.000Z",
  usedAt: null,
});

describe("the invitation store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteInvitationStore;
  beforeEach(() => {
    store = new SqliteInvitationStore(sqlite.db);
    const accounts = new SqliteAccountStore(sqlite.db);
    for (const id of ["a1", "a2"])
      accounts.insert({ id, name: id, role: "editor", passwordHash: null, createdAt: "2030-01-01T10:00:00.000Z", passwordChangedAt: null });
  });

  it("reads an invitation back by the digest of its secret", () => {
    store.insert(invitation("d1", "a1"));
    expect(store.byDigest("d1")).toEqual(invitation("d1", "a1"));
    expect(store.byDigest("d2")).toBeUndefined();
  });

  it("is used once: a second use (another tab, a replay) is refused and keeps the first time", () => {
    store.insert(invitation("d1", "a1"));
    expect(store.markUsed("d1", "2030-01-02T10:00:00.000Z")).toBe(true);
    expect(store.markUsed("d1", "2030-01-02T11:00:00.000Z")).toBe(false);
    expect(store.byDigest("d1")?.usedAt).toBe("2030-01-02T10:00:00.000Z");
    expect(store.markUsed("unknown", "2030-01-02T10:00:00.000Z")).toBe(false);
  });

  it("refuses a second invitation with the same digest, and one for an unknown account", () => {
    store.insert(invitation("d1", "a1"));
    expect(() => store.insert(invitation("d1", "a2"))).toThrow(/UNIQUE|PRIMARY/);
    expect(() => store.insert(invitation("d2", "nobody"))).toThrow(/FOREIGN KEY/);
  });

  it("removes every invitation of one account, and only those", () => {
    store.insert(invitation("d1", "a1"));
    store.insert(invitation("d2", "a1"));
    store.insert(invitation("d3", "a2"));
    store.removeFor("a1");
    expect(["d1", "d2", "d3"].map((d) => store.byDigest(d)?.accountId ?? null)).toEqual([null, null, "a2"]);
  });
});
