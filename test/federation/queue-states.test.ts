import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { readQueueStates, SqliteMessageQueue } from "../../federation/queue.ts";
import type { Db } from "../../node/storage/db.ts";
import { openDatabase } from "../../node/storage/db.ts";
import { migrate } from "../../node/storage/migrate.ts";

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cantine-queue-states-"));
  db = openDatabase(path.join(dir, "node.db"));
  migrate(db);
});

afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("readQueueStates", () => {
  it("reports empty queues with no oldest message", () => {
    expect(readQueueStates(db, ["inbox", "outbox"])).toEqual([
      { queue: "inbox", ready: 0, delayed: 0, leased: 0, oldestEnqueuedAt: null },
      { queue: "outbox", ready: 0, delayed: 0, leased: 0, oldestEnqueuedAt: null },
    ]);
  });

  it("splits messages into ready, delayed and leased, and finds the first enqueue of a retried one", async () => {
    let clock = 1_000_000_000_000;
    const outbox = new SqliteMessageQueue(db, { name: "outbox", now: () => clock });
    await outbox.enqueue({ type: "outbox", attempt: 0, started: new Date(clock).toISOString() });
    clock += 5_000;
    await outbox.enqueue({ type: "outbox", attempt: 0 });
    // A retry queued now, whose first attempt was an hour ago, and delayed by a minute.
    const firstAttempt = clock - 3_600_000;
    await outbox.enqueue({ type: "outbox", attempt: 3, started: new Date(firstAttempt).toISOString() }, { delay: Temporal.Duration.from({ minutes: 1 }) });
    expect(outbox.claim(clock)).toBeDefined(); // leases the oldest ready row

    const [state] = readQueueStates(db, ["outbox"], clock);
    expect(state).toEqual({ queue: "outbox", ready: 1, delayed: 1, leased: 1, oldestEnqueuedAt: firstAttempt });
    // Once its lease has expired, a leased message is ready again.
    expect(readQueueStates(db, ["outbox"], clock + 120_000)[0]).toMatchObject({ ready: 3, delayed: 0, leased: 0 });
  });
});
