// A Gancio-shaped instance for tests, as Gancio 1.21 federates (see PEERS-gancio-mobilizon.md):
// one `Application` actor that publishes Events; NodeInfo naming `gancio` with the FEP-2677
// link to that actor; an inbox that checks draft-cavage signatures only (401 to RFC 9421) and
// takes Follow, Undo, Accept and the Create, Update and Delete of Events, answering 404 to
// anything else, Announce included; an outbox of Creates, ten to a page. What it sends is signed
// as Gancio signs it: `(request-target) host date digest`, with a `Host` that has no port.
//
// `startMobilizonRelay()` makes the smaller Mobilizon relay the same way: an `Application` at
// `/relay`, NodeInfo `mobilizon`, an inbox that takes everything signed, Announces included.
//
// Built on the pieces of the fake Mastodon server (test/helpers/peer.ts): node:crypto,
// node:http and fetch, no Fedify.

import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { arrivals } from "./arrivals.ts";
import { buildSigningString, digestHeader, formatSignatureHeader, verifyCavageRequest } from "./http-signatures.ts";
import { fetchKey, flattenHeaders, idOf, isObject, messageOf, parseJsonObject, readBody, sendJson } from "./peer-io.ts";
import type { JsonObject, Received, RequestLogEntry } from "./peer-types.ts";
import { AP_CONTENT_TYPE, AS_CONTEXT, FETCH_TIMEOUT_MS, MAX_BODY_BYTES } from "./peer-types.ts";

export type { JsonObject } from "./peer-types.ts";

/** An inbox POST as the instance saw it, with the status it answered. */
export type InstanceReceived = Received & { status: number };

type InstanceSoftware = "gancio" | "mobilizon";

export interface InstancePeer {
  readonly software: InstanceSoftware;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `127.0.0.1:<port>`: what an operator types to follow the instance. */
  readonly host: string;
  readonly actorId: string;
  readonly inboxUrl: string;
  /** Inbox POSTs, in arrival order, verified or not. */
  readonly received: InstanceReceived[];
  /** Every request served. */
  readonly requests: RequestLogEntry[];
  /** Actors following the instance (their Follow accepted). */
  readonly followers: ReadonlySet<string>;
  /** Resolves with the first inbox POST matching `predicate` (past or future). */
  waitFor(predicate: (received: InstanceReceived) => boolean, timeoutMs?: number): Promise<InstanceReceived>;
  /** Sends a Follow of `targetActorId` to its inbox. */
  follow(targetActorId: string): Promise<{ activity: JsonObject; status: number }>;
  /** Gancio's Undo: the Follow embedded with only its id and object, no actor. */
  undoFollow(follow: JsonObject): Promise<{ activity: JsonObject; status: number }>;
  /** What Gancio reads when it follows an actor: the items of the first page of its outbox. */
  firstOutboxPage(targetActorId: string): Promise<JsonObject[]>;
  /** Publishes an Event (Gancio's shape; `id` from `eventId`): served at its id and listed in the outbox. */
  publish(event: JsonObject): void;
  /** The id of the instance's event number `n`. */
  eventId(n: number): string;
  close(): Promise<void>;
}

type Paths = { actor: string; inbox: string; sharedInbox: string; outbox: string; event: (n: number) => string; preferredUsername: string };

const PATHS: Record<InstanceSoftware, Paths> = {
  gancio: {
    actor: "/federation/u/relay",
    inbox: "/federation/u/relay/inbox",
    sharedInbox: "/federation/u/relay/inbox",
    outbox: "/federation/u/relay/outbox",
    event: (n) => `/federation/m/${n}`,
    preferredUsername: "relay",
  },
  mobilizon: {
    actor: "/relay",
    inbox: "/relay/inbox",
    sharedInbox: "/inbox",
    outbox: "/relay/outbox",
    event: (n) => `/events/${n}`,
    preferredUsername: "relay",
  },
};

const PAGE_SIZE = 10;
const NODEINFO_REL = "http://nodeinfo.diaspora.software/ns/schema/2.0";
const APPLICATION_REL = "https://www.w3.org/ns/activitystreams#Application";
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const USER_AGENT = { gancio: "Gancio/1.21.0 (test peer)", mobilizon: "Mobilizon/5.1.3 (test peer)" };

