import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { testMessageQueue } from "@fedify/testing";
import { afterEach, beforeEach, describe, expect, it, jest } from "@jest/globals";
import { countUnfinished, SqliteMessageQueue } from "../../federation/queue.ts";
import type { Db } from "../../node/storage/db.ts";
import { openDatabase } from "../../node/storage/db.ts";
import { migrate } from "../../node/storage/migrate.ts";

let dir: string;
let file: string;
let dbs: Db[];
let listeners: { controller: AbortController; done: Promise<void> }[];
/** Run before the listeners are awaited: a handler left hanging by a failed test must not hang the suite. */
let releases: (() => void)[];

function open(): Db {
  const db = openDatabase(file);
  migrate(db);
  dbs.push(db);
  return db;
}

function listen(queue: SqliteMessageQueue, handler: (message: any) => Promise<void> | void): AbortController {
  const controller = new AbortController();
  listeners.push({ controller, done: queue.listen(handler, { signal: controller.signal }) });
  return controller;
}

async function waitUntil(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await sleep(10);
  }
}

function rows(db: Db): { payload: string; attempts: number; lease_until: number | null }[] {
  return db.prepare("SELECT payload, attempts, lease_until FROM fedify_queue ORDER BY id").all() as never;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cantine-queue-"));
  file = path.join(dir, "node.db");
  dbs = [];
  listeners = [];
  releases = [];
});

