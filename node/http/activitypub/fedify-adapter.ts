import { STATUS_CODES } from "node:http";
import type { Federation } from "@fedify/fedify";
import type { ErrorRequestHandler, Request as ExpressRequest, Response as ExpressResponse, NextFunction, RequestHandler } from "express";
import { collectionRoutes, matchRoute, routePrefix, routes } from "../../domain/local-urls.ts";
import type { HttpMetrics } from "../metrics.ts";
import { requestIdOf } from "../request-context.ts";
import type { DocumentCheck } from "./inbox-checks.ts";
import { checkInboxRequest } from "./inbox-checks.ts";
import { httpSignatureKeyIds } from "./origin-guard.ts";
import type { InboxGate } from "./rate-limit.ts";
import { senderHost } from "./rate-limit.ts";

const fallThrough = Symbol("fall through to the next Express handler");
type TaggedResponse = Response & { [fallThrough]?: true };

function sentinel(): TaggedResponse {
  return Object.assign(new Response(null, { status: 404 }), { [fallThrough]: true as const });
}

/**
 * The request's URL on the configured origin, whatever its `Host` header says: Fedify builds
 * every URL it answers with (collection pages, activity ids) from it, so a forged or portless
 * `Host` must not leak into them. Signatures still see the headers as sent.
 */
function requestUrl(req: ExpressRequest, origin: string): string {
  return `${origin}${req.originalUrl}`;
}

/**
 * The request's headers as sent. When the client sent no `X-Request-Id`, ours is added, so that
 * what Fedify logs while handling the request carries the id we answer with.
 */
function requestHeaders(req: ExpressRequest, res: ExpressResponse): Headers {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const id = requestIdOf(res);
  if (id !== undefined && !headers.has("x-request-id")) headers.set("X-Request-Id", id);
  return headers;
}

async function answer(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  if (isPlainRefusal(response)) {
    // Fedify refuses in a sentence of plain text (a signature that does not verify, an activity
    // it cannot parse): senders get that sentence as the JSON problem the rest of the node sends.
    const sentence = (await response.text()).trim();
    response.headers.forEach((value, name) => (/^content-(type|length)$/i.test(name) ? undefined : res.append(name, value)));
    res.json({ error: sentence || STATUS_CODES[response.status] || "refused" });
    return;
  }
  response.headers.forEach((value, name) => res.append(name, value));
  res.end(await body(response));
}

function isPlainRefusal(response: Response): boolean {
  const type = response.headers.get("content-type");
  return response.status >= 400 && (type === null || type.startsWith("text/plain"));
}

const COLLECTION = /^(Ordered)?Collection(Page)?$/;

/**
 * Fedify leaves empty arrays out: an empty collection page would have no `orderedItems`, and an
 * empty collection neither items nor `first`, which Misskey shows as a private list. Serve them
 * like non-empty ones.
 */
async function body(response: Response): Promise<Buffer> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const maybeCollection = bytes.includes('"totalItems"') || bytes.includes('"partOf"');
  if (!maybeCollection || !response.headers.get("content-type")?.includes("activity+json")) return bytes;
  const json = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
  if (typeof json.type !== "string" || !COLLECTION.test(json.type) || "first" in json) return bytes;
  const key = json.type.startsWith("Ordered") ? "orderedItems" : "items";
  if (key in json) return bytes;
  return Buffer.from(JSON.stringify({ ...json, [key]: [] }));
}

/** Hands the request to Fedify; returns the status it answered, or null when it fell through. */
async function forward(federation: Federation<void>, request: Request, res: ExpressResponse, next: NextFunction): Promise<number | null> {
  const response: TaggedResponse = await federation.fetch(request, {
    contextData: undefined,
    onNotFound: sentinel,
    onNotAcceptable: sentinel,
  });
  if (response[fallThrough]) {
    next();
    return null;
  }
  await answer(res, response);
  return response.status;
}

