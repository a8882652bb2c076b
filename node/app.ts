import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Context, Federation } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import "./temporal.ts";
import { BackgroundTasks } from "../federation/background.ts";
import type { FederationDeps } from "../federation/context.ts";
import { createCantineFederation } from "../federation/federation.ts";
import { FederationFlagSender } from "../federation/flags.ts";
import { checkJsonLdBudget, INBOX_JSONLD_LIMITS } from "../federation/jsonld-budget.ts";
import { loadOrCreateActorKeys } from "../federation/keys.ts";
import { SqliteKvStore } from "../federation/kv.ts";
import { deliveriesOf } from "../federation/metrics.ts";
import { FederationNetwork } from "../federation/network.ts";
import { FederationAnnouncer } from "../federation/outbox.ts";
import { KeysByReferenceQueue } from "../federation/outbox-keys.ts";
import { FederationParticipationAnswers } from "../federation/participation.ts";
import { countUnfinished, readQueueStates, SqliteMessageQueue } from "../federation/queue.ts";
import { assertPublicUrl, installSafeFetch } from "../federation/safe-fetch.ts";
import type { DeliveryAttempt } from "../federation/signature-knocks.ts";
import type { NodeConfig } from "./config.ts";
import { listenError, StartupError } from "./config.ts";
import { localUrls } from "./domain/local-urls.ts";
import { Moderation } from "./domain/moderation/moderation.ts";
import { createModerationPolicy } from "./domain/moderation/policy.ts";
import type { ParticipationDeps } from "./domain/participation/manage-participants.ts";
import { fillPlaces } from "./domain/participation/manage-participants.ts";
import type { PublishingDeps } from "./domain/publishing/publishing.ts";
import type { Venue } from "./domain/venue.ts";
import { AnswerCache, DEFAULT_ANSWER_CACHE_BYTES } from "./http/answer-cache.ts";
import type { AuthDeps } from "./http/auth.ts";
import { createHttpApp } from "./http/server.ts";
import type { NodeMetrics } from "./observability/metrics.ts";
import { createNodeMetrics } from "./observability/metrics.ts";
import type { JobDeps } from "./scheduler/jobs.ts";
import { startScheduler } from "./scheduler/scheduler.ts";
import { SqliteAuditLog } from "./storage/audit-log.ts";
import { backupInto } from "./storage/backup.ts";
import { SqliteBlockStore } from "./storage/block-store.ts";
import { SqliteCalendarStore } from "./storage/calendar-store.ts";
import { SqliteCantineStore } from "./storage/cantine-store.ts";
import type { Db } from "./storage/db.ts";
import { DataFolderError, openDatabase } from "./storage/db.ts";
import { SqliteEventStore } from "./storage/event-store.ts";
import { SqliteFollowerStore } from "./storage/follower-store.ts";
import { SqliteHiddenStore } from "./storage/hidden-store.ts";
import { SqliteKeyStore } from "./storage/key-store.ts";
import { migrate } from "./storage/migrate.ts";
import { SqliteParticipantStore } from "./storage/participant-store.ts";
import { SqliteProjectStore } from "./storage/project-store.ts";
import { SqlitePublicationLog } from "./storage/publication-log.ts";
import { SqliteReactionStore } from "./storage/reaction-store.ts";
import { SqliteReplyStore } from "./storage/reply-store.ts";
import { SqliteReportStore } from "./storage/report-store.ts";
import { SqliteJwtKeyStore, SqliteTokenStore } from "./storage/token-store.ts";
import { imageCatalogOf, webAdminDeps } from "./web-admin.ts";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
const software = { name: "cantine", version: packageJson.version } as const;

export type CantineNode = Readonly<{
  config: NodeConfig;
  /** The URL the node listens on (its origin in tests and the demo). */
  url: string;
  server: Server;
  db: Db;
  federation: Federation<void>;
  deps: FederationDeps;
  close(): Promise<void>;
}>;

export type NodeOverrides = {
  now?: () => Date;
  /** A running node reads an outbox while its Follow awaits the Accept; a CLI command, which ends first, does not. */
  readBeforeAccept?: boolean;
};

