// A fake Mastodon server for tests: actors with RSA keys, WebFinger, inboxes that verify
// draft-cavage HTTP signatures, and a client that signs and sends what Mastodon sends.
// Written with node:crypto, node:http and global fetch only (no Fedify, no npm package),
// so that it checks our Fedify node from the outside. Payload shapes follow the fixtures in
// the shared `fixtures/mastodon/` folder (see test/helpers/fixtures.ts).

import type { KeyObject } from "node:crypto";
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { signRequest, verifyCavageRequest } from "./http-signatures.ts";

export * from "./peer-types.ts";

import {
  corruptSignature,
  fetchKey,
  flattenHeaders,
  idOf,
  isActivityPubContentType,
  isObject,
  messageOf,
  parseJsonObject,
  readBody,
  sendJson,
} from "./peer-io.ts";
import type {
  FollowActivity,
  GetResult,
  JsonObject,
  Peer,
  PeerOptions,
  PostResult,
  Received,
  RequestLogEntry,
  SendResult,
  SignedPostOptions,
  UndoFollowActivity,
} from "./peer-types.ts";
import { AP_ACCEPT, AP_CONTENT_TYPE, AS_CONTEXT, FETCH_TIMEOUT_MS, MAX_BODY_BYTES, USER_AGENT, USERNAME } from "./peer-types.ts";

interface Account {
  name: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

interface Waiter {
  predicate: (received: Received) => boolean;
  resolve: (received: Received) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export async function startPeer(options: PeerOptions = {}): Promise<Peer> {
  const hostname = options.host ?? "127.0.0.1";
  const accounts = new Map<string, Account>();
  for (const name of options.users ?? ["alice"]) {
    if (!USERNAME.test(name)) throw new Error(`invalid Mastodon username ${JSON.stringify(name)}`);
    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    accounts.set(name, { name, privateKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() });
  }

  const received: Received[] = [];
  const requests: RequestLogEntry[] = [];
  // Objects the peer serves at their own URL (an event, an outbox page…), by path.
  const documents = new Map<string, JsonObject>();
  const waiters = new Set<Waiter>();
  const followNumbers = new Map<string, number>();
  let followCounter = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: messageOf(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = `${hostname}:${port}`;
  const origin = `http://${host}`;

  const account = (name: string): Account => {
    const found = accounts.get(name);
    if (found === undefined) throw new Error(`peer ${origin} has no account ${JSON.stringify(name)}`);
    return found;
  };
  const actorId = (name = "alice"): string => `${origin}/users/${account(name).name}`;
  const keyId = (name = "alice"): string => `${actorId(name)}#main-key`;
  const inboxUrl = (name = "alice"): string => `${actorId(name)}/inbox`;
  const sharedInboxUrl = `${origin}/inbox`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? "/";
    const method = req.method ?? "GET";
    const headers = flattenHeaders(req);
    requests.push({ method, path: target, headers });
    const url = new URL(target, origin);
    const userMatch = /^\/users\/([^/]+)(\/inbox)?$/.exec(url.pathname);
    const user = userMatch === null ? undefined : accounts.get(decodeURIComponent(userMatch[1]!));

    if (method === "GET" && url.pathname === "/.well-known/webfinger") return webfinger(url, res);
    if (method === "GET" && user !== undefined && userMatch?.[2] === undefined) {
      return sendJson(res, 200, actorDocument(user), `${AP_CONTENT_TYPE}; charset=utf-8`);
    }
    if (method === "POST" && (url.pathname === "/inbox" || (user !== undefined && userMatch?.[2] !== undefined))) {
      return inbox(req, res, target, headers);
    }
    const document = method === "GET" ? documents.get(url.pathname) : undefined;
    if (document !== undefined) return sendJson(res, 200, document, `${AP_CONTENT_TYPE}; charset=utf-8`);
    sendJson(res, 404, { error: "Record not found" });
  }

  function actorDocument(user: Account): JsonObject {
    const id = actorId(user.name);
    return {
      "@context": [
        AS_CONTEXT,
        "https://w3id.org/security/v1",
        {
          manuallyApprovesFollowers: "as:manuallyApprovesFollowers",
          sensitive: "as:sensitive",
          Hashtag: "as:Hashtag",
          ostatus: "http://ostatus.org#",
          atomUri: "ostatus:atomUri",
          inReplyToAtomUri: "ostatus:inReplyToAtomUri",
          conversation: "ostatus:conversation",
        },
      ],
      id,
      type: "Person",
      following: `${id}/following`,
      followers: `${id}/followers`,
      inbox: `${id}/inbox`,
      outbox: `${id}/outbox`,
      preferredUsername: user.name,
      name: user.name.charAt(0).toUpperCase() + user.name.slice(1),
      summary: "<p>Test peer account.</p>",
      url: `${origin}/@${user.name}`,
      manuallyApprovesFollowers: options.locked?.includes(user.name) ?? false,
      publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: user.publicKeyPem },
      endpoints: { sharedInbox: sharedInboxUrl },
    };
  }

