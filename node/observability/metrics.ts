// The node's metrics on prom-client, one Registry per node (never prom-client's global one: two
// nodes can live in one process). The federation and HTTP layers report through small ports
// (federation/metrics.ts, node/http/metrics.ts) that this module implements; queue and network
// state is read when /metrics is scraped, from readers the composition root supplies.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { DeliveryAnswer, FederationMetrics, InboxActivityOutcome } from "../../federation/metrics.ts";
import type { CacheName, HttpMetrics } from "../http/metrics.ts";

/** One queue as the database holds it now. */
type QueueReading = Readonly<{ queue: string; ready: number; delayed: number; leased: number; oldestEnqueuedAt: number | null }>;

/** One followed cantine's back-fill state. */
type SyncReading = Readonly<{ cantine: string; state: string; lastSyncAt: string | null; failing: boolean }>;

export type MetricsSources = Readonly<{
  queues?: () => readonly QueueReading[];
  follows?: () => readonly SyncReading[];
  now?: () => number;
}>;

export type NodeMetrics = Readonly<{
  registry: Registry;
  federation: FederationMetrics;
  http: HttpMetrics;
  /** Adds the process's own metrics (CPU, memory, event loop, GC): for a serving node only. */
  collectProcessMetrics(): void;
  /** The exposition text and its content type, for GET /metrics. */
  render(): Promise<{ contentType: string; body: string }>;
}>;

/** Remote hosts named in labels; past this many, the rest count as "other" (bounded cardinality). */
export const MAX_HOST_LABELS = 500;

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** "2xx", "4xx"…, or "error" when no answer came. */
export function statusClass(answer: DeliveryAnswer): string {
  return answer === "error" ? "error" : `${Math.floor(answer / 100)}xx`;
}

/** Keeps a label's values bounded: the first `max` distinct ones, then "other". */
function boundedLabel(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max) return "other";
    seen.add(value);
    return value;
  };
}

