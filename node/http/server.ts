import type { Federation } from "@fedify/fedify";
import type { Express } from "express";
import express from "express";
import type { ReplyStore } from "../domain/conversation/replies.ts";
import { expressRoute } from "../domain/local-urls.ts";
import type { Moderation } from "../domain/moderation/moderation.ts";
import type { CalendarStore, CantineStore } from "../domain/network/cantines.ts";
import type { FollowerStore } from "../domain/network/followers.ts";
import type { Network } from "../domain/network/network.ts";
import type { ParticipationDeps } from "../domain/participation/manage-participants.ts";
import type { PublishingDeps } from "../domain/publishing/publishing.ts";
import type { Venue } from "../domain/venue.ts";
import { federationReader, inboxBodyRefusals, inboxReceiver } from "./activitypub/fedify-adapter.ts";
import { droppingBlockedSenders } from "./activitypub/inbox-blocks.ts";
import type { DocumentCheck } from "./activitypub/inbox-checks.ts";
import { deletedObjectRoutes } from "./activitypub/objects.ts";
import type { InboxLimits } from "./activitypub/rate-limit.ts";
import { createInboxGate, DEFAULT_INBOX_LIMITS } from "./activitypub/rate-limit.ts";
import type { AdminDeps } from "./admin/deps.ts";
import { adminWebRoutes } from "./admin/routes.ts";
import { readSession } from "./admin/session.ts";
import type { AnswerCache } from "./answer-cache.ts";
import { adminEventRoutes } from "./api/admin-events.ts";
import { adminMentionRoutes } from "./api/admin-mentions.ts";
import { adminModerationRoutes } from "./api/admin-moderation.ts";
import { adminNetworkRoutes } from "./api/admin-network.ts";
import { adminParticipantRoutes } from "./api/admin-participants.ts";
import { adminProjectRoutes } from "./api/admin-projects.ts";
import { calendarApiRoutes } from "./api/calendar-api.ts";
import { publicApiRoutes } from "./api/public-api.ts";
import type { AuthDeps } from "./auth.ts";
import { trustForwardedHeaders } from "./behind-proxy.ts";
import { feedRoutes } from "./feeds/routes.ts";
import { mediaRoutes } from "./media/routes.ts";
import type { HttpMetrics } from "./metrics.ts";
import { NO_HTTP_METRICS } from "./metrics.ts";
import type { HealthDeps } from "./ops/health.ts";
import { healthRoutes } from "./ops/health.ts";
import type { MetricsDeps } from "./ops/metrics.ts";
import { metricsRoutes } from "./ops/metrics.ts";
import { nodeInfoIndexRoutes } from "./ops/nodeinfo-index.ts";
import { errorHandler, notFound } from "./problem.ts";
import type { ConversationReader } from "./public/routes/conversation.ts";
import { pageNotFound, webPageRoutes } from "./public/routes/web.ts";
import { requestContext } from "./request-context.ts";
import { securityHeaders } from "./security-headers.ts";

export type HttpDeps = Readonly<{
  /** The web admin under /admin and the uploaded images it serves; without it, neither. */
  admin?: AdminDeps & { mediaFolder: string };
  venue: Venue;
  followers: FollowerStore;
  health: HealthDeps;
  publishing: PublishingDeps;
  auth: AuthDeps;
  calendar: CalendarStore;
  cantines: CantineStore;
  network: Network;
  /** Replies and counters under our events and projects; the operators' mentions. */
  conversation: ConversationReader & { replies: Pick<ReplyStore, "mentions"> };
  /** Blocks, hidden items, reports and the moderation log (admin API). */
  moderation: Moderation;
  /** Remote items hidden by the operators: their pages answer 404. */
  isHidden?: (apId: string) => boolean;
  /** Whether an inbox POST signed with this keyId comes from a blocked server or actor: answered 202, dropped. */
  blockedSender?: (keyId: string) => boolean;
  /** Who takes part in our events: counts on pages, the operators' list and decisions. */
  participation: ParticipationDeps;
  /** Largest inbox POST accepted (Mastodon uses 1 MB too). */
  inboxBodyLimit?: string;
  /** What an inbox body may cost to process (the federation layer's JSON-LD budget). */
  checkInboxDocument: DocumentCheck;
  /** What one sending host may cost the inbox per minute, and how many inbox requests run at once. */
  inboxLimits?: InboxLimits;
  /** The reverse proxies whose X-Forwarded-* headers are believed (config `trustProxy`); default loopback. */
  trustProxy?: readonly string[];
  /** The node's cache of rendered answers (calendar JSON, home pages, feeds); one per node. */
  answers: AnswerCache;
  /** Where requests, inbox refusals and cache reads are counted (the node's registry). */
  metrics?: HttpMetrics;
  /** `GET /metrics`: who may read it and what it shows; without it, no such route. */
  metricsEndpoint?: MetricsDeps;
}>;

