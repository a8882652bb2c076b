import type { Logger } from "@logtape/logtape";
import type { ReactionStore } from "../node/domain/conversation/reactions.ts";
import type { ReplyStore } from "../node/domain/conversation/replies.ts";
import type { ModerationPolicy } from "../node/domain/moderation/policy.ts";
import type { ReportStore } from "../node/domain/moderation/reports.ts";
import type { CantineStore } from "../node/domain/network/cantines.ts";
import type { FollowerStore } from "../node/domain/network/followers.ts";
import type { ParticipantStore } from "../node/domain/participation/ports.ts";
import type { EventStore, ProjectStore } from "../node/domain/ports.ts";
import type { PublicationLog } from "../node/domain/publishing/publication.ts";
import type { Venue } from "../node/domain/venue.ts";
import type { FederationMetrics } from "./metrics.ts";

/**
 * What the federation layer needs from the rest of the node. It is built once by the
 * composition root and closed over by the dispatchers and listeners, so two nodes can live
 * in one process, each with its own stores.
 */
export type FederationDeps = Readonly<{
  venue: Venue;
  followers: FollowerStore;
  events: EventStore;
  projects: ProjectStore;
  publications: PublicationLog;
  cantines: CantineStore;
  /** People taking part in our events (Join, attendance answers). */
  participants: ParticipantStore;
  /** Replies, likes and boosts of our events and projects. */
  conversation: Readonly<{ replies: ReplyStore; reactions: ReactionStore }>;
  /** What blocks say about a sender or a URL, and where received Flag reports go. */
  moderation: Readonly<{ policy: ModerationPolicy; reports: ReportStore }>;
  /** Objects and collections answer only signed requests from servers that are not blocked. */
  authorizedFetch: boolean;
  /** Runs synchronous store writes atomically. */
  transaction: <T>(work: () => T) => T;
  newId: () => string;
  /** Called once a followed actor accepts: the composition root starts its back-fill. */
  onFollowAccepted: (actorId: string) => void;
  keyPairs: readonly CryptoKeyPair[];
  /** Refuses follower inboxes on private addresses unless the node runs on a loopback network. */
  checkPublicUrl: (url: URL) => Promise<void>;
  software: { name: string; version: string };
  now: () => Date;
  log: Logger;
  /** Counts inbox outcomes, failed deliveries and outbox walks (node/observability/ in a node). */
  metrics: FederationMetrics;
}>;