/** The local cantine, as the domain sees it, from the node's config. */
function venueFromConfig(config: NodeConfig): Venue {
  const { slug, name, city, country, timezone, origin, summary, address, website, icon, locale, manuallyApprovesFollowers } = config;
  return { slug, name, city, country, timezone, origin, summary, address, website, icon, locale, manuallyApprovesFollowers };
}

/** The database file of a node: one SQLite file in its data folder. */
export function databaseFile(config: NodeConfig): string {
  return join(config.dataDir, "cantine.db");
}

/** Everything a node is made of, built but not yet listening nor working its queues. */
export type BuiltNode = Readonly<{
  config: NodeConfig;
  db: Db;
  federation: Federation<void>;
  deps: FederationDeps;
  queues: { inbox: SqliteMessageQueue; outbox: SqliteMessageQueue; fanout: SqliteMessageQueue };
  kv: SqliteKvStore;
  followers: SqliteFollowerStore;
  publishing: PublishingDeps;
  cantines: SqliteCantineStore;
  calendar: SqliteCalendarStore;
  /** Replies, likes and boosts of our events and projects. */
  conversation: { replies: SqliteReplyStore; reactions: SqliteReactionStore };
  /** Blocks, hidden items, reports and the moderation log, for the admin API and the CLI. */
  moderation: Moderation;
  /** Why the node must not fetch from or deliver to a URL (a blocked server), or null: the fetch guard asks. */
  refusesFetch(url: string): string | null;
  /** Participation in our events, for the admin API and the CLI (answers go through the durable queue). */
  participation: ParticipationDeps;
  announcer: FederationAnnouncer;
  network: FederationNetwork;
  tasks: BackgroundTasks;
  auth: AuthDeps;
  /** The node's own metrics registry and the reporters that fill it. */
  metrics: NodeMetrics;
  /** Every queue's messages by state, and its oldest one (for /healthz and /metrics). */
  queueStates(): ReturnType<typeof readQueueStates>;
  /** A Fedify context for work outside a request (CLI, jobs). */
  context(): Context<void>;
  close(): void;
}>;

/**
 * Composition root, first half: storage → federation. The CLI uses it as is (what it enqueues
 * is delivered by the running node, or at its next start); `startNode` adds HTTP and workers.
 */
