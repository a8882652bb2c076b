// The first attempt of a queued delivery, sent without Fedify's per-message pipeline. For every
// message Fedify imports the signing key again from its JWK (about as costly as signing), reads
// and writes the key-value store several times, signs through WebCrypto and builds three Request
// objects; the profile of a fan-out shows that pipeline, not the signature, as the cost. Here the
// key is imported once, the body hashed and signed with node:crypto, and the POST goes through
// the same guarded `fetch` as Fedify's. To another cantine node, the first attempt also leaves out
// the LD signature and proof Fedify added (direct-body.ts); retries, through Fedify, keep them.
//
// Only what Fedify would do the same way is done here: a first attempt, to a server that takes
// draft-cavage signatures (what Fedify would knock with first) and whose circuit breaker holds
// no state. A final refusal (a 4xx other than 401, 408, 429: retry-policy.ts) ends the delivery
// as Fedify would end it, told to `onRefused`. Anything else — a retry, a held message, another
// signature scheme, a transient failure — goes to Fedify's own handler, which then sends the
// message itself (so a server failing for a while gets that first attempt twice) and applies its
// retries, double knock and circuit breaker.
import { createHash, createPrivateKey, type KeyObject, sign } from "node:crypto";
import type { KvKey, KvStore } from "@fedify/fedify";
import { validatePublicUrl } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import { directBody } from "./direct-body.ts";
import { isFinalDeliveryStatus } from "./retry-policy.ts";
import { rememberingPublicHosts } from "./safe-fetch.ts";

const logger = getLogger(["cantine", "federation", "delivery"]);

const CAVAGE = "draft-cavage-http-signatures-12";
/** Fedify's default key-value prefixes (our federation does not change them). */
const SPEC_PREFIX: KvKey = ["_fedify", "httpMessageSignaturesSpec"];
const CIRCUIT_PREFIX: KvKey = ["_fedify", "circuit"];

/** The fields of Fedify's queued outbox message this path reads (its shape, stable across 2.x). */
export type OutboxMessage = {
  type: "outbox";
  keys: { keyId: string; privateKey: JsonWebKey }[];
  activity: unknown;
  activityId?: string;
  inbox: string;
  /** The recipients this inbox was chosen for. */
  actorIds?: string[];
  attempt: number;
  headers?: Record<string, string>;
  circuitHeld?: boolean;
};

function isFirstOutboxAttempt(message: unknown): message is OutboxMessage {
  if (typeof message !== "object" || message === null) return false;
  const m = message as Partial<OutboxMessage>;
  return m.type === "outbox" && m.attempt === 0 && m.circuitHeld !== true && typeof m.inbox === "string" && Array.isArray(m.keys);
}

export type FastDeliveryOptions = {
  /** Where Fedify keeps the signature scheme and circuit-breaker state of each server. */
  kv: KvStore;
  /** The scheme Fedify knocks with first (our federation's `firstKnock`). */
  firstKnock: string;
  /** As Fedify's option: unless true, an inbox on a private address is refused before sending. */
  allowPrivateAddress: boolean;
  /** Sends the signed POST; default the process's `fetch` at call time (the guarded one). */
  fetch?: typeof fetch;
  /**
   * True for an inbox of another cantine node: it gets the activity without its LD signature and
   * proof (direct-body.ts), authenticated by the HTTP signature alone. Answered from memory.
   */
  directFor?: (inbox: URL) => boolean;
  /** A recipient's final refusal (the delivery ends, as Fedify ends it: no retry). */
  onRefused?: (message: OutboxMessage, status: number) => void | Promise<void>;
};

export class FastDelivery {
  readonly #kv: KvStore;
  readonly #firstKnock: string;
  readonly #fetch: () => typeof fetch;
  readonly #onRefused: FastDeliveryOptions["onRefused"];
  readonly #allowPrivateAddress: boolean;
  readonly #directFor: (inbox: URL) => boolean;
  /** Imported private keys by key id and modulus (a rotated key has another modulus). */
  readonly #keys = new Map<string, KeyObject>();

