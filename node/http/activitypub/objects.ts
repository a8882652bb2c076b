import type { Request, Response } from "express";
import { Router } from "express";
import { expressRoute } from "../../domain/local-urls.ts";
import type { Cantine, CantineStore } from "../../domain/network/cantines.ts";
import { attendance } from "../../domain/participation/manage-participants.ts";
import type { ParticipantStore } from "../../domain/participation/ports.ts";
import type { EventStore, ProjectStore } from "../../domain/ports.ts";
import type { Venue } from "../../domain/venue.ts";
import { renderError } from "../public/pages/errors.ts";
import { renderEvent } from "../public/pages/event.ts";
import { renderProject } from "../public/pages/projects.ts";
import type { ConversationReader } from "../public/routes/conversation.ts";
import { conversationOf } from "../public/routes/conversation.ts";
import { pageContext, sendPage } from "../public/routes/page-context.ts";

function wantsActivityStreams(req: Request): boolean {
  return /application\/(activity\+json|ld\+json)/.test(req.get("accept") ?? "");
}

function gone(req: Request, res: Response, kind: "event" | "project", apId: string, deletedAt: string, venue: Venue): void {
  res.set("Vary", "Accept");
  if (wantsActivityStreams(req)) {
    res
      .status(410)
      .type("application/activity+json")
      .send(
        JSON.stringify({
          "@context": "https://www.w3.org/ns/activitystreams",
          id: apId,
          type: "Tombstone",
          formerType: kind === "event" ? "Event" : "Article",
          deleted: deletedAt,
        }),
      );
  } else {
    sendPage(res, 410, renderError(pageContext(req, res, venue, new Date()), 410));
  }
}

/**
 * Deleted events and projects answer 410 to everyone (mounted before Fedify); the HTML pages of
 * live ones are served to browsers after Fedify has answered ActivityPub clients.
 */
export function deletedObjectRoutes(deps: { venue: Venue; events: EventStore; projects: ProjectStore }): Router {
  const router = Router();
  router.get(expressRoute("event"), (req, res, next) => {
    const stored = deps.events.get(req.params.id as string);
    if (stored?.deletedAt && stored.value.local) return gone(req, res, "event", stored.value.apId, stored.deletedAt, deps.venue);
    next();
  });
  router.get(expressRoute("project"), (req, res, next) => {
    const stored = deps.projects.get(req.params.id as string);
    if (stored?.deletedAt && stored.value.local) return gone(req, res, "project", stored.value.apId, stored.deletedAt, deps.venue);
    next();
  });
  return router;
}

export type ObjectPageDeps = Readonly<{
  venue: Venue;
  events: EventStore;
  projects: ProjectStore;
  cantines: CantineStore;
  now: () => Date;
  /** Replies and counters shown under our own events and projects. */
  conversation?: ConversationReader;
  /** Remote items the operators hid: their pages answer 404. */
  isHidden?: (apId: string) => boolean;
  participants?: Pick<ParticipantStore, "counts">;
}>;

function unknownCantine(actorId: string, local: boolean): Cantine {
  let name = actorId;
  try {
    name = new URL(actorId).host;
  } catch {
    // keep the id as its name
  }
  return { actorId, local, handle: null, name, city: null, country: null, timezone: null, url: null, icon: null, actorType: null };
}

/** The cantine something comes from, and the one that relayed it to us, if any. */
function originOf(deps: ObjectPageDeps, item: { actorId: string; local: boolean; viaActorId?: string | null }): { source: Cantine; via: Cantine | null } {
  const known = (actorId: string) => deps.cantines.get(actorId) ?? unknownCantine(actorId, false);
  return {
    source: deps.cantines.get(item.actorId) ?? unknownCantine(item.actorId, item.local),
    via: item.viaActorId ? known(item.viaActorId) : null,
  };
}

/** Event and project pages, ours and those received from other cantines; 404 and 410 as pages. */
export function objectPageRoutes(deps: ObjectPageDeps): Router {
  const router = Router();
  router.get(expressRoute("event"), (req, res) => {
    const ctx = pageContext(req, res, deps.venue, deps.now());
    res.vary("Accept");
    const stored = deps.events.get(req.params.id as string);
    if (!stored || deps.isHidden?.(stored.value.apId)) return sendPage(res, 404, renderError(ctx, 404));
    if (stored.deletedAt) return sendPage(res, 410, renderError(ctx, 410));
    const counts = deps.participants ? attendance(deps.participants, stored.value) : null;
    sendPage(
      res,
      200,
      renderEvent(ctx, {
        event: stored.value,
        ...originOf(deps, stored.value),
        attendance: counts,
        conversation: conversationOf(deps.conversation, stored.value),
      }),
    );
  });
  router.get(expressRoute("project"), (req, res) => {
    const ctx = pageContext(req, res, deps.venue, deps.now());
    res.vary("Accept");
    const stored = deps.projects.get(req.params.id as string);
    if (!stored || deps.isHidden?.(stored.value.apId)) return sendPage(res, 404, renderError(ctx, 404));
    if (stored.deletedAt) return sendPage(res, 410, renderError(ctx, 410));
    sendPage(
      res,
      200,
      renderProject(ctx, { project: stored.value, ...originOf(deps, stored.value), conversation: conversationOf(deps.conversation, stored.value) }),
    );
  });
  return router;
}
