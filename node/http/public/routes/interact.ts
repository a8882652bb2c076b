import type { Request } from "express";
import express, { Router } from "express";
import type { EventStore } from "../../../domain/ports.ts";
import type { Venue } from "../../../domain/venue.ts";
import { handleOf } from "../pages/context.ts";
import { eventPath } from "../pages/event-card.ts";
import { renderFollowPage } from "../pages/follow.ts";
import { pageContext, sendPage } from "./page-context.ts";

// A DNS name with a letter-led top-level label, optionally a port: no scheme, path, user or IP literal.
const HOST = /^(?=[^:]{1,253}(?::|$))(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/;

/**
 * The visitor's own server from what they typed: "mastodon.social", "@me@mastodon.social" or
 * "https://mastodon.social/" all give "mastodon.social"; anything else gives null.
 */
export function serverHost(input: unknown): string | null {
  if (typeof input !== "string" || input.length > 255) return null;
  const text = input
    .trim()
    .replace(/^.*@/, "")
    .replace(/^https?:\/\//i, "")
    .replace(/\/$/, "");
  if (!/^[\p{L}\p{N}.\-:]+$/u.test(text)) return null;
  try {
    const url = new URL(`https://${text}`);
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
    return HOST.test(url.host) ? url.host : null;
  } catch {
    return null;
  }
}

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
}

/**
 * "Follow from Mastodon" and "Share on Mastodon": the node cannot act on the visitor's server, so
 * it sends them there (303) to the page where their server does it: Mastodon's remote-interaction
 * endpoint (`/authorize_interaction?uri=`) and its share page (`/share?text=`).
 */
export function interactionRoutes(deps: { venue: Venue; events: EventStore; now: () => Date }): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: "4kb", parameterLimit: 10 });
  const handle = handleOf(deps.venue);

  router.get("/follow", (req, res) => {
    sendPage(res, 200, renderFollowPage(pageContext(req, res, deps.venue, deps.now())));
  });

  router.post("/follow", form, (req, res) => {
    const host = serverHost(field(req, "server"));
    if (!host) {
      const ctx = pageContext(req, res, deps.venue, deps.now());
      return sendPage(res, 400, renderFollowPage(ctx, { error: true, value: field(req, "server").slice(0, 255) }));
    }
    res.redirect(303, `https://${host}/authorize_interaction?uri=${encodeURIComponent(`acct:${handle}`)}`);
  });

  router.post("/share", form, (req, res) => {
    const stored = deps.events.get(field(req, "event").slice(0, 200));
    const host = serverHost(field(req, "server"));
    if (!stored || stored.deletedAt || !host) {
      const ctx = pageContext(req, res, deps.venue, deps.now());
      const shareEvent = stored && !stored.deletedAt ? stored.value.id : undefined;
      return sendPage(res, 400, renderFollowPage(ctx, { error: true, value: field(req, "server").slice(0, 255), shareEvent }));
    }
    const text = `${stored.value.title} ${new URL(eventPath(stored.value), deps.venue.origin).href}`;
    res.redirect(303, `https://${host}/share?text=${encodeURIComponent(text)}`);
  });

  return router;
}
