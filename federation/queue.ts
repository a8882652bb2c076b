import type { MessageQueue, MessageQueueDepth, MessageQueueEnqueueOptions, MessageQueueListenOptions } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type Database from "better-sqlite3";
import { LeaseOwner, releaseLeasesOfGoneOwners } from "./queue-owners.ts";

type Db = Database.Database;
// biome-ignore lint/suspicious/noExplicitAny: Fedify's MessageQueue contract types messages as any.
type Handler = (message: any) => Promise<void> | void;

const logger = getLogger(["cantine", "federation", "queue"]);

/** A message is handed to a handler at most this many times, crashes included. */
const MAX_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 3_600_000;
/** Messages written per transaction when many are enqueued at once. */
const INSERT_CHUNK = 100;

// One notifier per database, so that an enqueue through any instance wakes the
// listeners of every instance sharing the connection (event type = queue name).
const notifiers = new WeakMap<Db, EventTarget>();
function notifierFor(db: Db): EventTarget {
  let target = notifiers.get(db);
  if (target === undefined) notifiers.set(db, (target = new EventTarget()));
  return target;
}

export type SqliteMessageQueueOptions = {
  /** Queue name stored in each row: 'inbox' | 'outbox' | 'fanout' | … */
  readonly name: string;
  /** Handlers run at once by one listen() call. */
  readonly concurrency?: number;
  /** How long a claimed message stays invisible to others; renewed while its handler runs. */
  readonly leaseMs?: number;
  /** Longest idle sleep: the fallback for enqueues made by another process. */
  readonly pollIntervalMs?: number;
  readonly now?: () => number;
};

/**
 * Messages each named queue has yet to finish (waiting, delayed or being handled), read in one
 * statement. A handler enqueues its follow-up work before its own row is deleted, so a single
 * reading that finds every count at zero means the node is idle. Unlike getDepth(), which leaves
 * out running handlers as Fedify's MessageQueueDepth asks.
 */
export function countUnfinished(db: Db, names: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  const rows = db.prepare("SELECT queue, COUNT(*) AS n FROM fedify_queue GROUP BY queue").all() as { queue: string; n: number }[];
  for (const { queue, n } of rows) if (Object.hasOwn(counts, queue)) counts[queue] = n;
  return counts;
}

/** One queue's unfinished messages by state, and when its oldest one was first enqueued. */
export type QueueState = { queue: string; ready: number; delayed: number; leased: number; oldestEnqueuedAt: number | null };

/**
 * Every named queue's messages now: ready to run, delayed (a retry's back-off, a scheduled
 * send) and leased (a handler is running them), and the oldest one's first enqueue time (epoch
 * ms). Fedify puts a failed message back as a new one carrying the time of the first attempt
 * (`started`), so a delivery retried for a day shows its whole day of waiting.
 */
export function readQueueStates(db: Db, names: readonly string[], now: number = Date.now()): QueueState[] {
  const rows = db
    .prepare(
      `SELECT queue,
         COALESCE(SUM(lease_until >= @now), 0) AS leased,
         COALESCE(SUM((lease_until IS NULL OR lease_until < @now) AND available_at <= @now), 0) AS ready,
         COALESCE(SUM((lease_until IS NULL OR lease_until < @now) AND available_at > @now), 0) AS delayed,
         MIN(MIN(created_at, COALESCE(CAST(unixepoch(CASE WHEN json_valid(payload) THEN json_extract(payload, '$.started') END, 'subsec') * 1000 AS INTEGER), created_at))) AS oldest
       FROM fedify_queue GROUP BY queue`,
    )
    .all({ now }) as { queue: string; leased: number; ready: number; delayed: number; oldest: number | null }[];
  return names.map((queue) => {
    const row = rows.find((r) => r.queue === queue);
    return { queue, ready: row?.ready ?? 0, delayed: row?.delayed ?? 0, leased: row?.leased ?? 0, oldestEnqueuedAt: row?.oldest ?? null };
  });
}

type PendingInsert = { messages: readonly unknown[]; availableAt: number; key: string | null; resolve: () => void; reject: (error: unknown) => void };

/** A leased row; `attempts` doubles as the lease token (it changes on every claim). */
export type ClaimedMessage = { id: number; payload: string; attempts: number };

