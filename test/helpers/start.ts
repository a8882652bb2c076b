/**
 * Starts several servers or processes at once. If one fails, those that did start are stopped
 * before the error is thrown: a test whose setup fails must not leave a server open, or Jest
 * would never exit.
 */
export async function startTogether<T extends unknown[]>(...starts: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(starts);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failure) {
    const started = results.filter((result): result is PromiseFulfilledResult<unknown> => result.status === "fulfilled");
    await Promise.allSettled(started.map((result) => release(result.value)));
    throw failure.reason;
  }
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as T;
}

/** Stops whatever was started: node processes have stop(), peers and browsers close(). */
async function release(value: unknown): Promise<void> {
  const handle = value as { stop?: () => Promise<void>; close?: () => Promise<void> } | null;
  if (typeof handle?.stop === "function") await handle.stop();
  else if (typeof handle?.close === "function") await handle.close();
}
