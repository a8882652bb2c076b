// 3. Calendar reads: a node holding E events from 50 cantines (written straight into SQLite) under
// concurrent load from autocannon in its own process: a month of one city as JSON, a tag's .ics
// feed, the HTML home page. Each is loaded three ways:
// - cached: the same URL again and again, as a quiet node serves it (mostly from its answer caches);
// - every answer computed: each request carries an unknown parameter `v` with a fresh value
//   (autocannon's [<id>]), which the node ignores but which makes every URL new to its answer
//   caches: the query runs and the answer is rendered for each request (per-event fragments that
//   stay valid while the event does are still reused, as on a busy node);
// - with writes arriving: the same URL while a followed cantine (a second node) publishes an event
//   every 100 ms, delivered as a real signed Create to the node's inbox: each arrival moves the
//   store's version, so the caches are dropped as on a busy network.
// Baseline: the same rows read by one direct better-sqlite3 query and serialised with
// JSON.stringify, in a loop in this process.

import { spawn } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { databaseFile } from "../../node/app.ts";
import { parseConfig } from "../../node/config.ts";
import { seedCalendar } from "./data.ts";
import type { NodeSpec, RunContext, RunningNode } from "./lib.ts";
import { api, calendarTotal, childEnv, launchNode, nodeSpec, percentile, prepareNode, repoRoot, sleep, waitUntil } from "./lib.ts";
import type { Figure } from "./report.ts";
import { figure } from "./report.ts";

const CONNECTIONS = 10; // autocannon's default
const DAY_MS = 86_400_000;

/** `token`: an operator token of the node (every scope), for the admin API. */
export type CalendarFixture = { spec: NodeSpec; events: number; cities: string[]; token: string };

/** The node folder with E events, built once per run (the memory and start-up scenarios reuse it). */
export async function calendarFixture(ctx: RunContext): Promise<CalendarFixture> {
  const events = ctx.quick ? 5_000 : 100_000;
  const key = `calendar-fixture-${events}`;
  const cached = ctx.cache.get(key) as CalendarFixture | undefined;
  if (cached) return cached;
  ctx.log(`writing ${events.toLocaleString("en-US")} events from 50 cantines into a node's database`);
  const spec = await nodeSpec(ctx, "paris");
  let cities: string[] = [];
  const started = performance.now();
  const { token } = await prepareNode(spec, (node) => {
    cities = seedCalendar(node, events).cities;
  });
  ctx.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const fixture = { spec, events, cities, token };
  ctx.cache.set(key, fixture);
  return fixture;
}

type Load = { requestsPerSecond: number; p50: number; p99: number; requests: number; non2xx: number; errors: number };

/**
 * Runs autocannon (npm) against one URL in a child process, for `seconds`. With `fresh`, every
 * request's URL gets `v=<a new id>` (autocannon's -I replaces [<id>] in each request).
 */
function autocannon(url: string, seconds: number, connections = CONNECTIONS, fresh = false): Promise<Load> {
  const bin = join(repoRoot, "node_modules/autocannon/autocannon.js");
  // First in the query: autocannon's argument parser takes a word ending in "]" for a sub-argument.
  const target = fresh ? (url.includes("?") ? url.replace("?", "?v=[<id>]&") : `${url}?v=[<id>]&`) : url;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "-j", ...(fresh ? ["-I"] : []), "-c", String(connections), "-d", String(seconds), target], {
      cwd: repoRoot,
      env: childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout!.on("data", (chunk) => (out += chunk));
    child.stderr!.on("data", (chunk) => (err += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), (seconds + 30) * 1000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      try {
        const result = JSON.parse(out);
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      } catch {
        reject(new Error(`autocannon exited ${code}: ${err.slice(-500)} ${out.slice(-500)}`));
      }
    });
  });
}

type Loop = { opsPerSecond: number; p50: number; p99: number; rows: number };

/** Runs `work` back to back for `ms`: operations per second and per-call latency percentiles. */
function loop(work: () => number, ms: number): Loop {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < 20; i++) work(); // warm the statement and the JIT
  const end = performance.now() + ms;
  for (let now = performance.now(); now < end; ) {
    rows = work();
    const after = performance.now();
    samples.push(after - now);
    now = after;
  }
  samples.sort((a, b) => a - b);
  return { opsPerSecond: samples.length / (ms / 1000), p50: percentile(samples, 50), p99: percentile(samples, 99), rows };
}

