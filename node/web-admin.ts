// Composition of the web admin and uploaded images: accounts, sessions and media on the node's
// database and data folder, the sharp and scrypt adapters, and the ports the admin pages use.
import { getLogger } from "@logtape/logtape";
import { sendFollowAnswer } from "../federation/inbox/follow.ts";
import { randomSecrets, scryptHasher } from "./accounts/passwords.ts";
import type { BuiltNode } from "./app.ts";
import type { AccountsDeps } from "./domain/accounts/manage-accounts.ts";
import type { ImageCatalog, MediaDeps } from "./domain/media/image.ts";
import { uploadIdOf } from "./domain/media/image.ts";
import type { AdminDeps, FailingServer } from "./http/admin/deps.ts";
import { SignInThrottle } from "./http/admin/throttle.ts";
import type { QueueHealth } from "./http/ops/health.ts";
import { sharpImageProcessor } from "./media/sharp-images.ts";
import { SqliteAccountStore } from "./storage/account-store.ts";
import type { Db } from "./storage/db.ts";
import { mediaFolder, SqliteImageStore } from "./storage/image-store.ts";
import { SqliteInvitationStore } from "./storage/invite-store.ts";
import { SqliteSessionStore } from "./storage/session-store.ts";

/** Operators' accounts, invitations and sessions on the node's database. */
export function accountsOf(db: Db, now: () => Date): AccountsDeps {
  return {
    accounts: new SqliteAccountStore(db),
    invitations: new SqliteInvitationStore(db),
    sessions: new SqliteSessionStore(db),
    hasher: scryptHasher(),
    secrets: randomSecrets,
    newId: () => crypto.randomUUID(),
    now,
  };
}

/** Our uploaded images as events and projects name them (by URL on our origin). */
export function imageCatalogOf(db: Db, config: { dataDir: string; origin: string }): ImageCatalog {
  const store = new SqliteImageStore(db, mediaFolder(config.dataDir));
  return {
    origin: config.origin,
    describe: (url) => {
      const id = uploadIdOf(url, config.origin);
      return id === null ? undefined : store.get(id);
    },
  };
}

function mediaOf(node: BuiltNode): MediaDeps {
  return {
    processor: sharpImageProcessor(),
    store: new SqliteImageStore(node.db, mediaFolder(node.config.dataDir)),
    newId: () => crypto.randomUUID(),
    now: node.publishing.now,
  };
}

/** Delivery hosts that failed since the node started, most failures first (from its metrics). */
async function failingServers(node: BuiltNode): Promise<FailingServer[]> {
  const metric = node.metrics.registry.getSingleMetric("cantine_deliveries_total");
  const values = metric ? (await metric.get()).values : [];
  const byHost = new Map<string, { failed: number; sent: number }>();
  for (const { labels, value } of values) {
    const host = String(labels.host ?? "");
    const entry = byHost.get(host) ?? { failed: 0, sent: 0 };
    if (labels.outcome === "failed") entry.failed += value;
    else entry.sent += value;
    byHost.set(host, entry);
  }
  return [...byHost]
    .filter(([, c]) => c.failed > 0)
    .map(([host, c]) => ({ host, ...c }))
    .sort((a, b) => b.failed - a.failed)
    .slice(0, 20);
}

/** What the web admin works with, from a built node. */
export function webAdminDeps(
  node: BuiltNode,
  delivery: { queues: () => QueueHealth[]; deliveryQueues: readonly string[] },
): AdminDeps & { mediaFolder: string } {
  const log = getLogger(["cantine", "http", "admin"]);
  return {
    venue: node.deps.venue,
    accounts: accountsOf(node.db, node.publishing.now),
    publishing: node.publishing,
    network: node.network,
    followers: node.followers,
    async answerFollow(actorId, answer) {
      const follower = node.followers.get(actorId);
      if (!follower) return;
      if (answer === "accept") {
        const accepted = node.followers.accept(actorId, node.publishing.now().toISOString())!;
        await sendFollowAnswer(node.deps, node.context(), accepted, "accept");
      } else {
        await sendFollowAnswer(node.deps, node.context(), follower, "reject");
        node.followers.remove(actorId);
      }
      log.info("follow request of {actorId}: {answer}", { actorId, answer });
    },
    auth: node.auth,
    media: mediaOf(node),
    calendar: node.calendar,
    delivery: { ...delivery, failingServers: () => failingServers(node) },
    throttle: new SignInThrottle(),
    participation: node.participation,
    moderation: node.moderation,
    mediaFolder: mediaFolder(node.config.dataDir),
  };
}
