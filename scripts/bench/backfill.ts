// 4. Back-fill: node A follows node B, which holds E upcoming events (rows and publication-log
// entries written into B's database before it starts, already federated, so B sends nothing).
// Measured: from the follow request (admin API) until A's calendar holds all of B's events.
// Baseline: walking the same outbox with plain GETs from this process (the serving floor). An
// untimed walk first warms the followed node for both.
import { localUrls } from "../../node/domain/local-urls.ts";
import { BENCH_CITIES, makeEvent, random } from "./data.ts";
import type { RunContext } from "./lib.ts";
import { api, calendarTotal, launchNode, nodeSpec, prepareNode, sleep, waitUntil } from "./lib.ts";
import type { Figure } from "./report.ts";
import { figure } from "./report.ts";

const DAY_MS = 86_400_000;

/** GETs every page of an outbox (first, then next…) and counts its items. */
async function walkOutbox(outbox: string): Promise<{ pages: number; items: number; ms: number }> {
  const get = async (url: string) => {
    const response = await fetch(url, { headers: { Accept: "application/activity+json" }, signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return (await response.json()) as Record<string, any>;
  };
  const started = performance.now();
  const collection = await get(outbox);
  let next: unknown = collection.first;
  let pages = 0;
  let items = 0;
  while (next && pages < 10_000) {
    const page = typeof next === "string" ? await get(next) : (next as Record<string, any>);
    pages++;
    items += (page.orderedItems ?? page.items ?? []).length;
    next = page.next;
  }
  return { pages, items, ms: performance.now() - started };
}

export async function backfill(ctx: RunContext): Promise<Figure[]> {
  const count = ctx.quick ? 300 : 10_000;
  const followed = await nodeSpec(ctx, "sf");
  ctx.log(`writing ${count.toLocaleString("en-US")} upcoming events into the followed node's database`);
  await prepareNode(followed, (node) => {
    const rand = random(99);
    const now = new Date().toISOString();
    const urls = localUrls(followed);
    const actorId = urls.actor;
    const shape = { actorId, origin: followed.origin, local: true, city: BENCH_CITIES[1], venue: node.config.name };
    const { events, publications } = node.publishing;
    node.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const event = makeEvent(rand, i, shape, Date.now() + DAY_MS, 360, now);
        const apId = urls.event(event.id);
        events.insert({ ...event, apId, url: apId });
        const stored = events.get(event.id)!.value;
        const entry = publications.append({
          activityId: urls.activity("create", crypto.randomUUID()),
          type: "Create",
          objectType: "Event",
          objectId: stored.id,
          objectApId: stored.apId,
          snapshot: { type: "Event", value: stored },
          audience: "followers",
          publishedAt: now,
        });
        publications.markFederated(entry.seq, now);
      }
    })();
  });
  const follower = await nodeSpec(ctx, "paris");
  const { token } = await prepareNode(follower);
  const b = await launchNode(ctx, followed);
  try {
    const a = await launchNode(ctx, follower);
    let ms: number;
    try {
      // The timed walks (ours, then the baseline's) both meet a warm followed node: its first
      // walk compiles and loads what rendering needs, and that must not count for ours alone.
      await walkOutbox(`${followed.origin}/users/${followed.slug}/outbox`);
      await sleep(500);
      const handle = `@${followed.slug}@${new URL(followed.origin).host}`;
      const started = performance.now();
      const response = await api(a.origin, "POST", "/api/admin/follows", token, { handle });
      if (response.status !== 202) throw new Error(`follow failed: ${response.status} ${JSON.stringify(response.body)}`);
      // Each poll counts a city's events on the follower while it writes them (about 10 ms at
      // 2,000): every 250 ms, so that the measurement takes little from what it measures.
      await waitUntil(async () => (await calendarTotal(a.origin, { city: "San Francisco" })) >= count, `${count} back-filled events`, 60_000 + count * 50, 250);
      ms = performance.now() - started;
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : error}\nfollower log:\n${a.logTail(15)}`);
    } finally {
      await a.stop();
    }
    const walk = await walkOutbox(localUrls(followed).outbox);
    if (walk.items < count) ctx.note(`backfill: the outbox walk saw ${walk.items} items, not ${count}`);
    const label = `plain GETs of the same outbox (${walk.pages} pages)`;
    return [
      figure("backfill", `${count.toLocaleString("en-US")} upcoming events: time from follow to all imported`, "ms", ms, "lower", { value: walk.ms, label }),
      figure("backfill", `${count.toLocaleString("en-US")} upcoming events: events imported per second`, "events/s", count / (ms / 1000), "higher", {
        value: walk.items / (walk.ms / 1000),
        label: `${label}: items/s`,
      }),
    ];
  } finally {
    await b.stop();
  }
}
