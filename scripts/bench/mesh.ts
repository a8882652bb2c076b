// 8. A network of N cantines in a full mesh (10, 25 and 50; 4 at the quick size): each node's
// database holds the whole mesh before it starts (it follows every other and every other
// follows it, accepted), then each node publishes one event through its admin API, twice: in the
// first round five at a time, which introduces the peers (modules loaded on first use, each
// peer's key fetched at first contact), in the second all at the same moment, which is
// measured: the time until every calendar holds every event,
// the deliveries and bytes each node sent, its CPU and memory. Nodes run several to a process
// (mesh-host.ts), as fifty processes would not fit beside other work; per-node CPU and memory
// are the processes' shares. What following costs is measured apart, at the smallest size:
// strangers follow each other through the admin API (WebFinger, Follow, Accept, back-fill).
// Baselines: the number of deliveries a full mesh needs (N × (N − 1)), and for the other
// figures the smallest network of the same run scaled by the growth a full mesh predicts
// (time: by the number of deliveries, as every node shares this machine's cores; bytes and CPU
// per node: by the number of peers; memory per node: constant), so a ratio above 1 is growth
// beyond the mesh's own.
import { createServer } from "node:net";
import { BENCH_CITIES } from "./data.ts";
import type { Helper, NodeSpec, RunContext } from "./lib.ts";
import { api, forkHelper, nodeSpec, sleep, waitUntil, workDir } from "./lib.ts";
import type { Peer, Traffic } from "./mesh-host.ts";
import type { Figure } from "./report.ts";
import { figure } from "./report.ts";

/** Nodes publishing at once in the first round, which introduces them to their peers. */
const INTRODUCED_AT_ONCE = 5;

/** Requests of the follow phase in flight at once (all nodes together). */
const FOLLOWS_IN_FLIGHT = 8;

type MeshNode = { origin: string; token: string; slug: string; host: Helper };
type Stats = { cpuSeconds: number; rssMiB: number; nodes: Record<string, Traffic>; answers: Record<string, number>; fetched: Record<string, number> };

/** What one network of N measured. */
type MeshRun = {
  nodes: number;
  perProcess: number;
  /** The first round (see meshRun), and the statuses of its inbox POSTs. */
  warmUpMs: number;
  warmUpAnswers: string;
  /** CPU seconds per second the whole network spends idle. */
  idleCpuPerSecond: number;
  propagationMs: number;
  /** When the median node held every event. */
  medianMs: number;
  deliveries: number;
  deliveryBytes: number;
  servedBytes: number;
  cpuSeconds: number;
  rssMiB: number;
  /** Statuses of the inbox POSTs while the events spread, and the documents fetched meanwhile. */
  answers: string;
  fetched: string;
};

async function allStats(hosts: Helper[]): Promise<Stats[]> {
  return Promise.all(
    hosts.map(async (host) => {
      host.post({ type: "stats" });
      return host.next<Stats>("stats", 30_000);
    }),
  );
}

function traffic(stats: Stats[]): Traffic {
  const sum = { deliveries: 0, deliveryBytes: 0, servedBytes: 0 };
  for (const s of stats)
    for (const t of Object.values(s.nodes)) (sum.deliveries += t.deliveries), (sum.deliveryBytes += t.deliveryBytes), (sum.servedBytes += t.servedBytes);
  return sum;
}

const cpuOf = (stats: Stats[]) => stats.reduce((sum, s) => sum + s.cpuSeconds, 0);

