import type { RequestHandler } from "express";
import { Router } from "express";
import { collectionRoutes, expressRoute, pathOf, routes } from "../../../domain/local-urls.ts";
import type { CalendarStore, CantineStore } from "../../../domain/network/cantines.ts";
import type { FollowerStore } from "../../../domain/network/followers.ts";
import type { ParticipationDeps } from "../../../domain/participation/manage-participants.ts";
import type { EventStore } from "../../../domain/ports.ts";
import type { PublishingDeps } from "../../../domain/publishing/publishing.ts";
import type { Venue } from "../../../domain/venue.ts";
import { objectPageRoutes } from "../../activitypub/objects.ts";
import type { AnswerCache } from "../../answer-cache.ts";
import type { HttpMetrics } from "../../metrics.ts";
import { renderError } from "../pages/errors.ts";
import { eventPath } from "../pages/event-card.ts";
import type { ConversationReader } from "./conversation.ts";
import { interactionRoutes } from "./interact.ts";
import { pageContext, sendPage } from "./page-context.ts";
import { calendarPageRoutes } from "./pages.ts";
import { profileRoutes } from "./profile.ts";

export type WebDeps = Readonly<{
  venue: Venue;
  followers: FollowerStore;
  publishing: Pick<PublishingDeps, "events" | "projects" | "now">;
  calendar: CalendarStore;
  cantines: CantineStore;
  /** Replies and counters under our events and projects. */
  conversation?: ConversationReader;
  /** Remote items hidden by the operators: their pages answer 404. */
  isHidden?: (apId: string) => boolean;
  metrics?: HttpMetrics;
  /** The node's cache of rendered answers (home pages). */
  answers: AnswerCache;
  /** Event pages show who is going and the places left. */
  participation?: Pick<ParticipationDeps, "participants">;
}>;

/** Every page people read in a browser (server-rendered HTML, no script needed). */
export function webPageRoutes(deps: WebDeps): Router {
  const { venue, calendar, cantines, followers } = deps;
  const { events, projects, now } = deps.publishing;
  const router = Router();
  router.use(calendarPageRoutes({ venue, calendar, cantines, now, answers: deps.answers, metrics: deps.metrics }));
  router.use(profileRoutes({ venue, followers, calendar, now }));
  router.use(
    objectPageRoutes({
      venue,
      events,
      projects,
      cantines,
      now,
      participants: deps.participation?.participants,
      conversation: deps.conversation,
      isHidden: deps.isHidden,
    }),
  );
  router.use(interactionRoutes({ venue, events, now }));
  router.use(redirectRoutes(venue, events, now));
  return router;
}

// The last segment of each of our actor's collections ("outbox", "upcoming-events"…).
const COLLECTIONS = new Set(collectionRoutes.map((route) => routes[route].slice(routes.actor.length + 1)));

/**
 * Addresses that name something without a page of its own send a browser to the page that shows it:
 * the cantine's collections (served as ActivityStreams to everyone else, see fedify-adapter.ts)
 * to its profile, and a series (the `URL` of a recurring event in our iCalendar feeds) to its
 * next occurrence.
 */
function redirectRoutes(venue: Venue, events: EventStore, now: () => Date): Router {
  const router = Router();
  const collection: string = `${expressRoute("actor")}/:collection`;
  router.get(collection, (req, res, next) => {
    if (req.params.slug !== venue.slug || !COLLECTIONS.has(req.params.collection as string)) return next();
    res.vary("Accept").redirect(303, pathOf("actor", { identifier: venue.slug }));
  });
  router.get("/series/:id", (req, res) => {
    const stored = events.getSeries(req.params.id);
    const occurrences = stored && !stored.deletedAt ? events.occurrences(stored.value.id) : [];
    if (occurrences.length === 0) {
      return sendPage(res, stored ? 410 : 404, renderError(pageContext(req, res, venue, now()), stored ? 410 : 404));
    }
    const at = now().getTime();
    const next = occurrences.find((event) => Date.parse(event.endsAt ?? event.startsAt) > at) ?? occurrences.at(-1)!;
    res.redirect(303, eventPath(next));
  });
  return router;
}

/** A browser that asks for a page we do not have gets a 404 page; API clients keep JSON. */
export function pageNotFound(venue: Venue, now: () => Date): RequestHandler {
  return (req, res, next) => {
    const wantsPage = (req.method === "GET" || req.method === "HEAD") && !req.path.startsWith("/api/") && req.accepts(["json", "html"]) === "html";
    if (!wantsPage) return next();
    sendPage(res, 404, renderError(pageContext(req, res, venue, now()), 404));
  };
}
