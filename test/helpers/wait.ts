/** Polls `condition` until it holds; fails with `what` after the timeout. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what = "condition", timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const QUEUES = ["inbox", "fanout", "outbox"] as const;

/**
 * Waits until a node has nothing left in its queues (waiting, retrying or being handled), as its
 * /healthz reports: the positive signal a negative test waits for before it asserts that something
 * did not happen. An inbox POST answered 202 has already enqueued its activity, and a handler
 * enqueues what it sends before it finishes, so one reading of all zeros means all is done.
 */
export async function waitForQueuesDrained(origin: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { queue } = (await (await fetch(`${origin}/healthz`)).json()) as { queue?: Record<string, number> };
    if (QUEUES.every((name) => queue?.[name] === 0)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${origin} to drain its queues (last: ${JSON.stringify(queue)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