/** Builds one node's registry and the reporters that write into it. */
export function createNodeMetrics(sources: MetricsSources = {}): NodeMetrics {
  const registry = new Registry();
  const registers = [registry];
  const now = sources.now ?? Date.now;
  const host = boundedLabel(MAX_HOST_LABELS);

  const deliveries = new Counter({
    name: "cantine_deliveries_total",
    help: "Delivery attempts to remote inboxes: sent (answered 2xx) or failed (as Fedify counts them; it retries unless the answer was final)",
    labelNames: ["host", "outcome"] as const,
    registers,
  });
  const deliveryAnswers = new Counter({
    name: "cantine_delivery_responses_total",
    help: "Answers to delivery POSTs by remote host and status class (error: no answer)",
    labelNames: ["host", "status_class"] as const,
    registers,
  });
  const inboxRequests = new Counter({
    name: "cantine_inbox_requests_total",
    help: "Inbox POSTs: accepted by Fedify, or refused with a reason",
    labelNames: ["outcome", "reason"] as const,
    registers,
  });
  const inboxActivities = new Counter({
    name: "cantine_inbox_activities_total",
    help: "Verified inbound activities by type and what became of them (handled, ignored, dropped, failed) with a reason",
    labelNames: ["type", "outcome", "reason"] as const,
    registers,
  });
  const requestDuration = new Histogram({
    name: "cantine_http_request_duration_seconds",
    help: "HTTP request latency by method, route template and status class",
    labelNames: ["method", "route", "status_class"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const cacheLookups = new Counter({
    name: "cantine_cache_lookups_total",
    help: "Reads of the answer caches (calendar JSON, feeds, home page): hit or miss",
    labelNames: ["cache", "result"] as const,
    registers,
  });
  const syncsRunning = new Gauge({ name: "cantine_sync_running", help: "Outbox walks (back-fill, reconcile) under way", registers });
  const syncs = new Counter({
    name: "cantine_syncs_total",
    help: "Outbox walks (back-fill, reconcile) finished, by outcome",
    labelNames: ["outcome"] as const,
    registers,
  });

  const queues = sources.queues;
  if (queues) {
    new Gauge({
      name: "cantine_queue_messages",
      help: "Messages in the node's queues: ready to run, delayed (retries), leased (being handled)",
      labelNames: ["queue", "state"] as const,
      registers,
      collect() {
        this.reset();
        for (const q of queues()) {
          this.set({ queue: q.queue, state: "ready" }, q.ready);
          this.set({ queue: q.queue, state: "delayed" }, q.delayed);
          this.set({ queue: q.queue, state: "leased" }, q.leased);
        }
      },
    });
    new Gauge({
      name: "cantine_queue_oldest_message_age_seconds",
      help: "Age of each queue's oldest unfinished message (first enqueued, retries included); 0 when empty",
      labelNames: ["queue"] as const,
      registers,
      collect() {
        this.reset();
        const at = now();
        for (const q of queues()) this.set({ queue: q.queue }, q.oldestEnqueuedAt === null ? 0 : Math.max(0, (at - q.oldestEnqueuedAt) / 1000));
      },
    });
  }

  const follows = sources.follows;
  if (follows) {
    new Gauge({
      name: "cantine_followed_cantines",
      help: "Cantines this node follows, by follow state",
      labelNames: ["state"] as const,
      registers,
      collect() {
        this.reset();
        const counts = new Map<string, number>();
        for (const f of follows()) counts.set(f.state, (counts.get(f.state) ?? 0) + 1);
        for (const [state, count] of counts) this.set({ state }, count);
      },
    });
    new Gauge({
      name: "cantine_sync_last_age_seconds",
      help: "Time since each followed cantine's outbox was last walked",
      labelNames: ["cantine"] as const,
      registers,
      collect() {
        this.reset();
        const at = now();
        for (const f of follows()) {
          const last = f.lastSyncAt === null ? Number.NaN : Date.parse(f.lastSyncAt);
          if (Number.isFinite(last)) this.set({ cantine: f.cantine }, Math.max(0, (at - last) / 1000));
        }
      },
    });
    new Gauge({
      name: "cantine_sync_failing",
      help: "1 for each followed cantine whose last outbox walk failed, else 0",
      labelNames: ["cantine"] as const,
      registers,
      collect() {
        this.reset();
        for (const f of follows()) this.set({ cantine: f.cantine }, f.failing ? 1 : 0);
      },
    });
  }

  const federation: FederationMetrics = {
    inboxActivity(type: string, outcome: InboxActivityOutcome, reason: string) {
      inboxActivities.inc({ type, outcome, reason });
    },
    deliveryAnswered(remote: string, answer: DeliveryAnswer) {
      const label = host(remote);
      deliveryAnswers.inc({ host: label, status_class: statusClass(answer) });
      if (answer !== "error" && answer >= 200 && answer < 300) deliveries.inc({ host: label, outcome: "sent" });
    },
    deliveryFailed(remote: string) {
      deliveries.inc({ host: host(remote), outcome: "failed" });
    },
    syncStarted() {
      syncsRunning.inc();
      let ended = false;
      return (outcome) => {
        if (ended) return;
        ended = true;
        syncsRunning.dec();
        syncs.inc({ outcome });
      };
    },
  };

  const http: HttpMetrics = {
    request(method: string, route: string, status: number, seconds: number) {
      const verb = METHODS.has(method) ? method : "other";
      requestDuration.observe({ method: verb, route, status_class: statusClass(status) }, seconds);
    },
    inboxRequest(outcome: "accepted" | "refused", reason: string) {
      inboxRequests.inc({ outcome, reason });
    },
    cacheLookup(cache: CacheName, hit: boolean) {
      cacheLookups.inc({ cache, result: hit ? "hit" : "miss" });
    },
  };

  let processMetrics = false;
  return {
    registry,
    federation,
    http,
    collectProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