/**
 * Fedify's message queue on the `fedify_queue` table, at-least-once: a row is
 * leased while its handler runs and deleted only after the handler succeeded,
 * so a crash leaves it to be claimed again once the lease has expired — or at once when the
 * next listen() starts and finds that the process holding the lease has ended (queue-owners.ts).
 * Messages sharing an ordering key run one at a time, oldest first.
 */
export class SqliteMessageQueue implements MessageQueue {
  readonly nativeRetrial = false;
  readonly name: string;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #now: () => number;
  readonly #notifier: EventTarget;
  readonly #db: Db;
  readonly #owner: LeaseOwner;
  readonly #insert: (batches: readonly PendingInsert[]) => void;
  readonly #claim: Database.Statement<[number, string, string, number, number, number], ClaimedMessage>;
  readonly #deleteMany: (ids: readonly number[]) => void;
  /** Enqueues of this turn of the event loop, written in one transaction (group commit). */
  #pendingInserts: PendingInsert[] = [];
  /** A flush is scheduled (a microtask, or the next chunk of a large one). */
  #flushing = false;
  /** Messages handled successfully this turn, deleted in one transaction. */
  #pendingDeletes: { id: number; done: () => void }[] = [];
  readonly #extend: Database.Statement<[number, number, number]>;
  readonly #release: Database.Statement<[number, number, number]>;
  readonly #delete: Database.Statement<[number]>;
  readonly #nextWake: Database.Statement<[string, number, string, number], { t: number | null }>;
  readonly #depth: Database.Statement<[number, number, string, number], Required<MessageQueueDepth>>;

