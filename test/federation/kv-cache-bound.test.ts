import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { KvKey } from "@fedify/fedify";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { PUBLIC_KEY_CACHE_BOUND, SqliteKvStore } from "../../federation/kv.ts";
import type { Db } from "../../node/storage/db.ts";
import { openDatabase } from "../../node/storage/db.ts";
import { migrate } from "../../node/storage/migrate.ts";

let dir: string;
let db: Db;
let clock: number;
const now = () => clock;
const DAY = 86_400_000;
const key = (id: string): KvKey => ["_fedify", "publicKey", "2", `https://social.example/users/${id}#main-key`];
const jwk = (id: string) => ({ id: `https://social.example/users/${id}#main-key`, type: "CryptographicKey", publicKeyPem: `PEM of ${id}` });

async function cached(kv: SqliteKvStore): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of kv.list(["_fedify", "publicKey"])) found.push(String(entry.key.at(-1)).replace(/^.*users\/|#main-key$/g, ""));
  return found.sort();
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cantine-kv-bound-"));
  db = openDatabase(path.join(dir, "node.db"));
  migrate(db);
  clock = 1_000_000;
});

afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Fedify's public-key cache is bounded", () => {
  it("gives the keys Fedify caches forever a day's TTL; after it, the key is fetched again", async () => {
    const kv = new SqliteKvStore(db, { now });
    await kv.set(key("alice"), jwk("alice")); // as Fedify's KvKeyCache writes it: no TTL
    clock += DAY - 1;
    expect(await kv.get(key("alice"))).toEqual(jwk("alice"));
    clock += 1;
    expect(await kv.get(key("alice"))).toBeUndefined();
    expect(kv.sweepExpired()).toBe(1);
  });

  it("keeps a shorter TTL asked by Fedify (an unavailable key is remembered for 10 minutes)", async () => {
    const kv = new SqliteKvStore(db, { now });
    await kv.set(key("gone"), null, { ttl: Temporal.Duration.from({ minutes: 10 }) });
    expect(await kv.get(key("gone"))).toBeNull();
    clock += 600_000;
    expect(await kv.get(key("gone"))).toBeUndefined();
  });

  it("leaves other prefixes alone", async () => {
    const kv = new SqliteKvStore(db, { now });
    await kv.set(["_fedify", "httpMessageSignaturesSpec", "https://social.example"], "rfc9421");
    await kv.set(["_fedify", "publicKeyish"], 1);
    clock += 400 * DAY;
    expect(await kv.get(["_fedify", "httpMessageSignaturesSpec", "https://social.example"])).toBe("rfc9421");
    expect(await kv.get(["_fedify", "publicKeyish"])).toBe(1);
  });

  it("past maxEntries, drops the oldest keys; a key written again (after a rotation) is young again", async () => {
    const kv = new SqliteKvStore(db, { now, bounds: [{ ...PUBLIC_KEY_CACHE_BOUND, maxEntries: 3 }] });
    for (const id of ["a", "b", "c"]) {
      await kv.set(key(id), jwk(id));
      clock += 1_000;
    }
    await kv.set(key("a"), { ...jwk("a"), publicKeyPem: "rotated" }); // Fedify refetched a's key
    clock += 1_000;
    await kv.set(key("d"), jwk("d"));
    expect(await cached(kv)).toEqual(["a", "c", "d"]);
    expect(await kv.get(key("a"))).toMatchObject({ publicKeyPem: "rotated" });
    clock += 1_000;
    await kv.cas(key("e"), undefined, jwk("e")); // cas writes are bounded too
    expect(await cached(kv)).toEqual(["a", "d", "e"]);
  });

  it("drops rows cached before the bound existed (no expiry) first", async () => {
    await new SqliteKvStore(db, { now, bounds: [] }).set(key("legacy"), jwk("legacy"));
    const kv = new SqliteKvStore(db, { now, bounds: [{ ...PUBLIC_KEY_CACHE_BOUND, maxEntries: 2 }] });
    await kv.set(key("x"), jwk("x"));
    await kv.set(key("y"), jwk("y"));
    expect(await cached(kv)).toEqual(["x", "y"]);
  });
});
