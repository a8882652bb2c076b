// How many requests this process has in flight to one remote host. A burst of deliveries, key
// fetches and outbox walks to one server (a follower's, or one a hostile activity names) must
// neither flood it nor pile up unbounded in our memory: past `perHost`, requests wait in a short
// queue, and past `maxWaiting` they fail at once.

export const DEFAULT_CONCURRENCY_PER_HOST = 4;
const DEFAULT_MAX_WAITING_PER_HOST = 256;

/** Too many requests already wait for this host. Transient: the caller retries later. */
export class HostBusyError extends Error {
  readonly host: string;

  constructor(host: string, waiting: number) {
    super(`too many requests to ${host} (${waiting} already waiting for a free slot)`);
    this.name = "HostBusyError";
    this.host = host;
  }
}

type Waiter = { grant: () => void };
type HostState = { active: number; waiting: Waiter[] };

export type HostConcurrencyOptions = { perHost?: number; maxWaiting?: number };

/** A counting semaphore per host name (`host` of a URL: name and port). */
export class HostConcurrency {
  #perHost: number;
  readonly #maxWaiting: number;
  readonly #hosts = new Map<string, HostState>();

  constructor(options: HostConcurrencyOptions = {}) {
    this.#perHost = options.perHost ?? DEFAULT_CONCURRENCY_PER_HOST;
    this.#maxWaiting = options.maxWaiting ?? DEFAULT_MAX_WAITING_PER_HOST;
  }

  get perHost(): number {
    return this.#perHost;
  }

  /** Changes the limit; raising it lets waiting requests start at once. */
  set perHost(value: number) {
    this.#perHost = Math.max(1, value);
    for (const [host, state] of this.#hosts) {
      while (state.active < this.#perHost && state.waiting.length > 0) {
        state.active++;
        state.waiting.shift()!.grant();
      }
      this.#forgetIfIdle(host, state);
    }
  }

  /**
   * Resolves with a release function once a slot to `host` is free. Waiting counts against the
   * caller's deadline: when `signal` aborts, the request leaves the queue and the promise rejects
   * with the signal's reason. A full queue rejects at once with HostBusyError.
   */
  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let state = this.#hosts.get(host);
    if (state === undefined) this.#hosts.set(host, (state = { active: 0, waiting: [] }));
    if (state.active < this.#perHost) {
      state.active++;
      return Promise.resolve(this.#releaser(host, state));
    }
    if (state.waiting.length >= this.#maxWaiting) return Promise.reject(new HostBusyError(host, state.waiting.length));
    const queue = state.waiting;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        this.#forgetIfIdle(host, state);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.#releaser(host, state));
        },
      };
      queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Requests holding a slot to `host`, and requests waiting for one. */
  load(host: string): { active: number; waiting: number } {
    const state = this.#hosts.get(host);
    return { active: state?.active ?? 0, waiting: state?.waiting.length ?? 0 };
  }

  /** Hosts with anything active or waiting (idle hosts are forgotten, so the map stays small). */
  get hostCount(): number {
    return this.#hosts.size;
  }

  #releaser(host: string, state: HostState): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.active <= this.#perHost ? state.waiting.shift() : undefined;
      if (next !== undefined) return next.grant(); // the slot passes on: `active` stays the same
      state.active--;
      this.#forgetIfIdle(host, state);
    };
  }

  #forgetIfIdle(host: string, state: HostState): void {
    if (state.active === 0 && state.waiting.length === 0 && this.#hosts.get(host) === state) this.#hosts.delete(host);
  }
}