export function startGancioPeer(): Promise<InstancePeer> {
  return startInstancePeer("gancio");
}

export function startMobilizonRelay(): Promise<InstancePeer> {
  return startInstancePeer("mobilizon");
}

async function startInstancePeer(software: InstanceSoftware): Promise<InstancePeer> {
  const paths = PATHS[software];
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const requests: RequestLogEntry[] = [];
  const followers = new Set<string>();
  const events: JsonObject[] = []; // newest last

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: messageOf(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;
  const actorId = origin + paths.actor;
  const keyId = `${actorId}#main-key`;
  const inboxUrl = origin + paths.inbox;
  const outboxUrl = origin + paths.outbox;
  const inbox = arrivals<InstanceReceived>(
    `${software} peer ${origin}`,
    (r) => `${r.path} ${String(r.body?.["type"])} ${String(idOf(r.body?.["object"]))} → ${r.status}${r.verified ? "" : ` (${r.error})`}`,
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? "/";
    const method = req.method ?? "GET";
    const headers = flattenHeaders(req);
    requests.push({ method, path: target, headers });
    const url = new URL(target, origin);
    if (method === "POST" && (url.pathname === paths.inbox || url.pathname === paths.sharedInbox)) return receive(req, res, target, headers);
    if (method !== "GET") return sendJson(res, 404, { error: "Not found" });
    if (url.pathname === "/.well-known/nodeinfo") {
      return sendJson(res, 200, {
        links: [
          { rel: NODEINFO_REL, href: `${origin}/.well-known/nodeinfo/2.0` },
          { rel: APPLICATION_REL, href: actorId },
        ],
      });
    }
    if (url.pathname === "/.well-known/nodeinfo/2.0") return sendJson(res, 200, nodeInfo());
    if (url.pathname === "/.well-known/webfinger") return webfinger(url, res);
    if (url.pathname === paths.actor) return sendJson(res, 200, actorDocument(), `${AP_CONTENT_TYPE}; charset=utf-8`);
    if (url.pathname === paths.outbox) return sendJson(res, 200, outbox(url.searchParams.get("page")), `${AP_CONTENT_TYPE}; charset=utf-8`);
    const event = events.find((e) => new URL(String(e.id)).pathname === url.pathname);
    if (event) return sendJson(res, 200, event, `${AP_CONTENT_TYPE}; charset=utf-8`);
    sendJson(res, 404, { error: "Not found" });
  }

  function nodeInfo(): JsonObject {
    const name = software === "gancio" ? "Gancio test" : "Mobilizon test";
    return {
      version: "2.0",
      software: { name: software, version: software === "gancio" ? "1.21.0" : "5.1.3" },
      protocols: ["activitypub"],
      services: { inbound: [], outbound: [] },
      openRegistrations: false,
      usage: { users: { total: 1 }, localPosts: events.length },
      metadata: software === "gancio" ? { nodeName: name, nodeActor: paths.preferredUsername, nodeTimezone: "Europe/Rome" } : { nodeName: name },
    };
  }

  function webfinger(url: URL, res: ServerResponse): void {
    if (url.searchParams.get("resource") !== `acct:${paths.preferredUsername}@${host}`) {
      sendJson(res, 404, { error: "Not found" });
      return;
    }
    sendJson(
      res,
      200,
      { subject: `acct:${paths.preferredUsername}@${host}`, links: [{ rel: "self", type: AP_CONTENT_TYPE, href: actorId }] },
      "application/jrd+json; charset=utf-8",
    );
  }

  function actorDocument(): JsonObject {
    return {
      "@context": [
        AS_CONTEXT,
        "https://w3id.org/security/v1",
        { toot: "http://joinmastodon.org/ns#", discoverable: "toot:discoverable", indexable: "toot:indexable" },
      ],
      id: actorId,
      type: "Application",
      name: software === "gancio" ? "Gancio test" : "Mobilizon test",
      preferredUsername: paths.preferredUsername,
      summary: `A ${software} instance for tests`,
      inbox: inboxUrl,
      outbox: outboxUrl,
      manuallyApprovesFollowers: false,
      endpoints: { sharedInbox: origin + paths.sharedInbox },
      discoverable: true,
      indexable: true,
      url: origin,
      publicKey: { id: keyId, owner: actorId, publicKeyPem },
    };
  }

  function createOf(event: JsonObject): JsonObject {
    return { id: `${event.id}#create`, type: "Create", actor: actorId, published: event.published, to: [PUBLIC], cc: [`${actorId}/followers`], object: event };
  }

  function outbox(page: string | null): JsonObject {
    const items = [...events].reverse().map(createOf);
    const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
    if (page === null) {
      return {
        "@context": AS_CONTEXT,
        id: outboxUrl,
        type: "OrderedCollection",
        totalItems: items.length,
        first: `${outboxUrl}?page=1`,
        last: `${outboxUrl}?page=${pages}`,
      };
    }
    const n = Math.max(1, Number.parseInt(page, 10) || 1);
    return {
      "@context": AS_CONTEXT,
      id: `${outboxUrl}?page=${n}`,
      type: "OrderedCollectionPage",
      partOf: outboxUrl,
      totalItems: items.length,
      ...(n < pages ? { next: `${outboxUrl}?page=${n + 1}` } : {}),
      orderedItems: items.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE),
    };
  }

  async function receive(req: IncomingMessage, res: ServerResponse, target: string, headers: Record<string, string>): Promise<void> {
    const base = { method: req.method ?? "POST", path: target, headers, receivedAt: new Date() };
    const answer = (entry: Omit<InstanceReceived, "status">, status: number, body?: unknown) => {
      inbox.record({ ...entry, status });
      if (body === undefined) res.writeHead(status).end();
      else sendJson(res, status, body);
    };
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null)
      return answer({ ...base, body: null, raw: "", verified: false, keyId: null, signerMatchesActor: false, error: "body too large" }, 413, {
        error: "too large",
      });
    const text = raw.toString("utf8");
    const body = parseJsonObject(text);
    // Like Gancio's http-signature check, draft-cavage only: an RFC 9421 request gets 401.
    const result = await verifyCavageRequest({ method: base.method, target, headers, body: raw }, { now: new Date(), fetchKey });
    const actor = body === null ? null : idOf(body["actor"]);
    const entry = {
      ...base,
      body,
      raw: text,
      verified: result.verified,
      keyId: result.keyId,
      signerMatchesActor: result.verified && actor !== null && result.owner === actor,
      ...(result.verified ? {} : { error: result.error }),
    };
    if (!result.verified) return answer(entry, 401, { error: result.error });
    if (body === null || !isObject(body) || body["object"] === undefined) return answer(entry, 404, { error: "Wrong AP message: no object or type property" });
    const { status, afterwards } = react(body);
    answer(entry, status);
    afterwards?.();
  }

  /** What the instance answers to a verified activity, and what it does next. */
  function react(activity: JsonObject): { status: number; afterwards?: () => void } {
    const object = activity["object"];
    const objectType = isObject(object) ? object["type"] : undefined;
    const follower = idOf(activity["actor"]);
    switch (activity["type"]) {
      case "Follow":
        if (idOf(object) !== actorId || follower === null) return { status: 404 };
        followers.add(follower);
        return { status: 200, afterwards: () => void accept(activity, follower).catch(() => {}) };
      case "Undo":
      case "Accept":
        return { status: 202 };
      case "Create":
      case "Update":
        return { status: objectType === "Event" || software === "mobilizon" ? 202 : 404 };
      case "Delete":
        if (software === "mobilizon" || objectType === "Event") return { status: 202 };
        // Gancio matches the Tombstone's formerType literally; anything else makes it fail.
        if (objectType === "Tombstone") return { status: isObject(object) && object["formerType"] === "Event" ? 202 : 500 };
        return { status: 404 };
      case "Announce":
        // Gancio takes an Announce only as a boost of one of its own events.
        return { status: software === "mobilizon" ? 202 : 404 };
      default:
        return { status: software === "mobilizon" ? 202 : 404 };
    }
  }

  /** Gancio accepts every follow: an Accept embedding the Follow, to the follower's inbox. */
  async function accept(follow: JsonObject, follower: string): Promise<void> {
    const activity = { "@context": AS_CONTEXT, id: `${origin}/federation/${crypto.randomUUID()}`, type: "Accept", actor: actorId, object: follow };
    await signedPost(await inboxOf(follower), activity);
  }

  async function inboxOf(actor: string): Promise<string> {
    const response = await fetch(actor, {
      headers: { Accept: AP_CONTENT_TYPE, "User-Agent": USER_AGENT[software] },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    const json = parseJsonObject(await response.text());
    if (response.status !== 200 || json === null || typeof json["inbox"] !== "string") throw new Error(`GET ${actor} answered ${response.status}`);
    return json["inbox"];
  }

  /** POSTs signed as Gancio signs: (request-target) host date digest, `Host` without the port. */
  function signedPost(url: string, activity: JsonObject): Promise<number> {
    const target = new URL(url);
    const body = JSON.stringify(activity);
    const headers: Record<string, string> = {
      Host: target.hostname,
      Date: new Date().toUTCString(),
      Digest: digestHeader(body),
      "Content-Type": "application/activity+json; charset=utf-8",
    };
    const signed = ["(request-target)", "host", "date", "digest"];
    const lowerCased = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    const signingString = buildSigningString(signed, { method: "POST", target: target.pathname + target.search, headers: lowerCased });
    const signature = crypto.sign("sha256", Buffer.from(signingString), privateKey).toString("base64");
    headers["Signature"] = formatSignatureHeader({ keyId, algorithm: "rsa-sha256", headers: signed, signature });
    headers["User-Agent"] = USER_AGENT[software];
    headers["Content-Length"] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const request = http.request(
        { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method: "POST", headers, timeout: FETCH_TIMEOUT_MS },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        },
      );
      request.on("timeout", () => request.destroy(new Error(`POST ${url} timed out`)));
      request.on("error", reject);
      request.end(body);
    });
  }

  async function follow(targetActorId: string): Promise<{ activity: JsonObject; status: number }> {
    const activity = {
      "@context": AS_CONTEXT,
      id: `${origin}/federation/follow/${crypto.randomUUID()}`,
      type: "Follow",
      actor: actorId,
      object: targetActorId,
    };
    return { activity, status: await signedPost(await inboxOf(targetActorId), activity) };
  }

  async function undoFollow(followed: JsonObject): Promise<{ activity: JsonObject; status: number }> {
    const target = String(followed["object"]);
    const activity = {
      "@context": AS_CONTEXT,
      id: `${origin}/federation/unfollow/${crypto.randomUUID()}`,
      type: "Undo",
      actor: actorId,
      object: { id: followed["id"], object: target },
    };
    return { activity, status: await signedPost(await inboxOf(target), activity) };
  }

  async function getJson(url: string): Promise<JsonObject> {
    const response = await fetch(url, {
      headers: { Accept: "application/activity+json, application/json", "User-Agent": USER_AGENT[software] },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    const text = await response.text();
    const json = parseJsonObject(text);
    if (response.status !== 200 || json === null) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    return json;
  }

  async function firstOutboxPage(targetActorId: string): Promise<JsonObject[]> {
    const actor = await getJson(targetActorId);
    const collection = await getJson(String(actor["outbox"]));
    const first = collection["first"];
    const page = isObject(first) && Array.isArray(first["orderedItems"]) ? first : await getJson(String(idOf(first)));
    const items: unknown[] = Array.isArray(page["orderedItems"]) ? page["orderedItems"] : Array.isArray(page["items"]) ? page["items"] : [];
    return items.filter(isObject);
  }

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve, reject) => {
      inbox.cancelAll("closed while waiting");
      server.close((error) => (error === undefined ? resolve() : reject(error)));
      server.closeAllConnections();
    });
    return closing;
  }

  return {
    software,
    origin,
    host,
    actorId,
    inboxUrl,
    received: inbox.entries,
    requests,
    followers,
    waitFor: (predicate, timeoutMs) => inbox.waitFor(predicate, timeoutMs),
    follow,
    undoFollow,
    firstOutboxPage,
    publish(event) {
      const id = new URL(String(event["id"]));
      if (id.origin !== origin) throw new Error(`${id.href} is not on ${origin}`);
      events.push(event);
    },
    eventId: (n) => origin + paths.event(n),
    close,
  };
}