  function webfinger(url: URL, res: ServerResponse): void {
    const resource = url.searchParams.get("resource");
    if (resource === null) {
      sendJson(res, 400, { error: "resource parameter is required" });
      return;
    }
    let user: Account | undefined;
    const acct = /^(?:acct:)?@?([^@]+)@([^@]+)$/i.exec(resource);
    if (acct !== null && acct[2]!.toLowerCase() === host.toLowerCase()) {
      user = [...accounts.values()].find((a) => a.name.toLowerCase() === acct[1]!.toLowerCase());
    } else {
      user = [...accounts.values()].find((a) => actorId(a.name) === resource);
    }
    if (user === undefined) {
      sendJson(res, 404, { error: "Record not found" });
      return;
    }
    const id = actorId(user.name);
    sendJson(
      res,
      200,
      {
        subject: `acct:${user.name}@${host}`,
        aliases: [`${origin}/@${user.name}`, id],
        links: [
          { rel: "http://webfinger.net/rel/profile-page", type: "text/html", href: `${origin}/@${user.name}` },
          { rel: "self", type: AP_CONTENT_TYPE, href: id },
          { rel: "http://ostatus.org/schema/1.0/subscribe", template: `${origin}/authorize_interaction?uri={uri}` },
        ],
      },
      "application/jrd+json; charset=utf-8",
    );
  }

  async function inbox(req: IncomingMessage, res: ServerResponse, target: string, headers: Record<string, string>): Promise<void> {
    const base = { method: req.method ?? "POST", path: target, headers, receivedAt: new Date() };
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null) {
      record({ ...base, body: null, raw: "", verified: false, keyId: null, signerMatchesActor: false, error: "body larger than 1 MB" });
      return sendJson(res, 413, { error: "Request body too large" });
    }
    const text = raw.toString("utf8");
    const body = parseJsonObject(text);
    const result = await verifyCavageRequest({ method: base.method, target, headers, body: raw }, { now: new Date(), fetchKey });
    const actor = body === null ? null : idOf(body["actor"]);
    const signerMatchesActor = result.verified && actor !== null && result.owner === actor;
    const error = result.verified ? (body === null ? "body is not a JSON object" : undefined) : result.error;
    record({
      ...base,
      body,
      raw: text,
      verified: result.verified,
      keyId: result.keyId,
      signerMatchesActor,
      ...(error === undefined ? {} : { error }),
    });
    if (!result.verified) return sendJson(res, 401, { error: result.error });
    if (body === null) return sendJson(res, 400, { error: "Error parsing JSON" });
    res.writeHead(202).end();
  }

  function record(entry: Received): void {
    received.push(entry);
    for (const waiter of [...waiters]) {
      let matches: boolean;
      try {
        matches = waiter.predicate(entry);
      } catch (error) {
        settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (matches) {
        settle(waiter);
        waiter.resolve(entry);
      }
    }
  }

  function settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    waiters.delete(waiter);
  }

  function describeReceived(): string {
    if (received.length === 0) return "nothing was received";
    const lines = received.map((r, index) => {
      const activity = r.body === null ? "(no JSON body)" : `${String(r.body["type"])} id=${String(r.body["id"])} actor=${String(idOf(r.body["actor"]))}`;
      const status = r.verified ? "verified" : `NOT verified (${r.error ?? "?"})`;
      return `  ${index + 1}. ${r.method} ${r.path} ${activity}, ${status}`;
    });
    return `received ${received.length}:\n${lines.join("\n")}`;
  }