afterEach(async () => {
  for (const release of releases) release();
  for (const { controller } of listeners) controller.abort();
  await Promise.all(listeners.map(({ done }) => done));
  for (const db of dbs) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("SqliteMessageQueue", () => {
  it("passes @fedify/testing testMessageQueue", async () => {
    const db = open();
    await testMessageQueue(
      () => new SqliteMessageQueue(db, { name: "test" }),
      async ({ controller }) => {
        controller.abort();
      },
      { testOrderingKey: true },
    );
    expect(rows(db)).toEqual([]);
  }, 60_000);

  it("delivers a message enqueued before a restart", async () => {
    const before = open();
    await new SqliteMessageQueue(before, { name: "outbox" }).enqueue({ activity: "Create" });
    await new SqliteMessageQueue(before, { name: "inbox" }).enqueue({ other: "queue" });
    before.close();

    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "outbox" });
    expect(await queue.getDepth()).toEqual({ queued: 1, ready: 1, delayed: 0 });
    const received: unknown[] = [];
    listen(queue, (message) => {
      received.push(message);
    });
    await waitUntil(() => received.length === 1);
    expect(received).toEqual([{ activity: "Create" }]);
    await waitUntil(() => rows(db).length === 1);
    expect(rows(db)[0].payload).toBe('{"other":"queue"}'); // the inbox row is untouched
  });

  it("delivers again after a worker crashed while holding the lease, ordering key included", async () => {
    const crashedDb = open();
    // A lease of seconds, not milliseconds: on a busy machine the event loop can stall for a
    // few hundred milliseconds, and a heartbeat that late is a real expiry.
    const crashed = new SqliteMessageQueue(crashedDb, { name: "inbox", leaseMs: 1_500 });
    await crashed.enqueue({ n: 1 }, { orderingKey: "actor" });
    await crashed.enqueue({ n: 2 }, { orderingKey: "actor" });
    let unblock = () => {};
    const hung = new Promise<void>((resolve) => (unblock = resolve));
    releases.push(() => unblock());
    const seenByCrashed: unknown[] = [];
    const crashedListener = listen(crashed, async (message) => {
      seenByCrashed.push(message);
      await hung;
    });
    await waitUntil(() => seenByCrashed.length === 1);
    await sleep(2_000); // longer than the lease: the heartbeat must keep it
    expect(seenByCrashed).toEqual([{ n: 1 }]); // n: 2 waits behind its key
    expect(rows(crashedDb).map((row) => row.attempts)).toEqual([1, 0]);
    // The worker dies: its connection goes away mid-handler and heartbeats stop.
    crashedListener.abort();
    crashedDb.close();

    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "inbox", leaseMs: 1_500 });
    const received: unknown[] = [];
    listen(queue, (message) => {
      received.push(message);
    });
    await waitUntil(() => received.length === 2);
    expect(received).toEqual([{ n: 1 }, { n: 2 }]);
    await waitUntil(() => rows(db).length === 0);
    // The zombie handler finishing late must neither throw nor break anything.
    unblock();
  });

  it("counts what each queue has yet to finish, a running handler included, which getDepth leaves out", async () => {
    const db = open();
    const inbox = new SqliteMessageQueue(db, { name: "inbox" });
    const outbox = new SqliteMessageQueue(db, { name: "outbox" });
    expect(countUnfinished(db, ["inbox", "outbox", "fanout"])).toEqual({ inbox: 0, outbox: 0, fanout: 0 });
    await outbox.enqueue("later", { delay: Temporal.Duration.from({ hours: 1 }) });
    let finish = () => {};
    const running = new Promise<void>((resolve) => (finish = resolve));
    releases.push(() => finish());
    let handled = 0;
    listen(inbox, async () => {
      handled++;
      await running;
    });
    await inbox.enqueue("slow");
    await waitUntil(() => handled === 1);
    expect((await inbox.getDepth()).queued).toBe(0);
    expect(countUnfinished(db, ["inbox", "outbox", "fanout"])).toEqual({ inbox: 1, outbox: 1, fanout: 0 });
    finish();
    await waitUntil(() => countUnfinished(db, ["inbox"]).inbox === 0);
    expect(countUnfinished(db, ["inbox", "outbox"])).toEqual({ inbox: 0, outbox: 1 });
  });

  it("does not deliver a delayed message early", async () => {
    const queue = new SqliteMessageQueue(open(), { name: "outbox" });
    const received: number[] = [];
    const started = Date.now();
    listen(queue, () => {
      received.push(Date.now() - started);
    });
    await queue.enqueue("later", { delay: Temporal.Duration.from({ milliseconds: 800 }) });
    expect(await queue.getDepth()).toEqual({ queued: 1, ready: 0, delayed: 1 });
    await sleep(600);
    expect(received).toEqual([]);
    await waitUntil(() => received.length === 1);
    expect(received[0]).toBeGreaterThanOrEqual(800);
    expect(received[0]).toBeLessThan(1_500); // woke on time, not at the 5 s poll
  });

  it("retries a message whose handler threw instead of losing it", async () => {
    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "fanout" });
    const calls: number[] = [];
    const started = Date.now();
    listen(queue, (message: { id: number }) => {
      calls.push(Date.now() - started);
      if (calls.length === 1) throw new Error(`boom ${message.id}`);
    });
    await queue.enqueue({ id: 7 });
    await waitUntil(() => calls.length === 1);
    await waitUntil(() => rows(db)[0]?.lease_until === null);
    expect(rows(db)).toEqual([{ payload: '{"id":7}', attempts: 1, lease_until: null }]);
    expect(await queue.getDepth()).toEqual({ queued: 1, ready: 0, delayed: 1 });
    await waitUntil(() => calls.length === 2);
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(900); // backoff, ~1 s for the first retry
    await waitUntil(() => rows(db).length === 0);
  });

  it("drops a message after its last attempt", async () => {
    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "fanout" });
    await queue.enqueue("poison");
    db.prepare("UPDATE fedify_queue SET attempts = 9").run();
    let calls = 0;
    listen(queue, () => {
      calls++;
      throw new Error("always");
    });
    await waitUntil(() => rows(db).length === 0);
    expect(calls).toBe(1);
  });

  it("does not busy-poll when idle, and wakes up on enqueue", async () => {
    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "inbox" });
    const claim = jest.spyOn(queue, "claim");
    const received: number[] = [];
    listen(queue, () => {
      received.push(Date.now());
    });
    await sleep(1_000);
    expect(claim.mock.calls.length).toBeLessThanOrEqual(2);
    // Enqueued through another instance on the same database: still wakes at once.
    const sent = Date.now();
    await new SqliteMessageQueue(db, { name: "inbox" }).enqueue("ping");
    await waitUntil(() => received.length === 1);
    expect(received[0] - sent).toBeLessThan(500);
    const settled = claim.mock.calls.length;
    await sleep(1_000);
    expect(claim.mock.calls.length - settled).toBeLessThanOrEqual(2);
  });

  it("runs one message per ordering key at a time, in order, and different keys in parallel", async () => {
    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "outbox", concurrency: 4 });
    const order: Record<string, number[]> = { a: [], b: [], none: [] };
    const activeByKey: Record<string, number> = { a: 0, b: 0, none: 0 };
    let active = 0;
    let maxActive = 0;
    let maxSameKey = 0;
    for (let n = 1; n <= 5; n++) {
      await queue.enqueue({ key: "a", n }, { orderingKey: "a" });
      await queue.enqueue({ key: "b", n }, { orderingKey: "b" });
    }
    await queue.enqueueMany([
      { key: "none", n: 1 },
      { key: "none", n: 2 },
    ]);
    listen(queue, async (message: { key: string; n: number }) => {
      active++;
      activeByKey[message.key]++;
      maxActive = Math.max(maxActive, active);
      if (message.key !== "none") maxSameKey = Math.max(maxSameKey, activeByKey[message.key]);
      order[message.key].push(message.n);
      await sleep(40);
      activeByKey[message.key]--;
      active--;
    });
    await waitUntil(() => order.a.length + order.b.length + order.none.length === 12);
    expect(order.a).toEqual([1, 2, 3, 4, 5]);
    expect(order.b).toEqual([1, 2, 3, 4, 5]);
    expect(order.none.sort()).toEqual([1, 2]);
    expect(maxSameKey).toBe(1);
    expect(maxActive).toBeGreaterThanOrEqual(3); // a, b and the unkeyed ones overlap
    expect(maxActive).toBeLessThanOrEqual(4);
    await waitUntil(() => rows(db).length === 0);
  });
});

