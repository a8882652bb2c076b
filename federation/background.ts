import type { Logger } from "@logtape/logtape";

/**
 * Work started by an inbound activity that outlives it (a back-fill after an Accept). Tracked so
 * that a node closes only once it is done, and so that one actor is never synced twice at once.
 */
export class BackgroundTasks {
  readonly #running = new Map<string, Promise<void>>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Starts `work` under `key` unless a task with that key is already running. */
  run(key: string, work: () => Promise<unknown>): Promise<void> {
    const existing = this.#running.get(key);
    if (existing) return existing;
    const task = work()
      .then(() => undefined)
      .catch((error) => this.#log.error("Background task {key} failed: {error}", { key, error }))
      .finally(() => this.#running.delete(key));
    this.#running.set(key, task);
    return task;
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
  }
}
