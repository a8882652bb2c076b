// Child process of the mesh scenario: several cantine nodes in one process (`startNode`, as the
// tests run them), so that fifty fit in memory. `node scripts/bench/mesh-host.ts`, then messages:
// - {type:"start", specs, peers?} → prepares each node (database, keys, an operator token; with
//   `peers`, the whole mesh written in: it follows each peer and each follows it, accepted) and
//   starts it → {type:"started", nodes: [{origin, token}]};
// - {type:"watch", expected} → {type:"complete", at: {origin: epoch ms}} once each node's
//   database holds `expected` events (read from its own SQLite, every 10 ms: no HTTP load);
// - {type:"stats"} → {type:"stats", cpuSeconds, rssMiB, nodes: {origin: Traffic}, answers: {status: count}, fetched: {path: count}};
// - {type:"progress"} → {type:"progress", answers, fetched, nodes: [{origin, events, queued: {queue: messages}}]}.
// What each node sends is counted where it arrives: a delivery is a POST signed with the sender's
// key (its keyId is on the sender's origin), its bytes the body's Content-Length; what a node
// serves (actor documents, keys, outboxes, WebFinger) is what its server's sockets wrote.
import "../../node/temporal.ts";
import type { Socket } from "node:net";
import { join } from "node:path";
import type { BuiltNode, CantineNode } from "../../node/app.ts";
import { startNode } from "../../node/app.ts";
import { parseConfig, StartupError } from "../../node/config.ts";
import type { NodeSpec } from "./lib.ts";
import { freePort, prepareNode, removeDir } from "./lib.ts";

/** Counted per sending node: signed POSTs received by any node of this process, and their body bytes. */
export type Traffic = { deliveries: number; deliveryBytes: number; servedBytes: number };

const send = (message: unknown) => process.send?.(message);
const nodes: CantineNode[] = [];
/** Keyed by the sender's origin ("http://127.0.0.1:PORT"): what this process's nodes received from it. */
const received = new Map<string, { deliveries: number; bytes: number }>();
const sockets = new Map<string, Set<Socket>>();
const served = new Map<string, number>();
/** Statuses of the signed POSTs this process's nodes answered (a 429 or 5xx delays a delivery). */
const answers = new Map<number, number>();
/** GET requests this process's nodes answered, by kind of path. */
const fetched = new Map<string, number>();

function senderOrigin(req: { headers: Record<string, string | string[] | undefined> }): string | null {
  const header = String(req.headers.signature ?? req.headers["signature-input"] ?? "");
  const keyId = /keyid="([^"]+)"/i.exec(header)?.[1];
  if (!keyId) return null;
  try {
    return new URL(keyId).origin;
  } catch {
    return null;
  }
}

function watchTraffic(node: CantineNode): void {
  const origin = new URL(node.config.origin).origin;
  const open = new Set<Socket>();
  sockets.set(origin, open);
  served.set(origin, 0);
  node.server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => {
      open.delete(socket);
      served.set(origin, served.get(origin)! + socket.bytesWritten);
    });
  });
  node.server.on("request", (req, res) => {
    if (req.method === "GET") {
      // "/users/c3" → "/users/*", "/events/ab12" → "/events/*": which documents peers fetch.
      const kind = (req.url ?? "").split("?")[0]!.replace(/^(\/[^/]+)\/[^/]+/, "$1/*");
      fetched.set(kind, (fetched.get(kind) ?? 0) + 1);
    }
    if (req.method !== "POST") return;
    const from = senderOrigin(req);
    if (!from) return;
    res.once("finish", () => answers.set(res.statusCode, (answers.get(res.statusCode) ?? 0) + 1));
    const counts = received.get(from) ?? { deliveries: 0, bytes: 0 };
    counts.deliveries++;
    counts.bytes += Number(req.headers["content-length"] ?? 0);
    received.set(from, counts);
  });
}

function stats() {
  const traffic: Record<string, Traffic> = {};
  const origins = new Set([...received.keys(), ...served.keys()]);
  for (const origin of origins) {
    const live = [...(sockets.get(origin) ?? [])].reduce((sum, s) => sum + s.bytesWritten, 0);
    traffic[origin] = {
      deliveries: received.get(origin)?.deliveries ?? 0,
      deliveryBytes: received.get(origin)?.bytes ?? 0,
      servedBytes: (served.get(origin) ?? 0) + live,
    };
  }
  const usage = process.cpuUsage();
  return {
    type: "stats",
    cpuSeconds: (usage.user + usage.system) / 1e6,
    rssMiB: process.memoryUsage.rss() / 2 ** 20,
    nodes: traffic,
    answers: Object.fromEntries(answers),
    fetched: Object.fromEntries(fetched),
  };
}

