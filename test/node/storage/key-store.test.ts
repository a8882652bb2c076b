import { describe, expect, it } from "@jest/globals";
import type { StoredKeyPair } from "../../../node/domain/network/keys.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { SqliteKeyStore } from "../../../node/storage/key-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const pair = (position: number, algorithm: StoredKeyPair["algorithm"], tag: string): StoredKeyPair => ({
  position,
  algorithm,
  privateJwk: { kty: algorithm === "Ed25519" ? "OKP" : "RSA", d: `private-${tag}` },
  publicJwk: { kty: algorithm === "Ed25519" ? "OKP" : "RSA", n: `public-${tag}` },
});

describe("the actor key store", () => {
  const sqlite = useSqliteFile();

  it("saves an actor's pairs once, in order, and never overwrites them", () => {
    const store = new SqliteKeyStore(sqlite.db);
    expect(store.list("paris")).toEqual([]);
    const first = [pair(1, "Ed25519", "a"), pair(0, "RSASSA-PKCS1-v1_5", "a")];
    expect(store.saveIfAbsent("paris", first)).toEqual([first[1], first[0]]);
    expect(store.saveIfAbsent("paris", [pair(0, "RSASSA-PKCS1-v1_5", "b")])).toEqual([first[1], first[0]]);
    expect(store.list("paris").map((p) => p.publicJwk.n)).toEqual(["public-a", "public-a"]);
  });

  it("keeps each actor's keys apart", () => {
    const store = new SqliteKeyStore(sqlite.db);
    store.saveIfAbsent("paris", [pair(0, "RSASSA-PKCS1-v1_5", "paris")]);
    store.saveIfAbsent("sf", [pair(0, "RSASSA-PKCS1-v1_5", "sf")]);
    expect(store.list("paris").map((p) => p.privateJwk.d)).toEqual(["private-paris"]);
    expect(store.list("sf").map((p) => p.privateJwk.d)).toEqual(["private-sf"]);
  });

  it("keeps the keys across a restart: the node's identity survives it", () => {
    new SqliteKeyStore(sqlite.db).saveIfAbsent("paris", [pair(0, "RSASSA-PKCS1-v1_5", "a")]);
    sqlite.db.close();
    const reopened = openDatabase(sqlite.file);
    try {
      expect(new SqliteKeyStore(reopened).list("paris")).toEqual([pair(0, "RSASSA-PKCS1-v1_5", "a")]);
    } finally {
      reopened.close();
    }
  });
});
