import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { KvKey } from "@fedify/fedify";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { SqliteKvStore } from "../../federation/kv.ts";
import type { Db } from "../../node/storage/db.ts";
import { openDatabase } from "../../node/storage/db.ts";
import { migrate } from "../../node/storage/migrate.ts";

let dir: string;
let file: string;
let db: Db;
let clock: number;
const now = () => clock;

function open(): Db {
  const opened = openDatabase(file);
  migrate(opened);
  return opened;
}

async function keys(store: SqliteKvStore, prefix?: readonly [string, ...string[]]): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of store.list(prefix)) found.push(JSON.stringify(entry.key));
  return found.sort();
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cantine-kv-"));
  file = path.join(dir, "node.db");
  db = open();
  clock = 1_000_000;
});

afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("SqliteKvStore", () => {
  it("gets, sets and deletes JSON values", async () => {
    const kv = new SqliteKvStore(db, { now });
    expect(await kv.get(["a"])).toBeUndefined();
    await kv.set(["a"], { nested: [1, "two", true] });
    expect(await kv.get(["a"])).toEqual({ nested: [1, "two", true] });
    await kv.set(["a"], 42);
    expect(await kv.get(["a"])).toBe(42);
    await kv.delete(["a"]);
    expect(await kv.get(["a"])).toBeUndefined();
    await kv.delete(["never-there"]);
  });

  it("tells a stored null from a missing key", async () => {
    const kv = new SqliteKvStore(db, { now });
    await kv.set(["n"], null);
    expect(await kv.get(["n"])).toBeNull();
    expect(await kv.get(["missing"])).toBeUndefined();
    await kv.set(["n"], undefined);
    expect(await kv.get(["n"])).toBeUndefined();
  });

  it("hides entries once their TTL has passed, and sweeps them", async () => {
    const kv = new SqliteKvStore(db, { now });
    await kv.set(["short"], "s", { ttl: Temporal.Duration.from({ seconds: 10 }) });
    await kv.set(["forever"], "f");
    clock += 9_999;
    expect(await kv.get(["short"])).toBe("s");
    clock += 1;
    expect(await kv.get(["short"])).toBeUndefined();
    expect(await keys(kv)).toEqual(['["forever"]']);
    expect(await kv.cas(["short"], "s", "t")).toBe(false);
    expect(kv.sweepExpired()).toBe(1);
    expect(kv.sweepExpired()).toBe(0);
    expect(await kv.get(["forever"])).toBe("f");
    // Setting again without a TTL clears the old expiry.
    await kv.set(["t"], 1, { ttl: Temporal.Duration.from({ milliseconds: 5 }) });
    await kv.set(["t"], 2);
    clock += 10;
    expect(await kv.get(["t"])).toBe(2);
  });

  it("runs compare-and-swap in every case", async () => {
    const kv = new SqliteKvStore(db, { now });
    // absent → expected undefined matches
    expect(await kv.cas(["c"], undefined, 1)).toBe(true);
    expect(await kv.get(["c"])).toBe(1);
    expect(await kv.cas(["c"], undefined, 2)).toBe(false);
    // mismatch
    expect(await kv.cas(["c"], 7, 2)).toBe(false);
    expect(await kv.get(["c"])).toBe(1);
    // match
    expect(await kv.cas(["c"], 1, 2)).toBe(true);
    expect(await kv.get(["c"])).toBe(2);
    // null is a value, not absence
    await kv.set(["z"], null);
    expect(await kv.cas(["z"], undefined, 1)).toBe(false);
    expect(await kv.cas(["z"], null, 1)).toBe(true);
    // new value undefined deletes
    expect(await kv.cas(["c"], 2, undefined)).toBe(true);
    expect(await kv.get(["c"])).toBeUndefined();
    // deep equality regardless of key order
    await kv.set(["o"], { a: 1, b: { x: [1, 2], y: null } });
    expect(await kv.cas(["o"], { b: { y: null, x: [1, 2] }, a: 1 }, "swapped")).toBe(true);
    expect(await kv.get(["o"])).toBe("swapped");
    await kv.set(["o"], { a: 1, b: [1, 2] });
    expect(await kv.cas(["o"], { a: 1, b: [2, 1] }, "no")).toBe(false);
    expect(await kv.cas(["o"], { a: 1 }, "no")).toBe(false);
    // an expired entry counts as absent, and the swap can carry a TTL
    await kv.set(["e"], "old", { ttl: Temporal.Duration.from({ seconds: 1 }) });
    clock += 1_000;
    expect(await kv.cas(["e"], undefined, "new", { ttl: Temporal.Duration.from({ seconds: 1 }) })).toBe(true);
    expect(await kv.get(["e"])).toBe("new");
    clock += 1_000;
    expect(await kv.get(["e"])).toBeUndefined();
  });

  it("lists by element-wise key prefix", async () => {
    const kv = new SqliteKvStore(db, { now });
    await kv.set(["_fedify", "a"], 1);
    await kv.set(["_fedify", "a", "x"], 2);
    await kv.set(["_fedify", "a", "y", "z"], 3);
    await kv.set(["_fedify", "ab"], 4);
    await kv.set(["_fedify", "a%"], 5);
    await kv.set(["_fedifyx"], 6);
    await kv.set(["_fedify"], 7);
    await kv.set(["other", "a"], 8);
    await kv.set(["_fedify", "gone"], 9, { ttl: Temporal.Duration.from({ seconds: 1 }) });
    clock += 1_000;
    expect(await keys(kv, ["_fedify", "a"])).toEqual(['["_fedify","a","x"]', '["_fedify","a","y","z"]', '["_fedify","a"]']);
    expect(await keys(kv, ["_fedify"])).toEqual([
      '["_fedify","a","x"]',
      '["_fedify","a","y","z"]',
      '["_fedify","a"]',
      '["_fedify","a%"]',
      '["_fedify","ab"]',
      '["_fedify"]',
    ]);
    expect(await keys(kv, ["_fedify", "a", "x"])).toEqual(['["_fedify","a","x"]']);
    expect(await keys(kv, ["nothing"])).toEqual([]);
    expect(await keys(kv)).toHaveLength(8);
    const entries = [];
    for await (const entry of kv.list(["other"])) entries.push(entry);
    expect(entries).toEqual([{ key: ["other", "a"], value: 8 }]);
  });

  it("keeps entries across closing and reopening the database", async () => {
    await new SqliteKvStore(db, { now }).set(["p", "q"], { kept: true });
    await new SqliteKvStore(db, { now }).set(["ttl"], 1, { ttl: Temporal.Duration.from({ hours: 1 }) });
    db.close();
    db = open();
    const kv = new SqliteKvStore(db, { now });
    expect(await kv.get(["p", "q"])).toEqual({ kept: true });
    expect(await kv.get(["ttl"])).toBe(1);
    clock += 3_600_000;
    expect(await kv.get(["ttl"])).toBeUndefined();
  });

  it("runs an unref'd sweeper until stopped", async () => {
    const kv = new SqliteKvStore(db, { now });
    await kv.set(["s"], 1, { ttl: Temporal.Duration.from({ milliseconds: 1 }) });
    clock += 1;
    const stop = kv.startSweeper(10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    kv.close(); // idempotent
    expect((db.prepare("SELECT COUNT(*) AS n FROM fedify_kv").get() as { n: number }).n).toBe(0);
  });
});

describe("SqliteKvStore's hot entries (kept in memory, written through)", () => {
  const spec = ["_fedify", "httpMessageSignaturesSpec", "https://example.org"] as const;
  const stored = (key: KvKey) => (db.prepare("SELECT value FROM fedify_kv WHERE key = ?").get(JSON.stringify(key)) as { value: string } | undefined)?.value;

  it("writes every change to the database, so that a restarted node finds it", async () => {
    const kv = new SqliteKvStore(db, { now });
    await kv.set([...spec], "draft-cavage-http-signatures-12");
    expect(await kv.get([...spec])).toBe("draft-cavage-http-signatures-12");
    await kv.set([...spec], "rfc9421");
    expect(stored(spec)).toBe('"rfc9421"');
    db.close();
    db = open();
    expect(await new SqliteKvStore(db, { now }).get([...spec])).toBe("rfc9421");
  });

  it("does not write a value again that is already stored", async () => {
    const kv = new SqliteKvStore(db, { now });
    await kv.set([...spec], "rfc9421");
    const changes = () => (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
    const before = changes();
    for (let i = 0; i < 5; i++) await kv.set([...spec], "rfc9421");
    expect(changes()).toBe(before);
    expect(stored(spec)).toBe('"rfc9421"');
  });

  it("sees a change made by another process once its memory is older than hotTtlMs", async () => {
    const kv = new SqliteKvStore(db, { now, hotTtlMs: 1_000 });
    expect(await kv.get([...spec])).toBeUndefined();
    db.prepare("INSERT INTO fedify_kv (key, value, expires_at) VALUES (?, ?, NULL)").run(JSON.stringify(spec), '"rfc9421"');
    clock += 1_001;
    expect(await kv.get([...spec])).toBe("rfc9421");
  });

  it("keeps compare-and-swap exact: a lost race leaves memory to the database", async () => {
    const key: KvKey = ["_fedify", "circuit", "example.org"];
    const kv = new SqliteKvStore(db, { now });
    expect(await kv.cas(key, undefined, { state: "closed", failures: [] })).toBe(true);
    expect(await kv.get(key)).toEqual({ state: "closed", failures: [] });
    db.prepare("UPDATE fedify_kv SET value = ? WHERE key = ?").run('{"state":"open","failures":[]}', JSON.stringify(key));
    expect(await kv.cas(key, { state: "closed", failures: [] }, undefined)).toBe(false);
    expect(await kv.get(key)).toEqual({ state: "open", failures: [] });
    expect(await kv.cas(key, { state: "open", failures: [] }, undefined)).toBe(true);
    expect(await kv.get(key)).toBeUndefined();
    expect(stored(key)).toBeUndefined();
  });

  it("honours an entry's expiry from memory too", async () => {
    const key: KvKey = ["_fedify", "circuit", "gone.example"];
    const kv = new SqliteKvStore(db, { now });
    await kv.set(key, { state: "open" }, { ttl: Temporal.Duration.from({ seconds: 1 }) });
    expect(await kv.get(key)).toEqual({ state: "open" });
    clock += 1_001;
    expect(await kv.get(key)).toBeUndefined();
  });
});
