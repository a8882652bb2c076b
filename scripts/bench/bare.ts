// A bare Fedify federation: Fedify's own in-memory KvStore, no database, no Express, none of our
// guards. The baselines run on it (fan-out, inbox), and so does the ingest benchmark's sender.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Federation, MessageQueue } from "@fedify/fedify";
import { createFederation, importJwk, MemoryKvStore } from "@fedify/fedify";
import type { Recipient } from "@fedify/vocab";
import { Activity, Application, Endpoints } from "@fedify/vocab";

export type JwkPair = { privateJwk: JsonWebKey; publicJwk: JsonWebKey };

export async function importPairs(pairs: readonly JwkPair[]): Promise<CryptoKeyPair[]> {
  return Promise.all(pairs.map(async (p) => ({ privateKey: await importJwk(p.privateJwk, "private"), publicKey: await importJwk(p.publicJwk, "public") })));
}

export type BareOptions = {
  origin: string;
  slug: string;
  keyPairs: CryptoKeyPair[];
  queue?: MessageQueue;
  /** Who "followers" expands to (the fan-out baseline). */
  followers?: () => Recipient[];
  /** Called for every activity the inbox receives (the inbox baseline does nothing else). */
  onActivity?: (activity: Activity) => void;
};

/** One actor at /users/{slug} with its keys, a followers collection and a do-nothing inbox. */
export function createBareFederation(options: BareOptions): Federation<void> {
  const federation = createFederation<void>({
    kv: new MemoryKvStore(),
    ...(options.queue ? { queue: options.queue, manuallyStartQueue: true } : {}),
    origin: options.origin,
    allowPrivateAddress: true,
    // As our node, and as the sink verifies: draft-cavage first.
    firstKnock: "draft-cavage-http-signatures-12",
  });
  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
      if (identifier !== options.slug) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      return new Application({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: `Bare ${identifier}`,
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: keys[0]?.cryptographicKey ?? null,
        assertionMethods: keys.map((k) => k.multikey),
      });
    })
    .setKeyPairsDispatcher((_ctx, identifier) => (identifier === options.slug ? options.keyPairs : []));
  federation.setOutboxDispatcher("/users/{identifier}/outbox", () => ({ items: [] }));
  federation.setFollowersDispatcher("/users/{identifier}/followers", (_ctx, identifier) =>
    identifier === options.slug ? { items: options.followers?.() ?? [] } : null,
  );
  federation.setInboxListeners("/users/{identifier}/inbox", "/inbox").on(Activity, (_ctx, activity) => options.onActivity?.(activity));
  return federation;
}

export type Served = { port: number; origin: string; close(): Promise<void> };

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Serves a federation over node:http on 127.0.0.1 (`/healthz` answers 200 outside Fedify);
 * `extra` may answer a request first (return true when it did).
 */
export async function serveFederation(
  federation: Federation<void>,
  port: number,
  extra?: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => boolean,
): Promise<Served> {
  const server = http.createServer(async (req, res) => {
    try {
      const body = req.method === "POST" ? await readBody(req) : null;
      if (extra?.(req, res, body ?? Buffer.alloc(0))) return;
      if (req.url === "/healthz") {
        res.writeHead(200, { "Content-Type": "application/json" }).end('{"status":"ok"}');
        return;
      }
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
      const url = `http://${req.headers.host}${req.url}`;
      const response = await federation.fetch(new Request(url, { method: req.method, headers, body: body ? new Uint8Array(body) : null }), {
        contextData: undefined,
      });
      const payload = Buffer.from(await response.arrayBuffer());
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => (out[name] = value));
      res.writeHead(response.status, out).end(payload);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    origin: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