/** Inbox POST statuses (or fetched paths) of all nodes, less those of `since`: "202×90" or "202×88, 429×2". */
function answersOf(stats: Stats[], since: Stats[] = [], field: "answers" | "fetched" = "answers"): string {
  const counts = new Map<string, number>();
  for (const s of stats) for (const [status, n] of Object.entries(s[field])) counts.set(status, (counts.get(status) ?? 0) + n);
  for (const s of since) for (const [status, n] of Object.entries(s[field])) counts.set(status, (counts.get(status) ?? 0) - n);
  return (
    [...counts]
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${status}×${n}`)
      .join(", ") || "none"
  );
}

/** Runs `work` over `items`, `limit` at a time. */
async function inFlight<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

type Network = { nodes: MeshNode[]; hosts: Helper[] };

const taken = new Set<number>();

/** A free loopback port below the ephemeral range (32768 on Linux), chosen at random. */
async function portBelowEphemeral(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error("no free port between 20000 and 32000");
}

/**
 * Starts `count` nodes, `perProcess` to a process. `seeded`: each database holds the whole mesh
 * before its node starts (it follows every other, every other follows it); otherwise they start
 * strangers. The caller stops `hosts`, also when this throws (they are added as they start).
 */
async function startNetwork(ctx: RunContext, count: number, perProcess: number, seeded: boolean, hosts: Helper[]): Promise<Network> {
  const specs: NodeSpec[] = [];
  const peers: Peer[] = [];
  for (let i = 0; i < count; i++) {
    const city = BENCH_CITIES[i % BENCH_CITIES.length]!;
    const profile = { name: `Cantine ${city.city} ${i}`, city: city.city, country: city.country, timezone: city.timezone };
    const spec = await nodeSpec(ctx, `c${i}`, {
      ...profile,
      locale: ["fr", "en", "es", "pt"].includes(city.language) ? city.language : "en",
      logLevel: "warning",
    });
    if (seeded) {
      // Peers must know each port before the nodes start, a minute later for fifty: one below
      // the kernel's ephemeral range, which outgoing connections would otherwise take meanwhile.
      const port = await portBelowEphemeral();
      const origin = `http://127.0.0.1:${port}`;
      Object.assign(spec, { port, origin, raw: { ...spec.raw, port, origin } });
    }
    specs.push(spec);
    peers.push({ slug: spec.slug, origin: spec.origin, ...profile });
  }
  const groups: NodeSpec[][] = [];
  for (let i = 0; i < specs.length; i += perProcess) groups.push(specs.slice(i, i + perProcess));
  const flagsDir = workDir(ctx, "mesh-profiles");
  for (const _ of groups) {
    const host = forkHelper(
      "mesh-host.ts",
      [],
      ctx.nodeFlags.map((f) => f.replace("{dir}", flagsDir)),
    );
    hosts.push(host);
    await host.next("waiting", 30_000);
  }
  // Started one process at a time: start-up is CPU-bound, and all at once only slows each.
  const nodes: MeshNode[] = [];
  for (const [i, group] of groups.entries()) {
    hosts[i]!.post({ type: "start", specs: group, peers: seeded ? peers : null });
    const { nodes: started } = await hosts[i]!.next<{ nodes: { origin: string; token: string }[] }>("started", 120_000);
    for (const [j, n] of started.entries()) nodes.push({ ...n, slug: group[j]!.slug, host: hosts[i]! });
  }
  return { nodes, hosts };
}

/** What following costs: `count` strangers follow each other through the admin API (Follow, Accept, back-fill). */
async function handshakes(ctx: RunContext, count: number, perProcess: number): Promise<{ follows: number; ms: number; cpuSeconds: number; answers: string }> {
  const hosts: Helper[] = [];
  try {
    const { nodes } = await startNetwork(ctx, count, perProcess, false, hosts);
    const started = performance.now();
    const before = await allStats(hosts);
    const pairs = nodes.flatMap((from) => nodes.filter((to) => to !== from).map((to) => ({ from, to })));
    await inFlight(pairs, FOLLOWS_IN_FLIGHT, async ({ from, to }) => {
      const handle = `@${to.slug}@${new URL(to.origin).host}`;
      const response = await api(from.origin, "POST", "/api/admin/follows", from.token, { handle });
      if (response.status !== 202) throw new Error(`${from.slug} could not follow ${to.slug}: ${response.status} ${JSON.stringify(response.body)}`);
    });
    for (const n of nodes) {
      await waitUntil(
        async () => {
          const list = await api(n.origin, "GET", "/api/admin/follows", n.token);
          return list.body.items.filter((f: any) => f.state === "accepted").length === count - 1;
        },
        `${n.slug}'s follows to be accepted`,
        60_000 + count * count * 500,
        250,
      );
    }
    const ms = performance.now() - started;
    await sleep(ctx.quick ? 300 : 2_000); // the back-fills after each Accept finish
    const after = await allStats(hosts);
    return { follows: pairs.length, ms, cpuSeconds: cpuOf(after) - cpuOf(before), answers: answersOf(after, before) };
  } finally {
    await Promise.all(hosts.map((host) => host.stop()));
  }
}

