// Deliveries as a follower's server sees them: what they say about their sender (User-Agent),
// and what becomes of a follower whose server answers 410 Gone.

import { readFileSync } from "node:fs";
import http from "node:http";
import { dirname } from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Received } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { waitUntil } from "../helpers/wait.ts";

const packageVersion = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

function upcoming(title: string) {
  const date = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  return { title, startsAt: `${date}T19:00`, endsAt: `${date}T21:00` };
}

const createOf = (url: string) => (r: Received) => r.body?.type === "Create" && (r.body.object?.id ?? r.body.object) === url;

/** A server that answers 410 Gone to every POST (an instance whose accounts were deleted), counting them. */
async function goneServer(port: number): Promise<{ posts: { path: string; userAgent: string | undefined }[]; close(): Promise<void> }> {
  const posts: { path: string; userAgent: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method === "POST") posts.push({ path: req.url ?? "/", userAgent: req.headers["user-agent"] });
      res.writeHead(req.method === "POST" ? 410 : 404, { "Content-Type": "application/json" }).end('{"error":"Gone"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("deliveries", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  async function node(): Promise<NodeProcess> {
    const started = await startNodeProcess();
    cleanups.push(async () => {
      await started.stop();
      removeWorkDir(dirname(started.configFile));
    });
    return started;
  }

  const followerCount = async (n: NodeProcess) => (await api(n, "GET", "/users/paris/followers", null)).body.totalItems as number;
  const deliveriesLeft = async (n: NodeProcess) => {
    const { outbox, fanout } = (await api(n, "GET", "/healthz", null)).body.queue as { outbox: number; fanout: number };
    return outbox + fanout;
  };

  it("name Cantine, its version and the node's address in their User-Agent", async () => {
    const paris = await node();
    const peer = await startPeer();
    cleanups.push(() => peer.close());
    const actor = `${paris.origin}/users/paris`;
    await peer.follow("alice", actor, `${actor}/inbox`);
    const accept = await peer.waitFor((r) => r.body?.type === "Accept");
    const created = await api(paris, "POST", "/api/admin/events", await issueToken(paris), upcoming("Named sender"));
    expect(created.status).toBe(201);
    const delivery = await peer.waitFor(createOf(created.body.url), 30_000);

    expect(delivery.verified).toBe(true);
    for (const received of [accept, delivery]) {
      const userAgent = received.headers["user-agent"] ?? "";
      expect(userAgent.startsWith(`cantine/${packageVersion} (Fedify/`)).toBe(true);
      expect(userAgent).toContain(`+${paris.origin}`);
    }
  }, 60_000);

  it("stop going to a follower whose server answers 410 Gone: it is no longer a follower", async () => {
    const paris = await node();
    const peer = await startPeer({ users: ["alice", "bob"] });
    const actor = `${paris.origin}/users/paris`;
    await peer.follow("alice", actor, `${actor}/inbox`);
    await peer.follow("bob", actor, `${actor}/inbox`);
    await waitUntil(async () => (await followerCount(paris)) === 2, "both followers to be accepted", 20_000);
    const port = Number(new URL(peer.origin).port);
    await peer.close();

    // The same server back, its accounts deleted: every delivery is answered 410 Gone.
    const gone = await goneServer(port);
    cleanups.push(() => gone.close());
    const token = await issueToken(paris);
    const created = await api(paris, "POST", "/api/admin/events", token, upcoming("To a deleted follower"));
    expect(created.status).toBe(201);
    await waitUntil(async () => (await followerCount(paris)) === 0, "the gone followers to be removed", 30_000);
    expect(gone.posts.length).toBeGreaterThan(0);
    expect(gone.posts.every((p) => p.userAgent?.startsWith("cantine/"))).toBe(true);

    // Nothing more goes there: the next event has no one to reach on that server.
    const before = gone.posts.length;
    const next = await api(paris, "POST", "/api/admin/events", token, upcoming("After the removal"));
    expect(next.status).toBe(201);
    await waitUntil(async () => (await deliveriesLeft(paris)) === 0, "the node to have nothing left to deliver", 30_000);
    expect(gone.posts.length).toBe(before);
  }, 90_000);
});