  constructor(options: FastDeliveryOptions) {
    this.#kv = options.kv;
    this.#firstKnock = options.firstKnock;
    const chosen = options.fetch;
    this.#fetch = chosen ? () => chosen : () => globalThis.fetch;
    this.#onRefused = options.onRefused;
    this.#allowPrivateAddress = options.allowPrivateAddress;
    this.#directFor = options.directFor ?? (() => false);
  }

  readonly #checkPublic = rememberingPublicHosts(validatePublicUrl);

  /** True when the message was delivered (or finally refused) here; false when Fedify's handler must take it. */
  async deliver(message: unknown): Promise<boolean> {
    if (!isFirstOutboxAttempt(message)) return false;
    try {
      const inbox = new URL(message.inbox);
      const key = this.#rsaKey(message.keys);
      if (key === undefined || !(await this.#takesCavage(inbox))) return false;
      // As Fedify checks before sending (the guarded fetch checks again, at connect time too); a
      // host that passed is not looked up again for a minute, as in the guarded fetch.
      if (!this.#allowPrivateAddress) await this.#checkPublic(inbox.href);
      const body = JSON.stringify(this.#directFor(inbox) ? directBody(message.activity) : message.activity);
      const headers = signCavage(inbox, body, key, message.headers ?? {});
      const response = await this.#fetch()(inbox, { method: "POST", headers, body, redirect: "manual" });
      await response.arrayBuffer().catch(() => undefined); // frees the keep-alive connection
      if (response.ok) return true;
      if (!isFinalDeliveryStatus(response.status)) return false;
      logger.warn("{inbox} refused {activity} with {status}: not sent again", { inbox: message.inbox, activity: message.activityId, status: response.status });
      try {
        await this.#onRefused?.(message, response.status);
      } catch (error) {
        logger.error("Handling the refusal of {activity} by {inbox} failed: {error}", { inbox: message.inbox, activity: message.activityId, error });
      }
      return true;
    } catch (error) {
      logger.debug("First attempt to {inbox} failed, handed to Fedify: {error}", { inbox: message.inbox, error });
      return false;
    }
  }

  async #takesCavage(inbox: URL): Promise<boolean> {
    const [spec, circuit] = await Promise.all([this.#kv.get([...SPEC_PREFIX, inbox.origin]), this.#kv.get([...CIRCUIT_PREFIX, inbox.host])]);
    return (spec ?? this.#firstKnock) === CAVAGE && circuit == null;
  }

  #rsaKey(keys: OutboxMessage["keys"]): { keyId: string; key: KeyObject } | undefined {
    const pair = keys.find((k) => k.privateKey?.kty === "RSA");
    if (pair === undefined) return undefined;
    const cacheKey = `${pair.keyId} ${pair.privateKey.n}`;
    let key = this.#keys.get(cacheKey);
    if (key === undefined) {
      key = createPrivateKey({ key: pair.privateKey as import("node:crypto").JsonWebKey, format: "jwk" });
      if (this.#keys.size >= 16) this.#keys.clear(); // a node has one or two keys; rotation adds one
      this.#keys.set(cacheKey, key);
    }
    return { keyId: pair.keyId, key };
  }
}

/** Headers of a POST signed as Fedify's draft-cavage signer does (request-target, host, date, digest, content-type). */
function signCavage(url: URL, body: string, { keyId, key }: { keyId: string; key: KeyObject }, extra: Record<string, string>): Record<string, string> {
  const signed: [string, string][] = [
    ["host", url.host],
    ["date", new Date().toUTCString()],
    ["digest", `SHA-256=${createHash("sha256").update(body).digest("base64")}`],
    ["content-type", "application/activity+json"],
  ];
  const base = [`(request-target): post ${url.pathname}`, ...signed.map(([name, value]) => `${name}: ${value}`)].join("\n");
  // On the main thread: handed to the thread pool, each signature cost more in thread switches on
  // a busy two-core machine than the 0.3 ms of the signature itself (measured with the benchmark).
  const signature = sign("sha256", Buffer.from(base), key);
  const names = ["(request-target)", ...signed.map(([name]) => name)].join(" ");
  return {
    ...extra,
    ...Object.fromEntries(signed),
    signature: `keyId="${keyId}",algorithm="rsa-sha256",headers="${names}",signature="${signature.toString("base64")}"`,
  };
}
