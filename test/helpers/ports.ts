// Fixed ports for processes that take a range of them (the demo's four nodes). They are chosen
// below Linux's ephemeral range (32768 and up): the kernel hands those to every socket that binds
// port 0 or connects out, and another test running beside this one could take a port of ours
// between the check here and the moment the demo listens on it.

import { createServer } from "node:net";

const LOWEST = 20_000;
const BELOW_EPHEMERAL = 32_000;

/** Whether nothing listens on `port` of 127.0.0.1 now. */
export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A base port whose next `count` ports are all free. */
export async function freeBasePort(count = 4): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = LOWEST + Math.floor(Math.random() * (BELOW_EPHEMERAL - LOWEST - count));
    let free = true;
    for (let i = 1; i <= count && free; i++) free = await isFree(base + i);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}