  async function signedPost(name: string, url: string, activity: object, opts: SignedPostOptions = {}): Promise<PostResult> {
    const body = JSON.stringify(activity);
    const headers = signRequest({
      method: "POST",
      url,
      keyId: opts.keyId ?? keyId(name),
      privateKey: account(name).privateKey,
      body,
      ...(opts.date === undefined ? {} : { date: opts.date }),
    });
    const sentBody = opts.tamper === "body" ? JSON.stringify({ ...activity, tampered: true }) : body;
    if (opts.tamper === "signature") headers["Signature"] = corruptSignature(headers["Signature"]!);
    if (opts.omitSignature === true) delete headers["Signature"];
    const response = await fetch(url, {
      method: "POST",
      headers: { ...headers, "User-Agent": USER_AGENT },
      body: sentBody,
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    return { status: response.status, body: await response.text() };
  }

  async function signedGet(name: string, url: string, accept: string = AP_ACCEPT): Promise<GetResult> {
    const headers = signRequest({ method: "GET", url, keyId: keyId(name), privateKey: account(name).privateKey });
    const response = await fetch(url, {
      headers: { ...headers, Accept: accept, "User-Agent": USER_AGENT },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  async function follow(name: string, targetActorId: string, targetInbox: string): Promise<SendResult<FollowActivity>> {
    const activity: FollowActivity = {
      "@context": AS_CONTEXT,
      id: `${origin}/${crypto.randomUUID()}`,
      type: "Follow",
      actor: actorId(name),
      object: targetActorId,
    };
    followNumbers.set(activity.id, ++followCounter);
    const { status, body } = await signedPost(name, targetInbox, activity);
    return { activity, status, body };
  }

  async function undoFollow(name: string, followActivity: FollowActivity, targetInbox: string): Promise<SendResult<UndoFollowActivity>> {
    let number = followNumbers.get(followActivity.id);
    if (number === undefined) {
      number = ++followCounter;
      followNumbers.set(followActivity.id, number);
    }
    const actor = actorId(name);
    const activity: UndoFollowActivity = {
      "@context": AS_CONTEXT,
      id: `${actor}#follows/${number}/undo`,
      type: "Undo",
      actor,
      object: { id: followActivity.id, type: "Follow", actor: followActivity.actor, object: followActivity.object },
    };
    const { status, body } = await signedPost(name, targetInbox, activity);
    return { activity, status, body };
  }

  async function lookup(handle: string): Promise<string> {
    const match = /^(?:acct:)?@?([^@\s]+)@([^@\s]+)$/.exec(handle);
    if (match === null) throw new Error(`not a handle: ${JSON.stringify(handle)} (expected user@host)`);
    const [, user, domain] = match;
    const url = `http://${domain}/.well-known/webfinger?resource=acct:${user}@${domain}`;
    const response = await fetch(url, {
      headers: { Accept: "application/jrd+json, application/json", "User-Agent": USER_AGENT },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`WebFinger ${url} answered ${response.status}: ${text.slice(0, 500)}`);
    const jrd = parseJsonObject(text);
    if (jrd === null) throw new Error(`WebFinger ${url} did not return a JSON object: ${text.slice(0, 500)}`);
    const expected = `acct:${user}@${domain}`;
    if (typeof jrd["subject"] !== "string" || jrd["subject"].toLowerCase() !== expected.toLowerCase()) {
      throw new Error(`WebFinger ${url}: subject ${JSON.stringify(jrd["subject"])} is not ${expected}`);
    }
    const links: unknown[] = Array.isArray(jrd["links"]) ? jrd["links"] : [];
    const self = links.find(
      (link): link is JsonObject =>
        isObject(link) &&
        link["rel"] === "self" &&
        (link["type"] === AP_CONTENT_TYPE || link["type"] === `application/ld+json; profile="${AS_CONTEXT}"`) &&
        typeof link["href"] === "string",
    );
    if (self === undefined) throw new Error(`WebFinger ${url}: no "self" link of type ${AP_CONTENT_TYPE} in ${text.slice(0, 500)}`);
    return self["href"] as string;
  }

  async function fetchActor(url: string): Promise<{ contentType: string; json: JsonObject }> {
    const response = await fetch(url, {
      headers: { Accept: AP_CONTENT_TYPE, "User-Agent": USER_AGENT },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 500)}`);
    const contentType = response.headers.get("content-type") ?? "";
    if (!isActivityPubContentType(contentType)) {
      throw new Error(`GET ${url}: Content-Type ${JSON.stringify(contentType)} is not an ActivityPub type`);
    }
    const json = parseJsonObject(text);
    if (json === null) throw new Error(`GET ${url} did not return a JSON object: ${text.slice(0, 500)}`);
    return { contentType, json };
  }

  function waitFor(predicate: (received: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
    const already = received.find(predicate);
    if (already !== undefined) return Promise.resolve(already);
    const error = new Error("waitFor timed out"); // created here so that the stack shows the caller
    return new Promise<Received>((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          settle(waiter);
          error.message = `peer ${origin}: no received request matched within ${timeoutMs} ms; ${describeReceived()}`;
          reject(error);
        }, timeoutMs),
      };
      waiters.add(waiter);
    });
  }

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve, reject) => {
      for (const waiter of [...waiters]) {
        settle(waiter);
        waiter.reject(new Error(`peer ${origin} was closed while waiting; ${describeReceived()}`));
      }
      server.close((error) => (error === undefined ? resolve() : reject(error)));
      server.closeAllConnections();
    });
    return closing;
  }

  return {
    serve(document: JsonObject) {
      const id = new URL(String(document.id));
      if (id.origin !== origin) throw new Error(`${id.href} is not on ${origin}`);
      documents.set(id.pathname, document);
    },
    origin,
    host,
    users: [...accounts.keys()],
    received,
    requests,
    actorId,
    keyId,
    inboxUrl,
    sharedInboxUrl,
    keys: (name = "alice") => ({ privateKey: account(name).privateKey, publicKeyPem: account(name).publicKeyPem }),
    signedPost,
    signedGet,
    follow,
    undoFollow,
    lookup,
    fetchActor,
    waitFor,
    close,
  };
}