/** A full mesh of `count` nodes (written into their databases) in which each publishes one event at the same moment, twice. */
async function meshRun(ctx: RunContext, count: number, perProcess: number): Promise<MeshRun> {
  const hosts: Helper[] = [];
  try {
    const { nodes } = await startNetwork(ctx, count, perProcess, true, hosts);
    await sleep(ctx.quick ? 300 : 2_000); // start-up work done
    let published = 0;
    /** `publishers` each publish one event at once; resolves with when each calendar held every event so far (ms after). */
    const round = async (publishers: readonly MeshNode[]): Promise<number[]> => {
      const expected = (published += publishers.length);
      for (const host of hosts) host.post({ type: "watch", expected });
      const startedAt = Date.now();
      await Promise.all(
        publishers.map(async (n, i) => {
          const startsAt = new Date(Date.now() + (2 + ((i + expected) % 20)) * 86_400_000).toISOString();
          const created = await api(n.origin, "POST", "/api/admin/events", n.token, { title: `${n.slug}: evening ${expected}`, startsAt, tags: ["mesh"] });
          if (created.status !== 201) throw new Error(`${n.slug} could not publish: ${created.status} ${JSON.stringify(created.body)}`);
        }),
      );
      const completes = await Promise.all(hosts.map((host) => host.next<{ at: Record<string, number> }>("complete", 120_000 + count * count * 200))).catch(
        async (error) => {
          // Say where the network stands: which calendars lack events, which queues still hold work.
          const standing = await Promise.all(
            hosts.map(async (host) => {
              host.post({ type: "progress" });
              const { answers, fetched, nodes } = await host.next<{ nodes: unknown[]; answers: unknown; fetched: unknown }>("progress", 10_000);
              return [{ answers, fetched }, ...nodes];
            }),
          ).catch(() => []);
          throw new Error(`${error instanceof Error ? error.message : error}; expected ${expected} events on each node: ${JSON.stringify(standing.flat())}`);
        },
      );
      return completes.flatMap((c) => Object.values(c.at).map((at) => at - startedAt)).sort((a, b) => a - b);
    };
    // A first round introduces the peers, a few publishers at a time: modules are loaded on
    // first use and each peer's key is fetched at first contact (in a real network, when they
    // followed each other, one at a time). All meeting at once on two cores, receivers could not
    // fetch keys before the senders' timeout, and the retries' back-off made the round last
    // minutes. The second round, every node at once, is measured.
    const atStart = await allStats(hosts);
    const warmUpStarted = performance.now();
    for (let i = 0; i < nodes.length; i += INTRODUCED_AT_ONCE) await round(nodes.slice(i, i + INTRODUCED_AT_ONCE));
    const warmUp = [performance.now() - warmUpStarted];
    const warmUpAnswers = answersOf(await allStats(hosts), atStart);
    await sleep(ctx.quick ? 300 : 1_000);
    // What the nodes spend doing nothing (queue polls, timers), for comparison.
    const idleFrom = await allStats(hosts);
    const idleMs = ctx.quick ? 500 : 3_000;
    await sleep(idleMs);
    const before = await allStats(hosts);
    const idleCpuPerSecond = (cpuOf(before) - cpuOf(idleFrom)) / (idleMs / 1000);
    const times = await round(nodes);
    await sleep(ctx.quick ? 300 : 1_000); // answers to the last deliveries are written
    const after = await allStats(hosts);
    const sent = traffic(after);
    const was = traffic(before);
    return {
      nodes: count,
      perProcess,
      warmUpMs: Math.round(warmUp[0]!),
      warmUpAnswers,
      idleCpuPerSecond,
      propagationMs: times.at(-1)!,
      medianMs: times[Math.floor(times.length / 2)]!,
      deliveries: sent.deliveries - was.deliveries,
      deliveryBytes: sent.deliveryBytes - was.deliveryBytes,
      servedBytes: sent.servedBytes - was.servedBytes,
      cpuSeconds: cpuOf(after) - cpuOf(before),
      rssMiB: after.reduce((sum, s) => sum + s.rssMiB, 0),
      answers: answersOf(after, before),
      fetched: answersOf(after, before, "fetched"),
    };
  } finally {
    await Promise.all(hosts.map((host) => host.stop()));
  }
}