export async function buildNode(config: NodeConfig, overrides: NodeOverrides = {}): Promise<BuiltNode> {
  const db = openNodeDatabase(config);
  try {
    migrate(db);
    const venue = venueFromConfig(config);
    const followers = new SqliteFollowerStore(db);
    const keyPairs = await loadOrCreateActorKeys(new SqliteKeyStore(db), config.slug);
    const kv = new SqliteKvStore(db);
    const queues = {
      inbox: new SqliteMessageQueue(db, { name: "inbox" }),
      outbox: new SqliteMessageQueue(db, { name: "outbox", concurrency: 8 }),
      fanout: new SqliteMessageQueue(db, { name: "fanout" }),
    };
    const events = new SqliteEventStore(db);
    const projects = new SqliteProjectStore(db);
    const publications = new SqlitePublicationLog(db);
    const cantines = new SqliteCantineStore(db);
    const calendar = new SqliteCalendarStore(db);
    const conversation = { replies: new SqliteReplyStore(db), reactions: new SqliteReactionStore(db) };
    const blocks = new SqliteBlockStore(db);
    const policy = createModerationPolicy(blocks);
    const reports = new SqliteReportStore(db);
    const participants = new SqliteParticipantStore(db);
    cantines.upsertLocal({
      actorId: localUrls(venue).actor,
      local: true,
      handle: `${config.slug}@${new URL(config.origin).host}`,
      name: config.name,
      city: config.city,
      country: config.country,
      timezone: config.timezone,
      url: localUrls(venue).actor,
      icon: config.icon ?? new URL("/icon.png", config.origin).href,
      actorType: "Organization",
    });
    const now = overrides.now ?? (() => new Date());
    const queueStates = () =>
      readQueueStates(
        db,
        Object.values(queues).map((queue) => queue.name),
      );
    const metrics = createNodeMetrics({
      queues: queueStates,
      follows: () =>
        cantines
          .listFollows()
          .filter((c) => !c.local)
          .map((c) => ({
            cantine: c.handle ?? c.actorId,
            state: c.followState,
            lastSyncAt: c.lastSyncAt,
            failing: c.lastError !== null,
          })),
    });
    const tasks = new BackgroundTasks(getLogger(["cantine", "federation", "tasks"]));
    // What every use case and adapter shares, written once: stores, clock, ids, transactions.
    const core = {
      venue,
      events,
      projects,
      publications,
      participants,
      transaction: <T>(work: () => T): T => db.transaction(work).immediate(),
      newId: () => crypto.randomUUID(),
      now,
    };
    const deps: FederationDeps = {
      ...core,
      followers,
      cantines,
      conversation,
      moderation: { policy, reports },
      authorizedFetch: config.authorizedFetch,
      // The inbox starts a back-fill once a followed cantine accepts; the queues that run the
      // inbox start after the node is built, so `network` below is always there by then.
      onFollowAccepted: (actorId) => network.backfill(actorId),
      keyPairs,
      checkPublicUrl: (url) => assertPublicUrl(url, { allowPrivateAddresses: config.allowPrivateAddresses }),
      software,
      log: getLogger(["cantine", "federation"]),
      metrics: metrics.federation,
    };
    // Queued deliveries name the node's private key instead of carrying it (outbox-keys.ts).
    const fedifyQueues = { ...queues, outbox: new KeysByReferenceQueue(queues.outbox, keyPairs) };
    const federation = createCantineFederation(deps, { kv, queues: fedifyQueues, allowPrivateAddresses: config.allowPrivateAddresses });
    const context = () => federation.createContext(new URL(config.origin), undefined);
    const announcer = new FederationAnnouncer(federation, deps);
    const network = new FederationNetwork(federation, deps, tasks, { readBeforeAccept: overrides.readBeforeAccept ?? false });
    const publishing: PublishingDeps = {
      ...core,
      announcer,
      uris: localUrls(venue),
      images: imageCatalogOf(db, config),
    };
    const participation: ParticipationDeps = { ...core, answers: new FederationParticipationAnswers(context, venue) };
    const moderation = new Moderation({
      ...core,
      origin: config.origin,
      blocks,
      hidden: new SqliteHiddenStore(db),
      reports,
      audit: new SqliteAuditLog(db),
      followers,
      cantines,
      ...conversation,
      flags: new FederationFlagSender(federation, deps),
      fillPlaces: (eventId) => fillPlaces(participation, eventId),
    });
    const auth: AuthDeps = { keys: new SqliteJwtKeyStore(db), tokens: new SqliteTokenStore(db), origin: config.origin, now };
    const close = () => {
      kv.close();
      if (db.open) db.close();
    };
    return {
      config,
      db,
      conversation,
      moderation,
      refusesFetch: (url: string) => policy.refusesUrl(url),
      federation,
      deps,
      queues,
      kv,
      followers,
      publishing,
      cantines,
      calendar,
      participation,
      announcer,
      network,
      tasks,
      auth,
      metrics,
      queueStates,
      context,
      close,
    };
  } catch (error) {
    if (db.open) db.close();
    throw error;
  }
}

/** What the scheduled jobs work on, for the node's scheduler and `cantine jobs run`. */
export function jobDeps(node: BuiltNode): JobDeps {
  const { config, db } = node;
  const backup = async () => {
    const { file, removed } = await backupInto(db, config.backup.dir, config.backup.keep, new Date());
    return `database copied to ${file}${removed.length ? `; ${removed.length} older copy(ies) removed` : ""}`;
  };
  return {
    network: node.network,
    publishing: node.publishing,
    pruneAfterDays: config.pruneRemoteEventsAfterDays,
    ...(config.backup.enabled ? { backup } : {}),
  };
}

/** The node's database; a data folder that cannot hold it is a StartupError naming "dataDir". */
function openNodeDatabase(config: NodeConfig): Db {
  try {
    return openDatabase(databaseFile(config));
  } catch (error) {
    if (error instanceof DataFolderError) throw new StartupError("dataDir", config.dataDir, error.message);
    throw error;
  }
}

