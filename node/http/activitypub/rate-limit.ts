// What one remote server may cost this node's inbox: requests and bytes per minute per sending
// host, and how many inbox requests are worked on at once. Refusals are cheap (no parsing, no
// signature check) and say when to come back; ActivityPub servers retry a 429 later.

export type InboxLimits = Readonly<{
  /** Inbox POSTs accepted per sending host per minute (a burst of this many, then refilled evenly). */
  requestsPerMinute: number;
  /** Inbox body bytes accepted per sending host per minute. At least the 1 MB body limit. */
  bytesPerMinute: number;
  /** Inbox requests handled at once, all hosts together; one host may hold half of them. */
  concurrency: number;
}>;

export const DEFAULT_INBOX_LIMITS: InboxLimits = { requestsPerMinute: 300, bytesPerMinute: 5 * 1024 * 1024, concurrency: 32 };

/** Hosts whose budgets are remembered; past this, the least recently seen is forgotten. */
const MAX_TRACKED_HOSTS = 10_000;

const MINUTE_MS = 60_000;
/** Refills are fractions: a budget that is 1 but for rounding is 1. */
const EPSILON = 1e-9;

export type GateVerdict =
  | { ok: true; release: () => void }
  | { ok: false; status: 429; retryAfterSeconds: number; reason: string; code: "busy" | "rate_limited" };

type Budget = { requests: number; bytes: number; at: number };

/**
 * Two token buckets per host: a host may spend a minute's worth of requests and bytes at once,
 * and earns them back evenly over the minute. A refused request costs nothing.
 */
export class HostBudgets {
  readonly #limits: Pick<InboxLimits, "requestsPerMinute" | "bytesPerMinute">;
  readonly #now: () => number;
  readonly #maxHosts: number;
  readonly #budgets = new Map<string, Budget>();

  constructor(limits: Pick<InboxLimits, "requestsPerMinute" | "bytesPerMinute">, options: { now?: () => number; maxHosts?: number } = {}) {
    this.#limits = limits;
    this.#now = options.now ?? (() => performance.now());
    this.#maxHosts = options.maxHosts ?? MAX_TRACKED_HOSTS;
  }

  /** Spends one request and `bytes` of `host`'s budget, or says why not and when to retry. */
  spend(host: string, bytes: number): { ok: true } | { ok: false; retryAfterMs: number; reason: string } {
    const { requestsPerMinute, bytesPerMinute } = this.#limits;
    const budget = this.#current(host);
    if (budget.requests < 1 - EPSILON) {
      return {
        ok: false,
        retryAfterMs: ((1 - budget.requests) * MINUTE_MS) / requestsPerMinute,
        reason: `too many inbox requests from ${host}: at most ${requestsPerMinute} per minute`,
      };
    }
    const cost = Math.min(bytes, bytesPerMinute); // a body larger than the whole budget waits for a full one
    if (budget.bytes < cost - EPSILON) {
      return {
        ok: false,
        retryAfterMs: ((cost - budget.bytes) * MINUTE_MS) / bytesPerMinute,
        reason: `too many inbox bytes from ${host}: at most ${bytesPerMinute} per minute`,
      };
    }
    budget.requests = Math.max(0, budget.requests - 1);
    budget.bytes = Math.max(0, budget.bytes - cost);
    return { ok: true };
  }

  /** Hosts currently remembered. */
  get size(): number {
    return this.#budgets.size;
  }

  /** The host's budget, refilled up to now; it becomes the most recently seen. */
  #current(host: string): Budget {
    const now = this.#now();
    const { requestsPerMinute, bytesPerMinute } = this.#limits;
    let budget = this.#budgets.get(host);
    if (budget === undefined) {
      budget = { requests: requestsPerMinute, bytes: bytesPerMinute, at: now };
      if (this.#budgets.size >= this.#maxHosts) this.#budgets.delete(this.#budgets.keys().next().value!);
    } else {
      const elapsed = Math.max(0, now - budget.at) / MINUTE_MS;
      budget.requests = Math.min(requestsPerMinute, budget.requests + elapsed * requestsPerMinute);
      budget.bytes = Math.min(bytesPerMinute, budget.bytes + elapsed * bytesPerMinute);
      budget.at = now;
      this.#budgets.delete(host); // re-inserted below: Map order is then least recently seen first
    }
    this.#budgets.set(host, budget);
    return budget;
  }
}

/**
 * Counts inbox requests being handled; refuses past `max` instead of queueing them. One host may
 * hold at most half the slots (rounded up), so that a flood from one server leaves room for others.
 */
export class InFlight {
  readonly max: number;
  readonly perHost: number;
  #count = 0;
  readonly #hosts = new Map<string, number>();

  constructor(max: number) {
    this.max = max;
    this.perHost = Math.ceil(max / 2);
  }

  get count(): number {
    return this.#count;
  }

  /** A release function, or why not: all slots taken, or `host`'s share of them. */
  tryEnter(host: string): (() => void) | "full" | "host" {
    if (this.#count >= this.max) return "full";
    const held = this.#hosts.get(host) ?? 0;
    if (held >= this.perHost) return "host";
    this.#count++;
    this.#hosts.set(host, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#count--;
      const left = this.#hosts.get(host)! - 1;
      if (left === 0) this.#hosts.delete(host);
      else this.#hosts.set(host, left);
    };
  }
}

/** The inbox's door: a slot among those in flight, then the sending host's budget. */
export function createInboxGate(limits: InboxLimits, options: { now?: () => number; maxHosts?: number } = {}) {
  const budgets = new HostBudgets(limits, options);
  const inFlight = new InFlight(limits.concurrency);
  return {
    budgets,
    inFlight,
    /** Lets one request from `host` with a body of `bytes` in, or says why not (nothing is spent then). */
    admit(host: string, bytes: number): GateVerdict {
      const release = inFlight.tryEnter(host);
      if (release === "full") {
        return { ok: false, status: 429, retryAfterSeconds: 1, reason: `too many inbox requests in progress: at most ${inFlight.max} at once`, code: "busy" };
      }
      if (release === "host") {
        return {
          ok: false,
          status: 429,
          retryAfterSeconds: 1,
          reason: `too many inbox requests from ${host} in progress: at most ${inFlight.perHost} at once`,
          code: "busy",
        };
      }
      const spent = budgets.spend(host, bytes);
      if (spent.ok) return { ok: true, release };
      release();
      return { ok: false, status: 429, retryAfterSeconds: Math.max(1, Math.ceil(spent.retryAfterMs / 1000)), reason: spent.reason, code: "rate_limited" };
    },
  };
}

export type InboxGate = ReturnType<typeof createInboxGate>;

/**
 * Which server an inbox request comes from, before anything is verified: the host (name and
 * port) of its signature's key id. The origin guard then requires the actor on that origin and
 * Fedify verifies the signature with that very key, so a sender cannot spend another server's
 * budget and get its activity through. Unsigned requests (refused by the guard anyway) are
 * counted by client address.
 */
export function senderHost(keyIds: readonly string[], clientAddress: string | undefined): string {
  for (const keyId of keyIds) {
    try {
      return new URL(keyId).host;
    } catch {
      // not a URL: the origin guard refuses it
    }
  }
  return `unsigned from ${clientAddress ?? "unknown address"}`;
}
