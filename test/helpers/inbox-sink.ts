// Many followers' servers in one: N HTTP servers on loopback (N origins, so N delivery queues on
// the sending side), each recording every POST it gets. While `holding`, a POST's body is read
// and recorded but not answered: the delivery stays in flight until the sender gives up or dies.

import type { ServerResponse } from "node:http";
import http from "node:http";
import type { AddressInfo } from "node:net";

type Delivery = { port: number; path: string; body: Record<string, unknown> | null; answered: boolean };

export type InboxSink = {
  /** One origin per server: http://127.0.0.1:PORT. */
  origins: string[];
  deliveries: Delivery[];
  /** Requests read but not answered yet. */
  held(): Delivery[];
  /** Answers what is held (202) and every later POST at once. */
  release(): void;
  close(): Promise<void>;
};

export async function startInboxSink(count: number, options: { holding: boolean }): Promise<InboxSink> {
  const servers: http.Server[] = [];
  const deliveries: Delivery[] = [];
  const waiting = new Map<Delivery, ServerResponse>();
  let holding = options.holding;

  for (let i = 0; i < count; i++) {
    const server = http.createServer((req, res) => {
      if (req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        let body: Record<string, unknown> | null = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          // recorded as null
        }
        const delivery: Delivery = { port: (server.address() as AddressInfo).port, path: req.url ?? "/", body, answered: false };
        deliveries.push(delivery);
        if (holding) waiting.set(delivery, res);
        else answer(delivery, res);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    servers.push(server);
  }

  function answer(delivery: Delivery, res: ServerResponse): void {
    waiting.delete(delivery);
    if (res.destroyed || res.socket?.destroyed) return; // the sender went away
    res.writeHead(202).end();
    delivery.answered = true;
  }

  return {
    origins: servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    deliveries,
    held: () => [...waiting.keys()],
    release() {
      holding = false;
      for (const [delivery, res] of [...waiting]) answer(delivery, res);
    },
    async close() {
      for (const res of waiting.values()) res.destroy();
      waiting.clear();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
