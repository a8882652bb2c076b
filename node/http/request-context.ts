// Every request gets an id (`X-Request-Id`: a sane incoming one is kept, else one is drawn),
// echoed in the answer and put in the LogTape context of everything logged while handling it;
// and its latency is measured under its route template, never its raw path.
import { randomUUID } from "node:crypto";
import { withContext } from "@logtape/logtape";
import type { Request, RequestHandler } from "express";
import type { HttpMetrics } from "./metrics.ts";

/** What we accept from a client or proxy as a request id: short, printable, no spaces or quotes. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

/** The incoming id when it is sane, else undefined (a new one is then drawn). */
export function saneRequestId(header: string | undefined): string | undefined {
  const value = header?.trim();
  return value && SANE_REQUEST_ID.test(value) ? value : undefined;
}

/** The request's id, as set by `requestContext` (Fedify's adapter passes it on). */
export function requestIdOf(res: { locals: Record<string, unknown> }): string | undefined {
  return typeof res.locals.requestId === "string" ? res.locals.requestId : undefined;
}

// Paths served without an Express route (Fedify's documents, static middleware): a template
// per first segment keeps the label set closed.
const UNROUTED = new Set(["users", "events", "projects", "nodeinfo", ".well-known", "inbox", "assets"]);

function templateMatches(template: string, path: string): boolean {
  const pattern = template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z0-9_]+/g, "[^/]+");
  return new RegExp(`^${pattern}/?$`).test(path);
}

/** The route template a request was answered under ("/events/:id"), bounded for metrics. */
export function routeOf(req: Request): string {
  const path: unknown = req.route?.path;
  const base = req.baseUrl ?? "";
  if (typeof path === "string") return `${base}${path}` || "/";
  if (Array.isArray(path)) {
    const local = req.path;
    const found = path.find((template) => typeof template === "string" && templateMatches(template, local));
    return `${base}${typeof found === "string" ? found : String(path[0])}`;
  }
  const first = req.path.split("/")[1] ?? "";
  return UNROUTED.has(first) ? `/${first}/*` : "unmatched";
}

/** First middleware: request id, its logging context, and the latency histogram. */
export function requestContext(metrics: HttpMetrics): RequestHandler {
  return (req, res, next) => {
    const id = saneRequestId(req.get("x-request-id")) ?? randomUUID();
    res.locals.requestId = id;
    res.set("X-Request-Id", id);
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      metrics.request(req.method, routeOf(req), res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    withContext({ requestId: id }, () => next());
  };
}
