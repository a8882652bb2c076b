// 5. Memory: resident set (VmRSS of /proc/<pid>/status) of an idle node, of a node holding E
// events after it served the calendar reads, and of a four-node network (a full mesh of follows,
// each node publishing events that reach the three others).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { calendarFixture, loadCalendar } from "./calendar.ts";
import type { RunContext, RunningNode } from "./lib.ts";
import { api, CITIES, calendarTotal, launchNode, nodeSpec, prepareNode, repoRoot, rssMiB, sleep, waitUntil } from "./lib.ts";
import type { Figure } from "./report.ts";
import { figure } from "./report.ts";
import { launchBare, withCompileCache } from "./startup.ts";

/** Four cantines follow each other and publish; returns their summed RSS once all calendars agree. */
async function network(ctx: RunContext, perNode: number, settleMs: number): Promise<{ rss: number; nodes: number }> {
  const slugs = Object.keys(CITIES);
  const nodes: { node: RunningNode; token: string; slug: string }[] = [];
  try {
    const specs = await Promise.all(
      slugs.map(async (slug) => {
        const spec = await nodeSpec(ctx, slug);
        return { spec, slug, ...(await prepareNode(spec)) };
      }),
    );
    const launched = await Promise.allSettled(specs.map(async ({ spec, token, slug }) => nodes.push({ node: await launchNode(ctx, spec), token, slug })));
    const failed = launched.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    for (const from of nodes) {
      for (const to of nodes) {
        if (from === to) continue;
        const handle = `@${to.slug}@${new URL(to.node.origin).host}`;
        const response = await api(from.node.origin, "POST", "/api/admin/follows", from.token, { handle });
        if (response.status !== 202) throw new Error(`${from.slug} could not follow ${to.slug}: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    for (const n of nodes) {
      await waitUntil(
        async () => {
          const list = await api(n.node.origin, "GET", "/api/admin/follows", n.token);
          return list.body.items.filter((f: any) => f.state === "accepted").length === nodes.length - 1;
        },
        `${n.slug}'s follows to be accepted`,
        60_000,
        100,
      );
    }
    for (const n of nodes) {
      for (let i = 0; i < perNode; i++) {
        const startsAt = new Date(Date.now() + (i + 1) * 86_400_000).toISOString();
        const created = await api(n.node.origin, "POST", "/api/admin/events", n.token, { title: `${n.slug} evening ${i}`, startsAt, tags: ["bench", n.slug] });
        if (created.status !== 201) throw new Error(`${n.slug} could not publish: ${created.status} ${JSON.stringify(created.body)}`);
      }
    }
    for (const n of nodes)
      await waitUntil(async () => (await calendarTotal(n.node.origin)) >= nodes.length * perNode, `${n.slug}'s calendar to hold every city`, 60_000, 100);
    await sleep(settleMs);
    return { rss: nodes.reduce((sum, n) => sum + n.node.rssMiB(), 0), nodes: nodes.length };
  } finally {
    await Promise.all(nodes.map((n) => n.node.stop()));
  }
}

export async function memory(ctx: RunContext): Promise<Figure[]> {
  const settleMs = ctx.quick ? 500 : 3_000;
  // Both idle processes load their modules from a compile cache (filled by a first start), as a
  // production node does from its second start on: the start-up scenario shares it.
  const { idle, bareRss } = await withCompileCache(join(ctx.workRoot, "compile-cache"), async () => {
    await (await launchNode(ctx, await nodeSpec(ctx, "paris"))).stop();
    await (await launchBare()).stop();
    const idleNode = await launchNode(ctx, await nodeSpec(ctx, "paris"));
    let idle: number;
    try {
      await sleep(settleMs);
      idle = idleNode.rssMiB();
    } finally {
      await idleNode.stop();
    }
    const bare = await launchBare();
    try {
      await sleep(settleMs);
      return { idle, bareRss: rssMiB(bare.pid) };
    } finally {
      await bare.stop();
    }
  });

  // After the calendar reads: measured by the calendar scenario when it ran in this run, else here.
  const fixture = await calendarFixture(ctx);
  let loaded = (ctx.cache.get("rss-after-reads") as { events: number; rss: number } | undefined)?.rss;
  if (loaded === undefined) {
    const node = await launchNode(ctx, fixture.spec);
    try {
      await sleep(500);
      await loadCalendar(ctx, fixture, node, ctx.quick ? 1 : 3);
      loaded = node.rssMiB();
    } finally {
      await node.stop();
    }
  }

  if (existsSync(join(repoRoot, "scripts/demo.ts")))
    ctx.note("memory: the network figure comes from four nodes started by the benchmark, not from `npm run demo`");
  else
    ctx.note(
      "memory: scripts/demo.ts is not in this tree yet: the network figure comes from four nodes started by the benchmark (full mesh, events published through the admin API)",
    );
  const perNode = ctx.quick ? 2 : 20;
  const net = await network(ctx, perNode, settleMs);

  const idleLabel = "our idle node";
  return [
    figure(
      "memory",
      "idle node (empty database): RSS",
      "MiB",
      idle,
      "lower",
      { value: bareRss, label: "idle bare Fedify process" },
      { target: { text: "< 120 MiB", reached: idle < 120 } },
    ),
    figure("memory", `node holding ${fixture.events.toLocaleString("en-US")} events, after serving the calendar reads: RSS`, "MiB", loaded, "lower", {
      value: idle,
      label: idleLabel,
    }),
    figure("memory", `four-node network (full mesh, ${perNode} events each): summed RSS`, "MiB", net.rss, "lower", {
      value: idle * net.nodes,
      label: `${net.nodes} × ${idleLabel}`,
    }),
  ];
}