// What Fedify can answer: discovery documents for anyone, our actors, objects and collections for
// ActivityPub clients. Everything else (pages, feeds, the JSON API) skips the round trip through
// a Fetch Request and Fedify's router.
const DISCOVERY = ["/.well-known/webfinger", "/.well-known/nodeinfo", routes.nodeInfo];
// Actors and objects, with what hangs under them (an object's replies, likes and shares).
const OBJECTS = (["actor", "event", "project"] as const).map(routePrefix);
const ACTIVITY_STREAMS = /application\/(activity\+json|ld\+json|json)/;
// Collections have no HTML page: asked without an ActivityStreams type (curl, a script), they are
// still served as ActivityStreams; a browser asking for HTML falls through (to a redirect to the
// profile page). Actors and objects keep their content negotiation.
function isCollectionForMachines(req: ExpressRequest): boolean {
  return collectionRoutes.some((route) => matchRoute(route, req.path)) && req.accepts(["application/activity+json", "html"]) !== "html";
}

function mayBeFedify(req: ExpressRequest): boolean {
  if (DISCOVERY.some((prefix) => req.path.startsWith(prefix))) return true;
  if (isCollectionForMachines(req)) return true;
  return OBJECTS.some((prefix) => req.path.startsWith(prefix)) && ACTIVITY_STREAMS.test(req.get("accept") ?? "");
}

/** Fedify serves collections only to clients that name an ActivityStreams type: name it for those that did not. */
function acceptingActivityStreams(req: ExpressRequest, headers: Headers): Headers {
  if (isCollectionForMachines(req) && !ACTIVITY_STREAMS.test(req.get("accept") ?? "")) headers.set("Accept", "application/activity+json");
  return headers;
}

/**
 * GET/HEAD: Fedify answers ActivityPub, WebFinger and NodeInfo requests; anything it does not
 * serve (a browser asking for HTML, an unknown path) falls through to the page routes.
 */
export function federationReader(federation: Federation<void>, origin: string): RequestHandler {
  return async (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !mayBeFedify(req)) return next();
    await forward(
      federation,
      new Request(requestUrl(req, origin), { method: req.method, headers: acceptingActivityStreams(req, requestHeaders(req, res)) }),
      res,
      next,
    );
  };
}

/**
 * Inbox POSTs. Mount after `express.raw()` so the body is a size-capped Buffer. First the gate
 * (rate-limit.ts): a slot among the requests in flight and the sending host's budget, or a 429
 * with `Retry-After`. Then the body is checked before Fedify sees it (inbox-checks.ts): its
 * JSON-LD cost, its Date, and the origin guard for the advisories Fedify 2.3.8 leaves open.
 * Each POST is counted: accepted, or refused with a reason code.
 */
export function inboxReceiver(
  federation: Federation<void>,
  origin: string,
  checkDocument: DocumentCheck,
  gate: InboxGate,
  metrics: HttpMetrics,
): RequestHandler {
  return async (req, res, next) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers = requestHeaders(req, res);
    const keyIds = httpSignatureKeyIds(headers);
    const admitted = gate.admit(senderHost(typeof keyIds === "string" ? [] : keyIds, req.ip), body.length);
    if (!admitted.ok) {
      metrics.inboxRequest("refused", admitted.code);
      res
        .status(admitted.status)
        .set("Retry-After", String(admitted.retryAfterSeconds))
        .json({ error: admitted.reason, retryAfterSeconds: admitted.retryAfterSeconds });
      return;
    }
    try {
      const verdict = checkInboxRequest(body, headers, checkDocument);
      if (!verdict.ok) {
        metrics.inboxRequest("refused", verdict.code);
        res.status(verdict.status).json({ error: verdict.reason });
        return;
      }
      const status = await forward(federation, new Request(requestUrl(req, origin), { method: "POST", headers, body: new Uint8Array(body) }), res, next);
      if (status === null) metrics.inboxRequest("refused", "not_found");
      else if (status < 300) metrics.inboxRequest("accepted", "ok");
      else metrics.inboxRequest("refused", fedifyRefusal(status));
    } finally {
      admitted.release();
    }
  };
}

/** Why Fedify refused an inbox POST, from its status: 401 is a signature it could not verify. */
function fedifyRefusal(status: number): string {
  if (status === 401) return "signature";
  return status >= 500 ? "error" : `status_${status}`;
}

/** Counts the inbox POSTs refused before the receiver runs: a body over the limit (413). */
export function inboxBodyRefusals(metrics: HttpMetrics): ErrorRequestHandler {
  return (error, _req, _res, next) => {
    metrics.inboxRequest("refused", (error as { status?: unknown } | null)?.status === 413 ? "too_large" : "unreadable");
    next(error);
  };
}
