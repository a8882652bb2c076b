import type { AccountsDeps } from "../../domain/accounts/manage-accounts.ts";
import type { MediaDeps } from "../../domain/media/image.ts";
import type { Moderation } from "../../domain/moderation/moderation.ts";
import type { CalendarStore } from "../../domain/network/cantines.ts";
import type { FollowerStore } from "../../domain/network/followers.ts";
import type { Network } from "../../domain/network/network.ts";
import type { ParticipationDeps } from "../../domain/participation/manage-participants.ts";
import type { PublishingDeps } from "../../domain/publishing/publishing.ts";
import type { Venue } from "../../domain/venue.ts";
import type { AuthDeps } from "../auth.ts";
import type { QueueHealth } from "../ops/health.ts";
import type { SignInThrottle } from "./throttle.ts";

/** A server that deliveries keep failing to reach, as the node's metrics count them. */
export type FailingServer = Readonly<{ host: string; failed: number; sent: number }>;

/** Everything the web admin works with: the same use cases as the admin API and the CLI. */
export type AdminDeps = Readonly<{
  venue: Venue;
  accounts: AccountsDeps;
  publishing: PublishingDeps;
  network: Network;
  followers: FollowerStore;
  /** Answers a follow request (the Accept or Reject goes through the durable queue). */
  answerFollow(actorId: string, answer: "accept" | "reject"): Promise<void>;
  auth: AuthDeps;
  media: MediaDeps;
  calendar: CalendarStore;
  delivery: Readonly<{ queues(): QueueHealth[]; deliveryQueues: readonly string[]; failingServers(): Promise<FailingServer[]> }>;
  throttle: SignInThrottle;
  /** Who takes part in our events, and the operator's word on requests. */
  participation: ParticipationDeps;
  /** Blocks, hidden items, reports and the moderation log. */
  moderation: Moderation;
}>;