  constructor(db: Db, options: SqliteMessageQueueOptions) {
    this.name = options.name;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#pollMs = options.pollIntervalMs ?? 5_000;
    this.#now = options.now ?? Date.now;
    this.#notifier = notifierFor(db);
    this.#db = db;
    this.#owner = new LeaseOwner(db, this.name);
    const insert = db.prepare<[string, string, string | null, number, number]>(
      `INSERT INTO fedify_queue (queue, payload, ordering_key, available_at, created_at) VALUES (?, ?, ?, ?, ?)`,
    );
    this.#insert = db.transaction((batches: readonly PendingInsert[]) => {
      const now = this.#now();
      for (const { messages, availableAt, key } of batches) {
        for (const message of messages) insert.run(this.name, JSON.stringify(message) ?? "null", key, availableAt, now);
      }
    });
    // One atomic statement: no other claimer (instance or process) can take the same row.
    // A keyed row is eligible only while no older row of its key exists, leased or waiting.
    // Several rows at once: the subquery sees the table as it was before this statement, so of a
    // key's rows only the oldest can be among them.
    this.#claim = db.prepare(
      `UPDATE fedify_queue SET lease_until = ?, lease_owner = ?, attempts = attempts + 1
       WHERE id IN (SELECT id FROM fedify_queue q
         WHERE queue = ? AND available_at <= ? AND (lease_until IS NULL OR lease_until < ?)
           AND (ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM fedify_queue o
             WHERE o.queue = q.queue AND o.ordering_key = q.ordering_key AND o.id < q.id))
         ORDER BY available_at, id LIMIT ?)
       RETURNING id, payload, attempts`,
    );
    this.#extend = db.prepare("UPDATE fedify_queue SET lease_until = ? WHERE id = ? AND attempts = ?");
    this.#release = db.prepare("UPDATE fedify_queue SET lease_until = NULL, available_at = ? WHERE id = ? AND attempts = ?");
    this.#delete = db.prepare("DELETE FROM fedify_queue WHERE id = ?");
    const remove = this.#delete;
    this.#deleteMany = db.transaction((ids: readonly number[]) => {
      for (const id of ids) remove.run(id);
    });
    // Earliest future moment a row may become claimable; only times after now, or idling would spin.
    this.#nextWake = db.prepare(
      `SELECT MIN(t) AS t FROM (
         SELECT MIN(available_at) AS t FROM fedify_queue WHERE queue = ? AND available_at > ?
         UNION ALL SELECT MIN(lease_until) + 1 FROM fedify_queue WHERE queue = ? AND lease_until >= ?)`,
    );
    this.#depth = db.prepare(
      `SELECT COUNT(*) AS queued, COALESCE(SUM(available_at <= ?), 0) AS ready,
              COALESCE(SUM(available_at > ?), 0) AS delayed
       FROM fedify_queue WHERE queue = ? AND (lease_until IS NULL OR lease_until < ?)`,
    );
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  /**
   * Resolves once the messages are committed. Enqueues made in the same turn of the event loop
   * (Fedify enqueues a fan-out's deliveries one by one when they carry an ordering key) share
   * transactions of about a hundred messages, in the order they were made.
   */
  enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const delayMs = Math.max(0, Math.round(options?.delay?.total("millisecond") ?? 0));
    return new Promise<void>((resolve, reject) => {
      const batch = { messages, availableAt: this.#now() + delayMs, key: options?.orderingKey ?? null, resolve, reject };
      this.#pendingInserts.push(batch);
      if (!this.#flushing) {
        this.#flushing = true;
        queueMicrotask(() => this.#flushInserts());
      }
    });
  }

  #flushInserts(): void {
    // About a hundred messages per transaction: the first ones are claimable (and on their way)
    // while the rest of a large fan-out is still being written.
    let count = 0;
    let taken = 0;
    while (taken < this.#pendingInserts.length && count < INSERT_CHUNK) count += this.#pendingInserts[taken++]!.messages.length;
    const batches = this.#pendingInserts.splice(0, taken);
    if (this.#pendingInserts.length > 0) setImmediate(() => this.#flushInserts());
    else this.#flushing = false;
    try {
      this.#insert(batches);
    } catch (error) {
      for (const batch of batches) batch.reject(error);
      return;
    }
    for (const batch of batches) batch.resolve();
    this.#notify();
  }

  /** Counts exclude messages whose handler is running (live lease), as Fedify asks. */
  async getDepth(): Promise<MessageQueueDepth> {
    const now = this.#now();
    return { ...this.#depth.get(now, now, this.name, now)! };
  }

  /** Leases the next claimable message, if any. Public so that tests can count polls. */
  claim(now: number = this.#now()): ClaimedMessage | undefined {
    return this.#claimMany(1, now)[0];
  }

  /** Leases up to `count` claimable messages in one statement, oldest first. */
  #claimMany(count: number, now: number): ClaimedMessage[] {
    this.#owner.register();
    const rows = this.#claim.all(now + this.#leaseMs, this.#owner.token, this.name, now, now, count);
    return rows.length > 1 ? rows.sort((a, b) => a.id - b.id) : rows;
  }

  /** Resolves once `signal` aborts and the handlers already started have settled; never rejects. */
  async listen(handler: Handler, options: MessageQueueListenOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) return;
    this.#resumeAbandoned();
    const running = new Set<Promise<void>>();
    // `dirty` keeps a wake-up that arrives while we are not sleeping from being lost.
    let dirty = true;
    let wake: (() => void) | undefined;
    let waking = false;
    // Woken after the current I/O callbacks: handlers finishing together free their slots
    // together, and one claim fills them.
    const poke = () => {
      dirty = true;
      if (waking) return;
      waking = true;
      setImmediate(() => {
        waking = false;
        wake?.();
      });
    };
    this.#notifier.addEventListener(this.name, poke);
    signal?.addEventListener("abort", poke);
    try {
      while (!signal?.aborted) {
        dirty = false;
        let sleepMs = this.#pollMs;
        // One clock reading for claiming and for choosing the sleep: a message falling due in
        // between would otherwise be neither claimed nor waited for, only found at the next poll.
        const now = this.#now();
        try {
          const free = this.#concurrency - running.size;
          const rows = free > 0 ? this.#claimMany(free, now) : [];
          for (const row of rows) {
            const task: Promise<void> = this.#run(row, handler).finally(() => {
              running.delete(task);
              poke();
            });
            running.add(task);
          }
          // With every slot busy, a finishing handler pokes us; otherwise sleep until the next due row.
          if (running.size < this.#concurrency) sleepMs = this.#sleepMs(now);
        } catch (error) {
          logger.error("Polling queue {queue} failed: {error}", { queue: this.name, error });
        }
        if (dirty || signal?.aborted) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, sleepMs);
          function done() {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          }
          wake = done;
        });
      }
      await Promise.allSettled(running);
    } finally {
      this.#unregister();
      this.#notifier.removeEventListener(this.name, poke);
      signal?.removeEventListener("abort", poke);
    }
  }

  /** Messages whose handler was running in a process that has since ended are claimable now. */
  #resumeAbandoned(): void {
    try {
      for (const [queue, count] of releaseLeasesOfGoneOwners(this.#db)) {
        logger.info("Resumed {count} message(s) of {queue} that a stopped process was handling", { count, queue });
        this.#notifier.dispatchEvent(new Event(queue));
      }
    } catch (error) {
      logger.error("Could not release the leases of stopped processes: {error}", { error }); // they expire
    }
  }

  #unregister(): void {
    try {
      this.#owner.unregister();
    } catch (error) {
      logger.warn("Could not unregister lease owner of {queue}: {error}", { queue: this.name, error });
    }
  }

  async #run(row: ClaimedMessage, handler: Handler): Promise<void> {
    if (row.attempts > MAX_ATTEMPTS) {
      // Claimed again after its lease expired too often: most likely it crashes the process.
      return this.#settle(row, () => this.#drop(row, new Error("lease expired too many times")));
    }
    // Heartbeat: a slow handler keeps its lease, so nobody runs the message twice.
    const heartbeat = setInterval(
      () => {
        try {
          this.#extend.run(this.#now() + this.#leaseMs, row.id, row.attempts);
        } catch (error) {
          logger.warn("Could not renew the lease of message {id} in {queue}: {error}", {
            id: row.id,
            queue: this.name,
            error,
          });
        }
      },
      Math.max(10, Math.floor(this.#leaseMs / 3)),
    );
    let failure: { error: unknown } | undefined;
    try {
      await handler(JSON.parse(row.payload));
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(heartbeat);
    }
    if (failure === undefined) return this.#acknowledge(row);
    this.#settle(row, () => {
      if (row.attempts >= MAX_ATTEMPTS) this.#drop(row, failure.error);
      else this.#retryLater(row, failure.error);
    });
  }

  /**
   * Deletes a handled message together with the others handled in this turn of the event loop,
   * in one transaction; resolves once it is deleted (or left leased, when deleting failed: it is
   * then handled again after its lease, at-least-once). The handler's slot stays taken until
   * then, so the next claim sees the deletion (an ordering key's next message becomes eligible).
   */
  #acknowledge(row: ClaimedMessage): Promise<void> {
    return new Promise<void>((done) => {
      if (this.#pendingDeletes.push({ id: row.id, done }) === 1) setImmediate(() => this.#flushDeletes());
    });
  }

  #flushDeletes(): void {
    const rows = this.#pendingDeletes;
    this.#pendingDeletes = [];
    try {
      this.#deleteMany(rows.map((r) => r.id));
      this.#notify(); // a deleted row may unblock its ordering key elsewhere
    } catch (error) {
      logger.error("Could not delete {count} handled message(s) in {queue}: {error}", { count: rows.length, queue: this.name, error });
    }
    for (const r of rows) r.done();
  }

  #settle(row: ClaimedMessage, action: () => void): void {
    try {
      action();
      this.#notify(); // a deleted or released row may unblock its ordering key elsewhere
    } catch (error) {
      // The row keeps its lease and comes back after expiry: at-least-once still holds.
      logger.error("Could not settle message {id} in {queue}: {error}", { id: row.id, queue: this.name, error });
    }
  }

  #retryLater(row: ClaimedMessage, error: unknown): void {
    const backoffMs = Math.min(1000 * 2 ** (row.attempts - 1), MAX_BACKOFF_MS);
    this.#release.run(this.#now() + backoffMs, row.id, row.attempts);
    logger.warn("Message {id} in {queue} failed (attempt {attempts}), retrying in {backoffMs} ms: {error}", {
      id: row.id,
      queue: this.name,
      attempts: row.attempts,
      backoffMs,
      error,
    });
  }

  #drop(row: ClaimedMessage, error: unknown): void {
    this.#delete.run(row.id);
    logger.error("Message {id} in {queue} dropped after {attempts} attempts: {error}", {
      id: row.id,
      queue: this.name,
      attempts: row.attempts,
      error,
    });
  }

  #sleepMs(now: number): number {
    const t = this.#nextWake.get(this.name, now, this.name, now)?.t;
    return t == null ? this.#pollMs : Math.min(Math.max(1, t - now), this.#pollMs);
  }

  #notify(): void {
    this.#notifier.dispatchEvent(new Event(this.name));
  }
}
