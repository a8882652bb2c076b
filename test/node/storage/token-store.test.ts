import { beforeEach, describe, expect, it } from "@jest/globals";
import type { JwtSigningKey, OperatorToken } from "../../../node/domain/accounts/tokens.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { SqliteJwtKeyStore, SqliteTokenStore } from "../../../node/storage/token-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const token = (id: string, issuedAt: string, overrides: Partial<OperatorToken> = {}): OperatorToken => ({
  id,
  name: `token ${id}`,
  scopes: ["events:write", "admin"],
  issuedAt,
  expiresAt: "2031-01-01T00:00:00.000Z",
  revokedAt: null,
  ...overrides,
});

const key = (kid: string): JwtSigningKey => ({
  kid,
  algorithm: "Ed25519",
  privateJwk: { kty: "OKP", crv: "Ed25519", x: `x-${kid}`, d: `d-${kid}` },
  publicJwk: { kty: "OKP", crv: "Ed25519", x: `x-${kid}` },
  createdAt: "2030-01-01T00:00:00.000Z",
});

describe("the operator token store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteTokenStore;
  beforeEach(() => {
    store = new SqliteTokenStore(sqlite.db);
  });

  it("reads a token back as recorded, and refuses a second one with the same id", () => {
    store.record(token("t1", "2030-01-01T00:00:00.000Z"));
    expect(store.get("t1")).toEqual(token("t1", "2030-01-01T00:00:00.000Z"));
    expect(store.get("t2")).toBeUndefined();
    expect(() => store.record(token("t1", "2030-01-02T00:00:00.000Z"))).toThrow(/UNIQUE|PRIMARY/);
  });

  it("revokes a token once: the first revocation's time stays", () => {
    store.record(token("t1", "2030-01-01T00:00:00.000Z"));
    expect(store.revoke("t1", "2030-01-05T00:00:00.000Z")).toBe(true);
    expect(store.revoke("t1", "2030-01-06T00:00:00.000Z")).toBe(false);
    expect(store.revoke("unknown", "2030-01-06T00:00:00.000Z")).toBe(false);
    expect(store.get("t1")?.revokedAt).toBe("2030-01-05T00:00:00.000Z");
  });

  it("lists every token oldest first, revoked ones included; tokens issued together in the order recorded", () => {
    store.record(token("late", "2030-02-01T00:00:00.000Z"));
    store.record(token("b", "2030-01-01T00:00:00.000Z"));
    store.record(token("a", "2030-01-01T00:00:00.000Z", { revokedAt: "2030-01-02T00:00:00.000Z" }));
    expect(store.list().map((t) => t.id)).toEqual(["b", "a", "late"]);
  });

  it("drops a scope a later version no longer knows, rather than failing to read the token", () => {
    store.record(token("t1", "2030-01-01T00:00:00.000Z"));
    sqlite.db.prepare("UPDATE operator_tokens SET scopes = ? WHERE id = 't1'").run(JSON.stringify(["events:write", "retired:scope"]));
    expect(store.get("t1")?.scopes).toEqual(["events:write"]);
  });
});

describe("the JWT signing key store", () => {
  const sqlite = useSqliteFile();

  it("has no key at first; the first key saved stays the node's key for good", () => {
    const keys = new SqliteJwtKeyStore(sqlite.db);
    expect(keys.current()).toBeUndefined();
    expect(keys.saveIfAbsent(key("first"))).toEqual(key("first"));
    expect(keys.saveIfAbsent(key("second"))).toEqual(key("first"));
    // another connection (the CLI while the node runs) sees the same key, and cannot replace it
    const other = openDatabase(sqlite.file);
    try {
      expect(new SqliteJwtKeyStore(other).saveIfAbsent(key("third"))).toEqual(key("first"));
    } finally {
      other.close();
    }
  });
});