/** The first day of the next month (UTC), and of the month after. */
function nextMonth(): { from: string; to: string } {
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/** The path the home page finally answers at (a redirect is followed once, and said). */
async function homePath(origin: string): Promise<string> {
  const response = await fetch(`${origin}/`, { redirect: "manual", headers: { Accept: "text/html" } });
  await response.body?.cancel();
  const location = response.headers.get("location");
  return response.status >= 300 && response.status < 400 && location ? new URL(location, origin).pathname : "/";
}

/** `target`: what the issue asks of this endpoint at 100,000 events when every answer is computed. */
type Endpoint = { name: string; path: string; baseline: () => number; baselineLabel: string; target: { rps: number; p99?: number } };

/** How the endpoints are loaded (see the top of this file). */
export type ReadMode = "cached" | "computed" | "writes";

const MODE_LABEL: Record<ReadMode, string> = {
  cached: "",
  computed: " (every answer computed)",
  writes: " (a remote event arriving every 100 ms)",
};

/** A followed cantine publishing while the reads run: started by `startWriter`, paused between loads. */
export type Writer = { run(): void; pause(): void; published(): number; stop(): Promise<void> };

/** Loads each endpoint in each mode, and returns the figures. */
export async function loadCalendar(
  ctx: RunContext,
  fixture: CalendarFixture,
  node: RunningNode,
  seconds: number,
  modes: readonly ReadMode[] = ["cached"],
  writer?: Writer,
): Promise<Figure[]> {
  const { from, to } = nextMonth();
  const city = "Paris";
  const tag = "climate";
  const home = await homePath(node.origin);
  if (home !== "/") ctx.note(`calendar: "/" redirects to ${home} at this commit; the HTML figure is that page's`);

  // The baseline reads the same database file, read-only, in this process.
  const db = new Database(databaseFile(parseConfig(fixture.spec.raw, { baseDir: fixture.spec.dir })), { readonly: true });
  try {
    const fromMs = Date.parse(`${from}T00:00:00Z`);
    const toMs = Date.parse(`${to}T00:00:00Z`);
    const monthRows = db.prepare(
      `SELECT e.*, c.name AS cantine_name, c.city AS cantine_city FROM events e JOIN cantines c ON c.actor_id = e.actor_id
       WHERE e.deleted_at IS NULL AND c.city = ? AND e.start_ms >= ? AND e.start_ms < ? ORDER BY e.start_ms, e.id LIMIT 50`,
    );
    const tagRows = db.prepare(
      `SELECT e.*, c.name AS cantine_name, c.city AS cantine_city FROM event_tags t JOIN events e ON e.id = t.event_id JOIN cantines c ON c.actor_id = e.actor_id
       WHERE t.tag = ? AND t.start_ms >= ? AND COALESCE(t.end_ms, t.start_ms) >= ? AND e.deleted_at IS NULL
       ORDER BY t.start_ms, t.event_id LIMIT 2000`,
    );
    const upcomingRows = db.prepare(
      `SELECT e.*, c.name AS cantine_name, c.city AS cantine_city FROM events e JOIN cantines c ON c.actor_id = e.actor_id
       WHERE e.deleted_at IS NULL AND e.start_ms >= ? AND COALESCE(e.end_ms, e.start_ms) >= ? ORDER BY e.start_ms, e.id LIMIT 50`,
    );
    const stringify = (rows: unknown[]) => (JSON.stringify(rows).length, rows.length);
    const endpoints: Endpoint[] = [
      {
        name: `a month of one city as JSON (/api/calendar?city=${city}&from=${from}&to=${to}, first page of 50)`,
        path: `/api/calendar?city=${encodeURIComponent(city)}&from=${from}&to=${to}`,
        baseline: () => stringify(monthRows.all(city, fromMs, toMs)),
        baselineLabel: "one direct query (50 rows) + JSON.stringify",
        target: { rps: 1_500, p99: 20 },
      },
      {
        name: `a tag's iCalendar feed (/tags/${tag}/calendar.ics, up to 2,000 upcoming events)`,
        path: `/tags/${tag}/calendar.ics`,
        baseline: () => stringify(tagRows.all(tag, Date.now() - 32 * DAY_MS, Date.now() - DAY_MS)),
        baselineLabel: "one direct query (≤ 2,000 rows) + JSON.stringify",
        target: { rps: 50 },
      },
      {
        name: `the HTML home page (${home === "/" ? "/" : `/ → ${home}`})`,
        path: home,
        baseline: () => stringify(upcomingRows.all(Date.now() - 31 * DAY_MS, Date.now())),
        baselineLabel: "one direct query (next 50 events) + JSON.stringify",
        target: { rps: 1_000 },
      },
    ];
    const figures: Figure[] = [];
    const full = !ctx.quick && fixture.events >= 100_000;
    const atSize = full ? "" : " (not at this size)";
    for (const endpoint of endpoints) {
      const warm = await fetch(`${node.origin}${endpoint.path}`);
      const body = await warm.text();
      if (!warm.ok) throw new Error(`${endpoint.path} answered ${warm.status}: ${body.slice(0, 300)}`);
      const base = loop(endpoint.baseline, ctx.quick ? 500 : 2_000);
      const label = `${endpoint.baselineLabel}, in-process loop`;
      const short = endpoint.name.replace(/ \(.*$/, "");
      for (const mode of modes) {
        if (mode === "writes" && !writer) throw new Error("the writes mode needs a writer");
        const fresh = mode === "computed";
        ctx.log(`loading ${endpoint.path}${MODE_LABEL[mode]} for ${seconds} s with ${CONNECTIONS} connections`);
        const url = `${node.origin}${endpoint.path}`;
        if (mode === "writes") writer!.run();
        const publishedBefore = writer?.published() ?? 0;
        // Warm-up (JIT, statement cache): a second of load, or a few requests at the quick size.
        if (ctx.quick) for (let i = 0; i < 20; i++) await (await fetch(fresh ? `${url}${url.includes("?") ? "&" : "?"}v=warm${i}` : url)).text();
        else await autocannon(url, 1, CONNECTIONS, fresh);
        const load = await autocannon(url, seconds, CONNECTIONS, fresh);
        if (mode === "writes") writer!.pause();
        if (load.non2xx > 0 || load.errors > 0)
          ctx.note(`calendar: ${endpoint.path}${MODE_LABEL[mode]}: ${load.non2xx} non-2xx answers, ${load.errors} errors or timeouts`);
        const judged = mode === "computed" ? endpoint.target : undefined;
        const writes = mode === "writes" ? `; ${writer!.published() - publishedBefore} events published meanwhile` : "";
        figures.push(
          figure(
            "calendar",
            `${fixture.events.toLocaleString("en-US")} events: ${endpoint.name}${MODE_LABEL[mode]}: requests per second`,
            "req/s",
            load.requestsPerSecond,
            "higher",
            { value: base.opsPerSecond, label },
            {
              ...(judged
                ? {
                    target: {
                      text: `≥ ${judged.rps.toLocaleString("en-US")} req/s at 100,000 events, every answer computed${atSize}`,
                      reached: full && load.requestsPerSecond >= judged.rps,
                    },
                  }
                : {}),
              note: `${body.length.toLocaleString("en-US")} bytes per answer; ${load.requests} requests${writes}`,
            },
          ),
          figure("calendar", `${short}${MODE_LABEL[mode]}: p50 latency`, "ms", Math.max(load.p50, 0.01), "lower", { value: base.p50, label }),
          figure(
            "calendar",
            `${short}${MODE_LABEL[mode]}: p99 latency`,
            "ms",
            Math.max(load.p99, 0.01),
            "lower",
            { value: base.p99, label },
            {
              ...(judged?.p99
                ? { target: { text: `p99 < ${judged.p99} ms at 100,000 events, every answer computed${atSize}`, reached: full && load.p99 < judged.p99 } }
                : {}),
            },
          ),
        );
      }
    }
    return figures;
  } finally {
    db.close();
  }
}

/**
 * A second cantine (a node process of its own) that the reading node follows; `run()` makes it
 * publish one event every `everyMs` through its admin API, which it delivers to the reader's
 * inbox as a signed Create(Event), as any followed cantine does. The reader unfollows it at the
 * end, so that the fixture is left as it was but for the events received.
 */
async function startWriter(ctx: RunContext, reader: { origin: string; token: string }, everyMs = 100): Promise<Writer> {
  const spec = await nodeSpec(ctx, "barcelona");
  const { token } = await prepareNode(spec);
  const node = await launchNode(ctx, spec);
  const actor = `${spec.origin}/users/${spec.slug}`;
  try {
    const followed = await api(reader.origin, "POST", "/api/admin/follows", reader.token, { handle: `@${spec.slug}@${new URL(spec.origin).host}` });
    if (followed.status !== 202) throw new Error(`the reader could not follow the writer: ${followed.status} ${JSON.stringify(followed.body)}`);
    await waitUntil(
      async () =>
        (await api(reader.origin, "GET", "/api/admin/follows", reader.token)).body.items.some((f: any) => f.actorId === actor && f.state === "accepted"),
      "the writer to accept the reader's follow",
      30_000,
      100,
    );
  } catch (error) {
    await node.stop();
    throw error;
  }
  let published = 0;
  let failed = 0;
  let timer: NodeJS.Timeout | undefined;
  const publish = async () => {
    const n = published++;
    const startsAt = new Date(Date.now() + (1 + (n % 60)) * 86_400_000 + 18 * 3_600_000).toISOString();
    const created = await api(spec.origin, "POST", "/api/admin/events", token, { title: `Arriving ${n}`, startsAt, tags: ["arriving"] }).catch(() => null);
    if (created?.status !== 201) failed++;
  };
  return {
    run: () => {
      timer ??= setInterval(() => void publish(), everyMs);
    },
    pause: () => {
      clearInterval(timer);
      timer = undefined;
    },
    published: () => published,
    async stop() {
      clearInterval(timer);
      timer = undefined;
      try {
        const expected = published - failed;
        if (failed) ctx.note(`calendar: the writer failed to publish ${failed} of ${published} events`);
        // Every published event should have reached the reader: said, not asserted.
        const arrived = await waitUntil(
          async () => {
            const total = await calendarTotal(reader.origin, { tag: "arriving" });
            return total >= expected ? total : 0;
          },
          "the written events to reach the reader",
          30_000,
          200,
        ).catch(async () => calendarTotal(reader.origin, { tag: "arriving" }));
        ctx.log(`the writer published ${published} events; ${arrived} reached the reader`);
        if (arrived < expected) ctx.note(`calendar: only ${arrived} of ${expected} events written meanwhile reached the reader`);
        await api(reader.origin, "DELETE", `/api/admin/follows/${encodeURIComponent(actor)}`, reader.token);
      } finally {
        await node.stop();
      }
    },
  };
}

export async function calendar(ctx: RunContext): Promise<Figure[]> {
  const fixture = await calendarFixture(ctx);
  const node = await launchNode(ctx, fixture.spec);
  try {
    await sleep(500);
    const seconds = ctx.quick ? 2 : 10;
    const figures = await loadCalendar(ctx, fixture, node, seconds, ["cached", "computed"]);
    // RSS after the plain reads (what the memory scenario reports), before any write arrives.
    ctx.cache.set("rss-after-reads", { events: fixture.events, rss: node.rssMiB() });
    const writer = await startWriter(ctx, { origin: node.origin, token: fixture.token });
    try {
      figures.push(...(await loadCalendar(ctx, fixture, node, seconds, ["writes"], writer)));
    } finally {
      await writer.stop();
    }
    // Order the figures by endpoint, its three modes together.
    return figures.sort((a, b) => endpointOf(a) - endpointOf(b));
  } finally {
    await node.stop();
  }
}

const ENDPOINT_ORDER = ["a month of one city", "a tag's iCalendar feed", "the HTML home page"];
function endpointOf(f: Figure): number {
  return ENDPOINT_ORDER.findIndex((name) => f.figure.includes(name));
}