export async function mesh(ctx: RunContext): Promise<Figure[]> {
  const sizes = ctx.quick ? [4] : [10, 25, 50];
  const perProcess = ctx.quick ? 2 : 5;
  const runs: MeshRun[] = [];
  for (const size of sizes) {
    ctx.log(`full mesh of ${size} cantines, ${perProcess} per process, written into their databases; each publishes one event`);
    let run: MeshRun;
    try {
      run = await meshRun(ctx, size, perProcess);
    } catch (error) {
      // The smaller networks' figures still stand; the one that did not finish is said, and larger ones are not tried.
      if (runs.length === 0) throw error;
      ctx.note(`mesh: ${size} nodes did not finish, larger networks not tried: ${error instanceof Error ? error.message : error}`);
      break;
    }
    ctx.log(
      `  every calendar complete after ${run.propagationMs} ms (median node ${run.medianMs} ms); ${run.deliveries} deliveries, ` +
        `${(run.deliveryBytes / 1024).toFixed(0)} KiB posted, ${(run.servedBytes / 1024).toFixed(0)} KiB served; first round ${run.warmUpMs} ms (inbox answers ${run.warmUpAnswers}); ` +
        `CPU ${run.cpuSeconds.toFixed(2)} s; RSS ${run.rssMiB.toFixed(0)} MiB; inbox answers ${run.answers}; documents fetched ${run.fetched}`,
    );
    if (!/^202×\d+$/.test(run.answers)) ctx.note(`mesh: ${size} nodes: inbox answers while the events spread: ${run.answers}`);
    runs.push(run);
  }
  const first = runs[0]!;
  const handshakeSize = sizes[0]!;
  ctx.log(`${handshakeSize} strangers follow each other through the admin API`);
  const shake = await handshakes(ctx, handshakeSize, perProcess);
  ctx.log(
    `  ${shake.follows} follows accepted after ${(shake.ms / 1000).toFixed(1)} s, ${shake.cpuSeconds.toFixed(1)} s of CPU; inbox answers ${shake.answers}`,
  );
  const pairsOf = (n: number) => n * (n - 1);
  const scaled = `the ${first.nodes}-node mesh of this run`;
  const cpuPerDelivery = (first.cpuSeconds / first.deliveries) * 1000;
  return [
    ...runs.flatMap((run) => {
      const n = run.nodes;
      const name = `${n} nodes (${run.perProcess} per process), full mesh, one event each`;
      const bytesPerNode = (r: MeshRun) => (r.deliveryBytes + r.servedBytes) / r.nodes / 1024;
      const cpuPerNode = (r: MeshRun) => (r.cpuSeconds / r.nodes) * 1000;
      return [
        figure(
          "mesh",
          `${name}: time until every calendar holds every event`,
          "ms",
          run.propagationMs,
          "lower",
          { value: (first.propagationMs * pairsOf(n)) / pairsOf(first.nodes), label: `${scaled}, × the number of deliveries` },
          {
            note: `median node complete after ${run.medianMs} ms; the first round (modules loaded, keys fetched at first contact) took ${run.warmUpMs} ms, inbox answers ${run.warmUpAnswers}`,
          },
        ),
        figure("mesh", `${n} nodes: deliveries (signed POSTs)`, "POSTs", run.deliveries, "lower", {
          value: pairsOf(n),
          label: "N × (N − 1): one per ordered pair",
        }),
        figure(
          "mesh",
          `${n} nodes: bytes sent per node (deliveries + documents served)`,
          "KiB",
          bytesPerNode(run),
          "lower",
          { value: (bytesPerNode(first) * (n - 1)) / (first.nodes - 1), label: `${scaled}, × the number of peers` },
          {
            note: `${Math.round(run.deliveryBytes / Math.max(1, run.deliveries))} bytes per delivery; ${run.servedBytes.toLocaleString("en-US")} bytes of documents served (${run.fetched})`,
          },
        ),
        figure(
          "mesh",
          `${n} nodes: CPU per node while the events spread`,
          "ms",
          cpuPerNode(run),
          "lower",
          { value: (cpuPerNode(first) * (n - 1)) / (first.nodes - 1), label: `${scaled}, × the number of peers` },
          {
            note: `idle, a node spends ${((run.idleCpuPerSecond / n) * 1000).toFixed(1)} ms of CPU per second; ${(((run.idleCpuPerSecond / n) * run.propagationMs) / 1000).toFixed(0)} ms of this figure would have been spent idle`,
          },
        ),
        figure("mesh", `${n} nodes: RSS per node (process RSS ÷ nodes in it)`, "MiB", run.rssMiB / n, "lower", {
          value: first.rssMiB / first.nodes,
          label: scaled,
        }),
      ];
    }),
    figure(
      "mesh",
      `${handshakeSize} strangers following each other through the admin API: CPU per follow (Follow, Accept, back-fill)`,
      "ms",
      (shake.cpuSeconds / shake.follows) * 1000,
      "lower",
      { value: cpuPerDelivery, label: `CPU per delivery in ${scaled} (sending and receiving one event)` },
      { note: `${shake.follows} follows accepted after ${(shake.ms / 1000).toFixed(1)} s` },
    ),
  ];
}
