import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MessageQueue, MessageQueueEnqueueOptions } from "@fedify/fedify";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { OutboxQueue } from "../../federation/outbox-queue.ts";
import { SqliteMessageQueue } from "../../federation/queue.ts";
import type { Db } from "../../node/storage/db.ts";
import { openDatabase } from "../../node/storage/db.ts";
import { migrate } from "../../node/storage/migrate.ts";
import { waitUntil } from "../helpers/wait.ts";

/** A Fedify outbox message (the fields the wrapper reads). */
const delivery = (activity: string, attempt: number) => ({ type: "outbox", activityId: activity, attempt, inbox: "https://gancio.example/inbox" });
const hour = Temporal.Duration.from({ hours: 1 });

function recording() {
  const enqueued: { message: unknown; options?: MessageQueueEnqueueOptions }[] = [];
  const inner: MessageQueue = {
    enqueue: async (message, options) => void enqueued.push({ message, options }),
    listen: async () => {},
  };
  return { enqueued, queue: new OutboxQueue(inner) };
}

describe("the outbox queue's ordering keys", () => {
  it("keeps the key of a first send and of the first retry", async () => {
    const { enqueued, queue } = recording();
    await queue.enqueue(delivery("update", 0), { orderingKey: "event-1\nhttps://gancio.example" });
    await queue.enqueue(delivery("update", 1), { orderingKey: "event-1\nhttps://gancio.example", delay: hour });
    expect(enqueued.map((e) => e.options?.orderingKey)).toEqual(["event-1\nhttps://gancio.example", "event-1\nhttps://gancio.example"]);
  });

  it("drops it from later retries, keeping their delay", async () => {
    const { enqueued, queue } = recording();
    await queue.enqueue(delivery("update", 2), { orderingKey: "event-1\nhttps://gancio.example", delay: hour });
    expect(enqueued[0]!.options).toEqual({ delay: hour });
  });

  it("leaves other messages (fan-out, unkeyed) as they are", async () => {
    const { enqueued, queue } = recording();
    await queue.enqueue({ type: "fanout", attempt: 5 }, { orderingKey: "k" });
    await queue.enqueue(delivery("announce", 3));
    expect(enqueued.map((e) => e.options)).toEqual([{ orderingKey: "k" }, undefined]);
  });

  describe("on the node's SQLite queue", () => {
    let dir: string;
    let db: Db;
    let stop: AbortController;
    let listening: Promise<void> = Promise.resolve();
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "cantine-outbox-queue-"));
      db = openDatabase(path.join(dir, "node.db"));
      migrate(db);
      stop = new AbortController();
    });
    afterEach(async () => {
      stop.abort();
      await listening;
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("lets a Delete go past an Update that keeps failing, instead of waiting out the Update's back-off", async () => {
      const queue = new OutboxQueue(new SqliteMessageQueue(db, { name: "outbox" }));
      const key = "https://paris.cantine.example/events/1\nhttps://gancio.example";
      // The Update failed twice: Fedify puts it back for its third attempt, an hour from now.
      await queue.enqueue(delivery("update", 2), { orderingKey: key, delay: hour });
      await queue.enqueue(delivery("delete", 0), { orderingKey: key });
      const handled: string[] = [];
      listening = queue.listen((message: { activityId: string }) => void handled.push(message.activityId), { signal: stop.signal });
      await waitUntil(() => handled.length > 0, "the Delete to be handled");
      expect(handled).toEqual(["delete"]);
    });
  });
});
