// Fedify's queued outbox message carries the signing keys as JWK, private halves included: about
// 2 KB per message, written once per recipient (a fan-out of a thousand writes the node's
// private key a thousand times). This queue wrapper stores each key as a reference instead (the
// key id and a digest of its public half) and puts the node's private key back when the message
// is read. A message naming a key the node no longer holds (rotated away) cannot be signed: it
// is dropped with an error naming the key, never sent unsigned nor retried in vain.
import { createHash } from "node:crypto";
import type { MessageQueue, MessageQueueDepth, MessageQueueEnqueueOptions, MessageQueueListenOptions } from "@fedify/fedify";
import { exportJwk } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";

const logger = getLogger(["cantine", "federation", "queue"]);

type KeyEntry = { keyId: string; privateKey: JsonWebKey };
type KeyReference = { keyId: string; privateKeyOf: string };
type KeyedMessage = { keys: (KeyEntry | KeyReference)[]; inbox?: unknown; activityId?: unknown };

const references = new WeakMap<JsonWebKey, string>(); // a fan-out's messages share one key object

/** A private key's reference: the digest of its public half (a rotated key has another). */
function referenceOf(jwk: JsonWebKey): string {
  let reference = references.get(jwk);
  if (reference === undefined) {
    reference = createHash("sha256")
      .update(`${jwk.kty} ${jwk.crv ?? ""} ${jwk.n ?? ""} ${jwk.x ?? ""} ${jwk.y ?? ""}`)
      .digest("base64url");
    references.set(jwk, reference);
  }
  return reference;
}

function isKeyed(message: unknown): message is KeyedMessage {
  return typeof message === "object" && message !== null && Array.isArray((message as { keys?: unknown }).keys);
}

/** The queued message names a key this node does not hold. */
class UnknownSigningKeyError extends Error {
  constructor(keyId: string) {
    super(`the queued message is signed with ${keyId}, a key this node no longer holds`);
    this.name = "UnknownSigningKeyError";
  }
}

/** Stores outbox messages with key references; `keyPairs` are the node's own (the only ones it signs with). */
export class KeysByReferenceQueue implements MessageQueue {
  readonly #queue: MessageQueue;
  readonly #keyPairs: readonly CryptoKeyPair[];
  #privateKeys: Promise<Map<string, JsonWebKey>> | undefined;
  /** The same map once made, so that enqueues stay synchronous (the queue groups a turn's enqueues). */
  #known: Map<string, JsonWebKey> | undefined;

  constructor(queue: MessageQueue, keyPairs: readonly CryptoKeyPair[]) {
    this.#queue = queue;
    this.#keyPairs = keyPairs;
  }

  get nativeRetrial(): boolean | undefined {
    return this.#queue.nativeRetrial;
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    const known = this.#known ?? (await this.#privateKeysByReference());
    return this.#queue.enqueue(stripped(message, known), options);
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const known = this.#known ?? (await this.#privateKeysByReference());
    const queue = this.#queue;
    const stored = messages.map((message) => stripped(message, known));
    return queue.enqueueMany ? queue.enqueueMany(stored, options) : Promise.all(stored.map((m) => queue.enqueue(m, options))).then(() => {});
  }

  // biome-ignore lint/suspicious/noExplicitAny: Fedify's MessageQueue contract types messages as any.
  listen(handler: (message: any) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
    return this.#queue.listen(async (message: unknown) => {
      let restored: unknown;
      try {
        restored = await this.restore(message);
      } catch (error) {
        if (!(error instanceof UnknownSigningKeyError)) throw error;
        const { inbox, activityId } = message as KeyedMessage;
        logger.error("Delivery of {activity} to {inbox} dropped: {error}", { activity: activityId, inbox, error });
        return;
      }
      await handler(restored);
    }, options);
  }

  getDepth(): Promise<MessageQueueDepth> {
    return this.#queue.getDepth ? this.#queue.getDepth() : Promise.resolve({ queued: 0 });
  }

  /** The message with the private keys its references name; throws UnknownSigningKeyError. */
  async restore(message: unknown): Promise<unknown> {
    if (!isKeyed(message) || !message.keys.some((k) => "privateKeyOf" in k)) return message;
    const privateKeys = await this.#privateKeysByReference();
    const keys = message.keys.map((key): KeyEntry => {
      if (!("privateKeyOf" in key)) return key;
      const privateKey = privateKeys.get(key.privateKeyOf);
      if (privateKey === undefined) throw new UnknownSigningKeyError(key.keyId);
      return { keyId: key.keyId, privateKey };
    });
    return { ...message, keys };
  }

  #privateKeysByReference(): Promise<Map<string, JsonWebKey>> {
    this.#privateKeys ??= Promise.all(this.#keyPairs.map(async (pair) => exportJwk(pair.privateKey))).then((jwks) => {
      this.#known = new Map(jwks.map((jwk) => [referenceOf(jwk), jwk]));
      return this.#known;
    });
    return this.#privateKeys;
  }
}

/**
 * The message as stored: each of the node's own private keys replaced by its reference (a key
 * it does not hold stays whole, so that whatever is stored can be read back). Other messages
 * pass as they are.
 */
function stripped(message: unknown, known: ReadonlyMap<string, JsonWebKey>): unknown {
  if (!isKeyed(message)) return message;
  const keys = message.keys.map((key) => {
    if (!("privateKey" in key) || typeof key.privateKey !== "object" || key.privateKey === null) return key;
    const reference = referenceOf(key.privateKey);
    return known.has(reference) ? { keyId: key.keyId, privateKeyOf: reference } : key;
  });
  return { ...message, keys };
}
