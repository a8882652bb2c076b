import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportJwk, generateCryptoKeyPair } from "@fedify/fedify";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { KeysByReferenceQueue } from "../../federation/outbox-keys.ts";
import { countUnfinished, SqliteMessageQueue } from "../../federation/queue.ts";
import type { Db } from "../../node/storage/db.ts";
import { openDatabase } from "../../node/storage/db.ts";
import { migrate } from "../../node/storage/migrate.ts";
import { waitUntil } from "../helpers/wait.ts";

/** A Fedify outbox message as Fedify queues it: the keys with their private halves. */
const delivery = (inbox: string, keys: { keyId: string; privateKey: JsonWebKey }[]) => ({
  type: "outbox",
  id: crypto.randomUUID(),
  keys,
  activity: { type: "Create" },
  activityId: "https://paris.cantine.example/events/1#create",
  inbox,
  attempt: 0,
});

describe("outbox messages stored with key references", () => {
  let rsa: CryptoKeyPair;
  let rsaJwk: JsonWebKey;
  let dir: string;
  let db: Db;
  let stop: AbortController;
  let listening: Promise<void>;

  beforeAll(async () => {
    rsa = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    rsaJwk = await exportJwk(rsa.privateKey);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cantine-outbox-keys-"));
    db = openDatabase(path.join(dir, "node.db"));
    migrate(db);
    stop = new AbortController();
    listening = Promise.resolve();
  });
  afterEach(async () => {
    stop.abort();
    await listening;
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const storedPayloads = () => (db.prepare("SELECT payload FROM fedify_queue").pluck().all() as string[]).map((p) => JSON.parse(p));

  it("writes no private key, and hands the message on with the node's key put back", async () => {
    const queue = new KeysByReferenceQueue(new SqliteMessageQueue(db, { name: "outbox" }), [rsa]);
    await queue.enqueueMany([delivery("https://a.example/inbox", [{ keyId: "https://paris.cantine.example/actor#main-key", privateKey: rsaJwk }])]);
    const [stored] = storedPayloads();
    expect(JSON.stringify(stored)).not.toContain(rsaJwk.d);
    expect(stored.keys).toEqual([{ keyId: "https://paris.cantine.example/actor#main-key", privateKeyOf: expect.any(String) }]);

    const handled: { keys: unknown }[] = [];
    listening = queue.listen((message: { keys: unknown }) => void handled.push(message), { signal: stop.signal });
    await waitUntil(() => handled.length === 1, "the delivery to be handled");
    expect(handled[0]!.keys).toEqual([{ keyId: "https://paris.cantine.example/actor#main-key", privateKey: rsaJwk }]);
  });

  it("keeps whole a key the node does not hold", async () => {
    const other = await exportJwk((await generateCryptoKeyPair("Ed25519")).privateKey);
    const queue = new KeysByReferenceQueue(new SqliteMessageQueue(db, { name: "outbox" }), [rsa]);
    await queue.enqueue(delivery("https://a.example/inbox", [{ keyId: "https://elsewhere.example/actor#key", privateKey: other }]));
    expect(storedPayloads()[0].keys).toEqual([{ keyId: "https://elsewhere.example/actor#key", privateKey: other }]);
  });

  it("drops, without sending, a delivery whose key the node no longer holds", async () => {
    const before = new KeysByReferenceQueue(new SqliteMessageQueue(db, { name: "outbox" }), [rsa]);
    await before.enqueue(delivery("https://a.example/inbox", [{ keyId: "https://paris.cantine.example/actor#main-key", privateKey: rsaJwk }]));
    // The key was rotated before the message was read.
    const after = new KeysByReferenceQueue(new SqliteMessageQueue(db, { name: "outbox" }), [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")]);
    const handled: unknown[] = [];
    listening = after.listen((message: unknown) => void handled.push(message), { signal: stop.signal });
    await waitUntil(() => countUnfinished(db, ["outbox"]).outbox === 0, "the delivery to be dropped");
    expect(handled).toEqual([]);
  });

  it("reads a message stored whole (queued before references) as it is", async () => {
    const whole = delivery("https://a.example/inbox", [{ keyId: "https://paris.cantine.example/actor#main-key", privateKey: rsaJwk }]);
    await new SqliteMessageQueue(db, { name: "outbox" }).enqueue(whole);
    const handled: unknown[] = [];
    listening = new KeysByReferenceQueue(new SqliteMessageQueue(db, { name: "outbox" }), [rsa]).listen((message: unknown) => void handled.push(message), {
      signal: stop.signal,
    });
    await waitUntil(() => handled.length === 1, "the delivery to be handled");
    expect(handled[0]).toEqual(whole);
  });
});