/**
 * The node's Express app. Order matters: inbox POSTs get a capped raw body, the sending host's
 * budget and the origin guard; Fedify then answers every GET it knows (ActivityPub JSON,
 * WebFinger, NodeInfo); what it does not serve falls through to pages and the JSON API.
 */
export function createHttpApp(deps: HttpDeps, federation: Federation<void>): Express {
  const app = express();
  const metrics = deps.metrics ?? NO_HTTP_METRICS;
  app.disable("x-powered-by");
  trustForwardedHeaders(app, deps.trustProxy);
  app.use(requestContext(metrics));
  app.use(securityHeaders());
  app.use((_req, res, next) => {
    res.set({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin" });
    next();
  });

  app.post(
    [expressRoute("sharedInbox"), expressRoute("inbox")],
    express.raw({ type: () => true, limit: deps.inboxBodyLimit ?? "1mb" }),
    droppingBlockedSenders(deps.blockedSender),
    inboxReceiver(federation, new URL(deps.venue.origin).origin, deps.checkInboxDocument, createInboxGate(deps.inboxLimits ?? DEFAULT_INBOX_LIMITS), metrics),
    inboxBodyRefusals(metrics),
  );
  const { events, projects, now } = deps.publishing;
  app.use(deletedObjectRoutes({ venue: deps.venue, events, projects }));
  app.use(nodeInfoIndexRoutes({ origin: deps.venue.origin, slug: deps.venue.slug }));
  app.use(federationReader(federation, new URL(deps.venue.origin).origin));

  app.use(healthRoutes(deps.health));
  if (deps.metricsEndpoint) app.use(metricsRoutes(deps.metricsEndpoint));
  // -- feeds (iCalendar, Atom) --
  app.use(feedRoutes({ calendar: deps.calendar, cantines: deps.cantines, venue: deps.venue, now, events, answers: deps.answers, metrics }));
  // -- web pages --
  if (deps.admin) {
    app.use(mediaRoutes(deps.admin.mediaFolder));
    // Before the pages: they show a signed-in operator "Edit" on the cantine's own events.
    app.use(readSession(deps.admin.accounts, new URL(deps.venue.origin).protocol === "https:"));
    app.use(adminWebRoutes(deps.admin));
  }
  app.use(webPageRoutes(deps));
  // Before the API's JSON parser: a blocklist import is CSV.
  app.use(adminModerationRoutes(deps.moderation, deps.auth));
  app.use("/api", express.json({ limit: "200kb", type: () => true }));
  app.use(calendarApiRoutes({ calendar: deps.calendar, timezone: deps.venue.timezone, now, answers: deps.answers, metrics }));
  app.use(publicApiRoutes({ events, projects, now }));
  app.use(adminEventRoutes(deps.publishing, deps.auth));
  app.use(adminProjectRoutes(deps.publishing, deps.auth));
  app.use(adminParticipantRoutes(deps.participation, deps.auth));
  app.use(adminNetworkRoutes(deps.network, deps.publishing, deps.auth));
  app.use(adminMentionRoutes(deps.conversation.replies, deps.auth));

  app.use(pageNotFound(deps.venue, now));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
