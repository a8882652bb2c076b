/** Polls `condition` until it holds; fails with `what` after the timeout. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what = "condition", timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
