// The receiving servers of the fan-out benchmark, in one child process (forked with IPC): N HTTP
// servers on 127.0.0.1 (N distinct origins), each checking the draft-cavage RSA signature of every
// delivery (the sender's key is fetched once, then cached) and counting what arrived.
//
// Protocol (process messages): {type:"listen", count} → {type:"listening", ports};
// {type:"expect", servers, marker} → {type:"done", …} once `servers` distinct servers received a
// verified delivery whose body contains `marker`; {type:"stats"} → {type:"stats", …}.
// {type:"raw", marker, inboxes, keyId, privateJwk, publicJwk, concurrency} → {type:"raw-sent"}:
// the raw-loop baseline, the machine's limit for a delivery: a plain loop in this same process
// signs (draft-cavage, node:crypto RSA-2048) and POSTs a 1 KB activity to each inbox over
// keep-alive, `concurrency` at a time; the sink's servers check and count them as any other.

import { createPrivateKey, createPublicKey } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FetchedKey } from "../../test/helpers/http-signatures.ts";
import { findPublicKey, signRequest, verifyCavageRequest } from "../../test/helpers/http-signatures.ts";

type Expectation = {
  servers: number;
  marker: string;
  reached: Set<number>;
  firstAt: number;
  lastAt: number;
  deliveries: number;
  verified: number;
  failed: number;
  errors: string[];
  done: boolean;
};

const servers: http.Server[] = [];
const keys = new Map<string, Promise<FetchedKey>>();
let expectation: Expectation | undefined;

function send(message: unknown): void {
  process.send?.(message);
}

function fetchKey(keyId: string): Promise<FetchedKey> {
  let key = keys.get(keyId);
  if (!key) {
    const url = new URL(keyId);
    url.hash = "";
    key = fetch(url, { headers: { Accept: "application/activity+json" }, signal: AbortSignal.timeout(10_000) })
      .then(async (response) => {
        if (!response.ok) throw new Error(`GET ${url.href} answered ${response.status}`);
        return findPublicKey(await response.json(), keyId);
      })
      .catch((error: unknown) => {
        keys.delete(keyId); // do not cache a failure
        throw error;
      });
    keys.set(keyId, key);
  }
  return key;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  return headers;
}

async function handle(port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") {
    res.writeHead(404).end();
    return;
  }
  const body = await readBody(req);
  const result = await verifyCavageRequest({ method: "POST", target: req.url ?? "/", headers: headersOf(req), body }, { now: new Date(), fetchKey });
  const at = Date.now();
  const e = expectation;
  if (e && !e.done) {
    e.deliveries++;
    if (!result.verified) {
      e.failed++;
      if (e.errors.length < 5) e.errors.push(result.error);
    } else if (body.includes(e.marker)) {
      e.verified++;
      if (e.firstAt === 0) e.firstAt = at;
      e.lastAt = at;
      e.reached.add(port);
      if (e.reached.size >= e.servers) {
        e.done = true;
        send({ type: "done", ...summary(e) });
      }
    }
  }
  res.writeHead(result.verified ? 202 : 401).end();
}

function summary(e: Expectation) {
  return { servers: e.reached.size, firstAt: e.firstAt, lastAt: e.lastAt, deliveries: e.deliveries, verified: e.verified, failed: e.failed, errors: e.errors };
}

async function listen(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = http.createServer({ keepAliveTimeout: 30_000 });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    server.on("request", (req, res) => {
      handle(port, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    servers.push(server);
    ports.push(port);
  }
  return ports;
}

type RawLoop = { marker: string; inboxes: string[]; keyId: string; privateJwk: JsonWebKey; publicJwk: JsonWebKey; concurrency: number };

/** A Create of about 1 KB, naming the marker. */
function rawActivity(actor: string, marker: string, i: number): string {
  const id = `${actor}/create/${i}`;
  const note = {
    id: `${actor}/note/${i}`,
    type: "Note",
    attributedTo: actor,
    content: `Raw loop ${marker} `.padEnd(700, "·"),
    to: ["https://www.w3.org/ns/activitystreams#Public"],
  };
  return JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id, type: "Create", actor, object: note });
}

async function rawLoop({ marker, inboxes, keyId, privateJwk, publicJwk, concurrency }: RawLoop): Promise<void> {
  const privateKey = createPrivateKey({ key: privateJwk as import("node:crypto").JsonWebKey, format: "jwk" });
  const publicKeyPem = createPublicKey({ key: publicJwk as import("node:crypto").JsonWebKey, format: "jwk" })
    .export({ type: "spki", format: "pem" })
    .toString();
  const actor = keyId.replace(/#.*$/, "");
  keys.set(keyId, Promise.resolve({ id: keyId, owner: actor, publicKeyPem }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const worker = async () => {
    while (next < inboxes.length) {
      const i = next++;
      const url = new URL(inboxes[i]!);
      const body = rawActivity(actor, marker, i);
      const headers = signRequest({ method: "POST", url, keyId, privateKey, body });
      await new Promise<void>((resolve, reject) => {
        const req = http.request(url, { method: "POST", headers, agent }, (res) => {
          res.resume();
          res.on("end", resolve);
        });
        req.on("error", reject);
        req.end(body);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
}

process.on("message", (message: any) => {
  if (message?.type === "raw") {
    rawLoop(message).then(
      () => send({ type: "raw-sent" }),
      (error: unknown) => send({ type: "error", error: String(error) }),
    );
  } else if (message?.type === "listen") {
    listen(message.count).then(
      (ports) => send({ type: "listening", ports }),
      (error: unknown) => send({ type: "error", error: String(error) }),
    );
  } else if (message?.type === "expect") {
    expectation = {
      servers: message.servers,
      marker: message.marker,
      reached: new Set(),
      firstAt: 0,
      lastAt: 0,
      deliveries: 0,
      verified: 0,
      failed: 0,
      errors: [],
      done: false,
    };
  } else if (message?.type === "stats") {
    send({ type: "stats", ...(expectation ? summary(expectation) : {}) });
  } else if (message?.type === "close") {
    for (const server of servers) server.closeAllConnections(), server.close();
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
