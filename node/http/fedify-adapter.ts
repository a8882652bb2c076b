import type { Federation } from "@fedify/fedify";
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { checkInboundOrigin } from "./origin-guard.ts";

const fallThrough = Symbol("fall through to the next Express handler");
type TaggedResponse = Response & { [fallThrough]?: true };

function sentinel(): TaggedResponse {
  return Object.assign(new Response(null, { status: 404 }), { [fallThrough]: true as const });
}

/** The public URL the sender used: signatures cover the path and the Host header. */
function requestUrl(req: ExpressRequest): string {
  return `${req.protocol}://${req.get("host")}${req.originalUrl}`;
}

function requestHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  return headers;
}

async function answer(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => res.append(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function forward(federation: Federation<void>, request: Request, res: ExpressResponse, next: NextFunction) {
  const response: TaggedResponse = await federation.fetch(request, {
    contextData: undefined,
    onNotFound: sentinel,
    onNotAcceptable: sentinel,
  });
  if (response[fallThrough]) return next();
  await answer(res, response);
}

// What Fedify can answer: discovery documents for anyone, our actors, objects and collections for
// ActivityPub clients. Everything else (pages, feeds, the JSON API) skips the round trip through
// a Fetch Request and Fedify's router.
const DISCOVERY = ["/.well-known/webfinger", "/.well-known/nodeinfo", "/nodeinfo/"];
const OBJECTS = ["/users/", "/events/", "/projects/"];
const ACTIVITY_STREAMS = /application\/(activity\+json|ld\+json|json)/;

function mayBeFedify(req: ExpressRequest): boolean {
  if (DISCOVERY.some((prefix) => req.path.startsWith(prefix))) return true;
  return OBJECTS.some((prefix) => req.path.startsWith(prefix)) && ACTIVITY_STREAMS.test(req.get("accept") ?? "");
}

/**
 * GET/HEAD: Fedify answers ActivityPub, WebFinger and NodeInfo requests; anything it does not
 * serve (a browser asking for HTML, an unknown path) falls through to the page routes.
 */
export function federationReader(federation: Federation<void>): RequestHandler {
  return async (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !mayBeFedify(req)) return next();
    await forward(federation, new Request(requestUrl(req), { method: req.method, headers: requestHeaders(req) }), res, next);
  };
}

/**
 * Inbox POSTs. Mount after `express.raw()` so the body is a size-capped Buffer. The origin
 * guard runs on the raw bytes before Fedify sees them (advisories Fedify 2.3.8 leaves open).
 */
export function inboxReceiver(federation: Federation<void>): RequestHandler {
  return async (req, res, next) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers = requestHeaders(req);
    const verdict = checkInboundOrigin(body, headers);
    if (!verdict.ok) {
      res.status(verdict.status).json({ error: verdict.reason });
      return;
    }
    await forward(federation, new Request(requestUrl(req), { method: "POST", headers, body: new Uint8Array(body) }), res, next);
  };
}