describe("SqliteMessageQueue under a fan-out", () => {
  it("commits a burst of enqueues made in one turn, each resolved once written, and hands them out oldest first", async () => {
    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "outbox", concurrency: 1 });
    const count = 250;
    const written: number[] = [];
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        queue.enqueue({ i }, { orderingKey: `create\nhttps://server-${i}.example` }).then(() => {
          // Resolved only once its row is in the database.
          const stored = db.prepare("SELECT count(*) AS n FROM fedify_queue WHERE json_extract(payload, '$.i') = ?").get(i) as { n: number };
          if (stored.n === 1) written.push(i);
        }),
      ),
    );
    expect(written.length).toBe(count);
    const handled: number[] = [];
    listen(queue, (message: { i: number }) => void handled.push(message.i));
    await waitUntil(() => handled.length === count && rows(db).length === 0);
    expect(handled).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it("keeps a key's messages one at a time when several are claimed at once", async () => {
    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "outbox", concurrency: 8 });
    for (let i = 0; i < 6; i++) await queue.enqueue({ key: i % 2, i }, { orderingKey: `k${i % 2}` });
    const running = new Set<number>();
    const order: number[] = [];
    let overlap = false;
    listen(queue, async (message: { key: number; i: number }) => {
      if (running.has(message.key)) overlap = true;
      running.add(message.key);
      await sleep(5);
      running.delete(message.key);
      order.push(message.i);
    });
    await waitUntil(() => order.length === 6 && rows(db).length === 0);
    expect(overlap).toBe(false);
    expect(order.filter((i) => i % 2 === 0)).toEqual([0, 2, 4]);
    expect(order.filter((i) => i % 2 === 1)).toEqual([1, 3, 5]);
  });
});
