// 3. Calendar reads: a node holding E events from 50 cantines (written straight into SQLite) under
// concurrent load from autocannon in its own process: a month of one city as JSON, a tag's .ics
// feed, the HTML home page. Baseline: the same rows read by one direct better-sqlite3 query and
// serialised with JSON.stringify, in a loop in this process.

import { spawn } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { databaseFile } from "../../node/app.ts";
import { parseConfig } from "../../node/config.ts";
import { seedCalendar } from "./data.ts";
import type { NodeSpec, RunContext, RunningNode } from "./lib.ts";
import { childEnv, launchNode, nodeSpec, percentile, prepareNode, repoRoot, sleep } from "./lib.ts";
import type { Figure } from "./report.ts";
import { figure } from "./report.ts";

const CONNECTIONS = 10; // autocannon's default
const DAY_MS = 86_400_000;

export type CalendarFixture = { spec: NodeSpec; events: number; cities: string[] };

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
  await prepareNode(spec, (node) => {
    cities = seedCalendar(node, events).cities;
  });
  ctx.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const fixture = { spec, events, cities };
  ctx.cache.set(key, fixture);
  return fixture;
}

export type Load = { requestsPerSecond: number; p50: number; p99: number; requests: number; non2xx: number; errors: number };

/** Runs autocannon (npm) against one URL in a child process, for `seconds`. */
export function autocannon(url: string, seconds: number, connections = CONNECTIONS): Promise<Load> {
  const bin = join(repoRoot, "node_modules/autocannon/autocannon.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "-j", "-c", String(connections), "-d", String(seconds), url], {
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

export type Loop = { opsPerSecond: number; p50: number; p99: number; rows: number };

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

type Endpoint = { name: string; path: string; baseline: () => number; baselineLabel: string; monthTargets?: boolean };

/** Loads each endpoint, then returns the figures and the node's RSS after serving them. */
export async function loadCalendar(ctx: RunContext, fixture: CalendarFixture, node: RunningNode, seconds: number): Promise<Figure[]> {
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
      `SELECT e.*, c.name AS cantine_name, c.city AS cantine_city FROM events e JOIN cantines c ON c.actor_id = e.actor_id
       WHERE e.deleted_at IS NULL AND e.id IN (SELECT event_id FROM event_tags WHERE tag = ?) AND e.start_ms >= ? AND COALESCE(e.end_ms, e.start_ms) >= ?
       ORDER BY e.start_ms, e.id LIMIT 2000`,
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
        monthTargets: true,
      },
      {
        name: `a tag's iCalendar feed (/tags/${tag}/calendar.ics, up to 2,000 upcoming events)`,
        path: `/tags/${tag}/calendar.ics`,
        baseline: () => stringify(tagRows.all(tag, Date.now() - 32 * DAY_MS, Date.now() - DAY_MS)),
        baselineLabel: "one direct query (≤ 2,000 rows) + JSON.stringify",
      },
      {
        name: `the HTML home page (${home === "/" ? "/" : `/ → ${home}`})`,
        path: home,
        baseline: () => stringify(upcomingRows.all(Date.now() - 31 * DAY_MS, Date.now())),
        baselineLabel: "one direct query (next 50 events) + JSON.stringify",
      },
    ];
    const figures: Figure[] = [];
    for (const endpoint of endpoints) {
      ctx.log(`loading ${endpoint.path} for ${seconds} s with ${CONNECTIONS} connections`);
      const warm = await fetch(`${node.origin}${endpoint.path}`);
      const body = await warm.text();
      if (!warm.ok) throw new Error(`${endpoint.path} answered ${warm.status}: ${body.slice(0, 300)}`);
      // Warm-up (JIT, statement cache): a second of load, or a few requests at the quick size.
      if (ctx.quick) for (let i = 0; i < 20; i++) await (await fetch(`${node.origin}${endpoint.path}`)).text();
      else await autocannon(`${node.origin}${endpoint.path}`, 1);
      const load = await autocannon(`${node.origin}${endpoint.path}`, seconds);
      if (load.non2xx > 0 || load.errors > 0) ctx.note(`calendar: ${endpoint.path}: ${load.non2xx} non-2xx answers, ${load.errors} errors or timeouts`);
      const base = loop(endpoint.baseline, ctx.quick ? 500 : 2_000);
      const label = `${endpoint.baselineLabel}, in-process loop`;
      const short = endpoint.name.replace(/ \(.*$/, "");
      const full = !ctx.quick;
      figures.push(
        figure(
          "calendar",
          `${fixture.events.toLocaleString("en-US")} events: ${endpoint.name}: requests per second`,
          "req/s",
          load.requestsPerSecond,
          "higher",
          { value: base.opsPerSecond, label },
          {
            ...(endpoint.monthTargets
              ? {
                  target: {
                    text: `≥ 1,000 req/s at 100,000 events${full ? "" : " (not at the quick size)"}`,
                    reached: full && load.requestsPerSecond >= 1_000,
                  },
                }
              : {}),
            note: `${body.length.toLocaleString("en-US")} bytes per answer; ${load.requests} requests`,
          },
        ),
        figure("calendar", `${short}: p50 latency`, "ms", Math.max(load.p50, 0.01), "lower", { value: base.p50, label }),
        figure(
          "calendar",
          `${short}: p99 latency`,
          "ms",
          Math.max(load.p99, 0.01),
          "lower",
          { value: base.p99, label },
          {
            ...(endpoint.monthTargets
              ? { target: { text: `p99 < 20 ms at 100,000 events${full ? "" : " (not at the quick size)"}`, reached: full && load.p99 < 20 } }
              : {}),
          },
        ),
      );
    }
    return figures;
  } finally {
    db.close();
  }
}

export async function calendar(ctx: RunContext): Promise<Figure[]> {
  const fixture = await calendarFixture(ctx);
  const node = await launchNode(ctx, fixture.spec);
  try {
    await sleep(500);
    const figures = await loadCalendar(ctx, fixture, node, ctx.quick ? 2 : 10);
    ctx.cache.set("rss-after-reads", { events: fixture.events, rss: node.rssMiB() });
    return figures;
  } finally {
    await node.stop();
  }
}
