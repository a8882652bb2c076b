import type { Federation, KvStore, MessageQueue } from "@fedify/fedify";
import { createFederation, SendActivityError } from "@fedify/fedify";
import { FetchError, getUserAgent } from "@fedify/vocab-runtime";
import { rememberActorDocuments } from "./actor-documents.ts";
import { registerActor } from "./actors.ts";
import { CantineInboxes } from "./cantine-inboxes.ts";
import { registerCollections } from "./collections.ts";
import type { FederationDeps } from "./context.ts";
import { preloadPeerContexts } from "./contexts.ts";
import { registerConversationCollections } from "./conversation.ts";
import { FastDelivery } from "./fast-delivery.ts";
import { forgetGoneFollowers } from "./gone-followers.ts";
import { registerInbox } from "./inbox/index.ts";
import { FollowerSoftware } from "./instance-software.ts";
import { hostOf } from "./metrics.ts";
import { registerNodeInfo } from "./nodeinfo.ts";
import { registerObjects } from "./objects.ts";
import { OutboxQueue } from "./outbox-queue.ts";
import { FINAL_DELIVERY_STATUSES, mastodonLikeRetryPolicy } from "./retry-policy.ts";

export type FederationOptions = Readonly<{
  kv: KvStore;
  queues: { inbox: MessageQueue; outbox: MessageQueue; fanout: MessageQueue };
  allowPrivateAddresses: boolean;
}>;

/** Builds the node's Fedify federation with every dispatcher and listener registered. */
export function createCantineFederation(deps: FederationDeps, options: FederationOptions): Federation<void> {
  // Remote contexts are never fetched while processing a request (jsonld-budget.ts).
  preloadPeerContexts();
  const userAgent = { software: `${deps.software.name}/${deps.software.version}`, url: new URL(deps.venue.origin) };
  const firstKnock = "draft-cavage-http-signatures-12";
  const software = new FollowerSoftware(deps.followers, deps.log);
  const cantineInboxes = new CantineInboxes(deps.followers, { softwareOf: (follower) => software.of(follower) });
  const outbox = new OutboxQueue(options.queues.outbox, {
    userAgent: getUserAgent(userAgent),
    fastDelivery: new FastDelivery({
      kv: options.kv,
      firstKnock,
      allowPrivateAddress: options.allowPrivateAddresses,
      directFor: (inbox) => cantineInboxes.isCantine(inbox),
      onRefused: (message, status) => {
        deps.metrics.deliveryFailed(hostOf(message.inbox));
        forgetGoneFollowers(deps, message.inbox, status, message.actorIds ?? []);
      },
    }),
  });
  const federation = createFederation<void>({
    kv: options.kv,
    queue: { ...options.queues, outbox },
    manuallyStartQueue: true,
    origin: deps.venue.origin,
    allowPrivateAddress: options.allowPrivateAddresses,
    // Mastodon ≤ 4.4 understands only draft-cavage; some servers drop what they cannot verify
    // after answering 202, so an RFC 9421 first knock could be lost silently.
    firstKnock,
    outboxRetryPolicy: mastodonLikeRetryPolicy(),
    // A 4xx other than 401, 408 or 429 is the recipient's final word (Gancio's 404 to an
    // Announce): not retried, nor sent again with the other signature (signature-knocks.ts).
    permanentFailureStatusCodes: [...FINAL_DELIVERY_STATUSES],
    // For what Fedify fetches; deliveries carry it in their queued message (outbox-queue.ts).
    userAgent,
    onOutboxError: (error, activity) => {
      deps.metrics.deliveryFailed(failedInboxHost(error));
      deps.log.warn("Delivery of {activity} failed: {error}", { activity: activity?.id?.href, error });
    },
  });
  // Key ownership is confirmed on every inbox activity by fetching the sender's actor again.
  rememberActorDocuments(federation);
  registerActor(federation, deps);
  registerCollections(federation, deps);
  registerObjects(federation, deps);
  registerConversationCollections(federation, deps);
  registerInbox(federation, deps);
  registerNodeInfo(federation, deps);
  // What Fedify's own sending finds gone (a retry, a server signing with RFC 9421).
  federation.setOutboxPermanentFailureHandler((_ctx, failure) =>
    forgetGoneFollowers(
      deps,
      failure.inbox.href,
      failure.statusCode,
      failure.actorIds.map((id) => id.href),
    ),
  );
  return federation;
}

/** The remote host a failed delivery was for, as far as Fedify's error tells. */
function failedInboxHost(error: unknown): string {
  if (error instanceof SendActivityError) return hostOf(error.inbox);
  if (error instanceof FetchError) return hostOf(error.url);
  return "unknown";
}