/** A cantine of the network, as its peers know it. */
export type Peer = { slug: string; origin: string; name: string; city: string; country: string; timezone: string };

/** Writes into a prepared node that it follows every peer and every peer follows it, both accepted. */
function seedMesh(node: BuiltNode, self: string, peers: readonly Peer[]): void {
  const now = new Date().toISOString();
  node.db.transaction(() => {
    for (const peer of peers) {
      if (peer.origin === self) continue;
      const actorId = `${peer.origin}/users/${peer.slug}`;
      const handle = `${peer.slug}@${new URL(peer.origin).host}`;
      const inbox = `${actorId}/inbox`;
      const sharedInbox = `${peer.origin}/inbox`;
      // No outbox: the start-up reconcile has nothing to walk (the peers are not all up yet).
      node.cantines.upsertProfile({
        ...peer,
        actorId,
        local: false,
        handle,
        url: actorId,
        icon: null,
        actorType: "Organization",
        inbox,
        sharedInbox,
        outbox: null,
      });
      node.cantines.setFollow(actorId, "accepted", `${self}/users/${node.config.slug}/follows/${peer.slug}`, now);
      node.followers.upsert({
        actorId,
        inbox,
        sharedInbox,
        followId: `${actorId}/follows/${node.config.slug}`,
        actorType: "Organization",
        handle,
        software: "cantine",
        state: "accepted",
        createdAt: now,
        acceptedAt: now,
      });
    }
  })();
}

/**
 * Prepares and starts a node. Without a mesh to write, on a port chosen now (one chosen earlier
 * may have been taken meanwhile), trying again if it was; with one, on its own port (the peers
 * know it already).
 */
async function startOne(spec: NodeSpec, peers: readonly Peer[] | null): Promise<{ node: CantineNode; token: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = peers ? spec.port : await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const raw = { ...spec.raw, port, origin };
    const { token } = await prepareNode({ ...spec, port, origin, raw }, peers ? (node) => seedMesh(node, origin, peers) : undefined);
    try {
      return { node: await startNode(parseConfig(raw, { baseDir: spec.dir })), token };
    } catch (error) {
      if (peers || attempt >= 5 || !(error instanceof StartupError)) throw error;
      removeDir(join(spec.dir, "data")); // made for the other origin
    }
  }
}

async function start(specs: NodeSpec[], peers: Peer[] | null): Promise<void> {
  const started: { origin: string; token: string }[] = [];
  for (const spec of specs) {
    const { node, token } = await startOne(spec, peers);
    nodes.push(node);
    watchTraffic(node);
    started.push({ origin: node.config.origin, token });
  }
  send({ type: "started", nodes: started });
}

/** Where each node stands: its events, and its queues' messages (waiting or running). */
function progress() {
  return {
    type: "progress",
    answers: Object.fromEntries(answers),
    fetched: Object.fromEntries(fetched),
    nodes: nodes.map((node) => ({
      origin: node.config.origin,
      events: node.db.prepare<[], number>("SELECT count(*) FROM events WHERE deleted_at IS NULL").pluck().get(),
      queued: Object.fromEntries(
        node.db
          .prepare<[], { queue: string; n: number }>("SELECT queue, count(*) AS n FROM fedify_queue GROUP BY queue")
          .all()
          .map((row) => [row.queue, row.n]),
      ),
    })),
  };
}

let watching: NodeJS.Timeout | undefined;

function watch(expected: number): void {
  const at: Record<string, number> = {};
  const counts = nodes.map((node) => ({
    origin: node.config.origin,
    count: node.db.prepare<[], number>("SELECT count(*) FROM events WHERE deleted_at IS NULL").pluck(),
  }));
  clearInterval(watching);
  const timer = (watching = setInterval(() => {
    for (const { origin, count } of counts) if (at[origin] === undefined && count.get()! >= expected) at[origin] = Date.now();
    if (Object.keys(at).length === counts.length) {
      clearInterval(timer);
      send({ type: "complete", at });
    }
  }, 10));
}

process.on("message", (message: any) => {
  const fail = (error: unknown) => send({ type: "error", error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  try {
    if (message?.type === "start") start(message.specs, message.peers ?? null).catch(fail);
    else if (message?.type === "watch") watch(message.expected);
    else if (message?.type === "stats") send(stats());
    else if (message?.type === "progress") send(progress());
  } catch (error) {
    fail(error);
  }
});

process.once("SIGTERM", () => {
  clearInterval(watching);
  void Promise.allSettled(nodes.map((node) => node.close())).then(() => process.exit(0));
});
// node-cron warns on stdout of each schedule a busy event loop made it miss: fifty nodes on two
// cores miss many, and their warnings would bury the benchmark's output.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (!String(args[0]).includes("[NODE-CRON]")) warn(...args);
};
send({ type: "waiting" });
