// What a test peer received, and promises that resolve when a matching entry arrives (past or
// future): the waiting half of a fake server, apart from its HTTP half.

interface Waiter<T> {
  predicate: (entry: T) => boolean;
  resolve: (entry: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface Arrivals<T> {
  readonly entries: T[];
  record(entry: T): void;
  /** Resolves with the first entry matching `predicate`; rejects after the timeout, describing what came. */
  waitFor(predicate: (entry: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Rejects every pending wait (the peer is closing). */
  cancelAll(reason: string): void;
}

export function arrivals<T>(name: string, describe: (entry: T) => string): Arrivals<T> {
  const entries: T[] = [];
  const waiters = new Set<Waiter<T>>();
  const settle = (waiter: Waiter<T>) => {
    clearTimeout(waiter.timer);
    waiters.delete(waiter);
  };
  const listing = () => (entries.length === 0 ? "nothing was received" : entries.map((e, i) => `  ${i + 1}. ${describe(e)}`).join("\n"));

  return {
    entries,
    record(entry) {
      entries.push(entry);
      for (const waiter of [...waiters]) {
        let matches = false;
        try {
          matches = waiter.predicate(entry);
        } catch (error) {
          settle(waiter);
          waiter.reject(error instanceof Error ? error : new Error(String(error)));
          continue;
        }
        if (matches) {
          settle(waiter);
          waiter.resolve(entry);
        }
      }
    },
    waitFor(predicate, timeoutMs = 15_000) {
      const already = entries.find(predicate);
      if (already !== undefined) return Promise.resolve(already);
      const error = new Error("waitFor timed out"); // created here so that the stack shows the caller
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter<T> = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            settle(waiter);
            error.message = `${name}: nothing matched within ${timeoutMs} ms; received:\n${listing()}`;
            reject(error);
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    cancelAll(reason) {
      for (const waiter of [...waiters]) {
        settle(waiter);
        waiter.reject(new Error(`${name}: ${reason}; received:\n${listing()}`));
      }
    },
  };
}