/**
 * Composition root: builds the node, then serves HTTP and works its queues. Returns once the
 * node listens; `close()` stops everything in reverse order. Several nodes can run in one process.
 */
export async function startNode(config: NodeConfig, overrides: NodeOverrides = {}): Promise<CantineNode> {
  const log = getLogger(["cantine", "node", config.slug]);
  // The fetch wrapper is installed first (building may fetch); deliveries are counted once built.
  let countDelivery: ((attempt: DeliveryAttempt) => void) | undefined;
  // Blocked servers are refused by the fetch guard too, once the node's blocks can be read.
  let refusesFetch: ((url: string) => string | null) | undefined;
  const uninstallFetch = installSafeFetch({ allowPrivateAddresses: config.allowPrivateAddresses, refuses: (url) => refusesFetch?.(url) ?? null }, (attempt) =>
    countDelivery?.(attempt),
  );
  let node: BuiltNode;
  try {
    node = await buildNode(config, { readBeforeAccept: true, ...overrides });
  } catch (error) {
    uninstallFetch();
    throw error;
  }
  refusesFetch = node.refusesFetch;
  countDelivery = deliveriesOf(config.origin, node.metrics.federation);
  node.metrics.collectProcessMetrics();
  const { db, federation, deps, queues, kv, followers, announcer, publishing, auth, calendar, cantines, participation } = node;
  const startedAt = Date.now();
  const app = createHttpApp(
    {
      venue: deps.venue,
      followers,
      publishing,
      auth,
      calendar,
      cantines,
      network: node.network,
      moderation: node.moderation,
      conversation: node.conversation,
      isHidden: (apId: string) => node.moderation.isHidden(apId),
      blockedSender: (keyId: string) => node.refusesFetch(keyId) !== null,
      participation,
      checkInboxDocument: (document) => checkJsonLdBudget(document, INBOX_JSONLD_LIMITS),
      inboxLimits: {
        requestsPerMinute: config.limits.inboxRequestsPerMinute,
        bytesPerMinute: config.limits.inboxBytesPerMinute,
        concurrency: config.limits.inboxConcurrency,
      },
      trustProxy: config.trustProxy,
      health: {
        slug: config.slug,
        version: software.version,
        startedAt,
        // Running handlers count too: all zeros means nothing is left to do.
        queueDepth: async () =>
          countUnfinished(
            db,
            Object.values(queues).map((queue) => queue.name),
          ),
        queueStates: node.queueStates,
        deliveryQueues: [queues.outbox.name, queues.fanout.name],
      },
      // One per node, bounded in bytes: nodes in one process never read each other's answers.
      answers: new AnswerCache(DEFAULT_ANSWER_CACHE_BYTES),
      metrics: node.metrics.http,
      admin: webAdminDeps(node, { queues: node.queueStates, deliveryQueues: [queues.outbox.name, queues.fanout.name] }),
      metricsEndpoint: { access: config.metrics, render: node.metrics.render },
    },
    federation,
  );

  const server = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    node.close();
    uninstallFetch();
    throw listenError(config, error) ?? error;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${config.host}:${address.port}`;

  const stopQueues = new AbortController();
  const queueWorkers = federation.startQueue(undefined, { signal: stopQueues.signal });
  kv.startSweeper(60_000);
  // Publications a crash left unsent (written, not yet queued) go out now; cantines we follow
  // are reconciled (what they published while we were down) and the configured network followed.
  void announcer.flushPending();
  void node.tasks.run("startup sync", () => node.network.syncAll());
  void node.network.followConfigured(config.network);
  const scheduler = startScheduler(jobDeps(node), config.timezone, { backup: config.backup.enabled ? config.backup.schedule : null });
  log.info("{name} listening on {url} as {origin}", { name: config.name, url, origin: config.origin });

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await scheduler.stop();
      node.network.stop();
      await node.tasks.idle();
      await announcer.idle();
      stopQueues.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queueWorkers;
      node.close();
      uninstallFetch();
      log.info("{name} stopped", { name: config.name });
    })());
  return { config, url, server, db, federation, deps, close };
}
