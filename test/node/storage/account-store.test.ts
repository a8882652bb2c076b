import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Account } from "../../../node/domain/accounts/account.ts";
import { SqliteAccountStore } from "../../../node/storage/account-store.ts";
import { SqliteInvitationStore } from "../../../node/storage/invite-store.ts";
import { SqliteSessionStore } from "../../../node/storage/session-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const account = (id: string, name: string, overrides: Partial<Account> = {}): Account => ({
  id,
  name,
  role: "editor",
  passwordHash: null,
  createdAt: "2030-01-01T10:00:00.000Z",
  passwordChangedAt: null,
  ...overrides,
});

describe("the account store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteAccountStore;
  beforeEach(() => {
    store = new SqliteAccountStore(sqlite.db);
  });

  it("reads an account back by id and by name, whatever the name's case", () => {
    store.insert(account("a1", "Ana", { role: "admin" }));
    expect(store.get("a1")).toEqual(account("a1", "Ana", { role: "admin" }));
    expect(store.byName("ana")).toEqual(store.get("a1"));
    expect(store.byName("ANA")?.id).toBe("a1");
    expect(store.get("nobody")).toBeUndefined();
    expect(store.byName("nobody")).toBeUndefined();
  });

  it("refuses a second account with the same name in another case, or the same id", () => {
    store.insert(account("a1", "Ana"));
    expect(() => store.insert(account("a2", "ANA"))).toThrow(/UNIQUE/);
    expect(() => store.insert(account("a1", "Bea"))).toThrow(/UNIQUE/);
    expect(store.list().map((a) => a.id)).toEqual(["a1"]);
  });

  it("lists accounts by name, case aside", () => {
    for (const [id, name] of [
      ["1", "zoé"],
      ["2", "Bruno"],
      ["3", "alice"],
      ["4", "Carla"],
    ]) {
      store.insert(account(id!, name!));
    }
    expect(store.list().map((a) => a.name)).toEqual(["alice", "Bruno", "Carla", "zoé"]);
  });

  it("sets and clears a password with its time", () => {
    store.insert(account("a1", "Ana"));
    store.setPassword("a1", "scrypt$hash", "2030-01-02T10:00:00.000Z");
    expect(store.get("a1")).toMatchObject({ passwordHash: "scrypt$hash", passwordChangedAt: "2030-01-02T10:00:00.000Z" });
    store.setPassword("a1", null, null);
    expect(store.get("a1")).toMatchObject({ passwordHash: null, passwordChangedAt: null });
  });

  it("removes an account with its sessions and invitations, and says whether there was one", () => {
    const sessions = new SqliteSessionStore(sqlite.db);
    const invitations = new SqliteInvitationStore(sqlite.db);
    store.insert(account("a1", "Ana"));
    store.insert(account("a2", "Bea"));
    const at = "2030-01-01T10:00:00.000Z";
    for (const id of ["a1", "a2"]) {
      sessions.insert({ idDigest: `s-${id}`, accountId: id, csrfToken: "csrf", createdAt: at, lastSeenAt: at, expiresAt: "2030-01-08T10:00:00.000Z" });
      invitations.insert({ tokenDigest: `i-${id}`, accountId: id, createdAt: at, expiresAt: "2030-01-03T10:00:00.000Z", usedAt: null });
    }
    expect(store.remove("a1")).toBe(true);
    expect(store.remove("a1")).toBe(false);
    expect(store.get("a1")).toBeUndefined();
    expect([sessions.get("s-a1"), invitations.byDigest("i-a1")]).toEqual([undefined, undefined]);
    expect([sessions.get("s-a2")?.accountId, invitations.byDigest("i-a2")?.accountId]).toEqual(["a2", "a2"]);
  });
});
