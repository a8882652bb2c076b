import type { MessageQueue, MessageQueueDepth, MessageQueueEnqueueOptions, MessageQueueListenOptions } from "@fedify/fedify";
import type { FastDelivery } from "./fast-delivery.ts";

/** Retries from this one on run without their ordering key. */
const LAST_ORDERED_ATTEMPT = 1;

/** The fields of Fedify's outbox message we read (its queued shape, kept stable across versions). */
function retryAttempt(message: unknown): number {
  if (typeof message !== "object" || message === null) return 0;
  const { type, attempt } = message as { type?: unknown; attempt?: unknown };
  return type === "outbox" && typeof attempt === "number" ? attempt : 0;
}

/**
 * Fedify sends deliveries with fetch's default User-Agent (`node`) and only the headers its
 * queued message carries: the message gets ours, so that every attempt, retries included, names
 * this node. Messages of other shapes pass unchanged.
 */
function withUserAgent(message: unknown, userAgent: string | undefined): unknown {
  if (userAgent === undefined || typeof message !== "object" || message === null || (message as { type?: unknown }).type !== "outbox") return message;
  const headers = (message as { headers?: Record<string, string> }).headers ?? {};
  if (Object.keys(headers).some((name) => name.toLowerCase() === "user-agent")) return message;
  return { ...message, headers: { ...headers, "User-Agent": userAgent } };
}

export type OutboxQueueOptions = {
  /** Sent with every delivery. */
  userAgent?: string;
  /** Sends first attempts itself (fast-delivery.ts); what it does not deliver goes to Fedify. */
  fastDelivery?: FastDelivery;
};

/**
 * The outbox queue as Fedify sees it. Fedify puts a failed delivery back as a new message with
 * the same ordering key, and the queue runs a key's messages oldest first: an activity queued
 * behind that retry waits out its whole back-off, which grows to hours. So only the first retry
 * keeps the key — an Update queued during a short outage still follows its Create — and later
 * ones leave it behind: a delivery that keeps failing holds up the later activities about the
 * same object (the Delete behind a failing Update) for at most its first retry.
 */
export class OutboxQueue implements MessageQueue {
  readonly #queue: MessageQueue;
  readonly #options: OutboxQueueOptions;

  constructor(queue: MessageQueue, options: OutboxQueueOptions = {}) {
    this.#queue = queue;
    this.#options = options;
  }

  get nativeRetrial(): boolean | undefined {
    return this.#queue.nativeRetrial;
  }

  enqueue(original: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    const message = withUserAgent(original, this.#options.userAgent);
    if (options?.orderingKey !== undefined && retryAttempt(message) > LAST_ORDERED_ATTEMPT) {
      const { orderingKey: _, ...unordered } = options;
      return this.#queue.enqueue(message, unordered);
    }
    return this.#queue.enqueue(message, options);
  }

  // First sends only (Fedify re-enqueues retries one by one, with `enqueue`).
  enqueueMany(originals: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const messages = originals.map((m) => withUserAgent(m, this.#options.userAgent));
    const queue = this.#queue;
    return queue.enqueueMany ? queue.enqueueMany(messages, options) : Promise.all(messages.map((m) => queue.enqueue(m, options))).then(() => {});
  }

  // biome-ignore lint/suspicious/noExplicitAny: Fedify's MessageQueue contract types messages as any.
  listen(handler: (message: any) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
    const fast = this.#options.fastDelivery;
    if (fast === undefined) return this.#queue.listen(handler, options);
    return this.#queue.listen(async (message: unknown) => {
      if (!(await fast.deliver(message))) await handler(message);
    }, options);
  }

  async getDepth(): Promise<MessageQueueDepth> {
    return this.#queue.getDepth ? this.#queue.getDepth() : { queued: 0 };
  }
}
