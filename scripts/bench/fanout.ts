// 1. Fan-out: one node with F followers on S receiving servers publishes one event; how long until
// every server holds its (signature-checked) delivery? The same recipients and the same RSA-2048
// key, sent by a bare Fedify federation (MemoryKvStore + InProcessMessageQueue), is the baseline.
// A third measure is the machine's limit: the raw loop, a plain loop in the sink's own process
// that signs (draft-cavage, node:crypto) and POSTs a 1 KB activity to each inbox over keep-alive.
import { SqliteKeyStore } from "../../node/storage/key-store.ts";
import type { JwkPair } from "./bare.ts";
import type { Helper, RunContext } from "./lib.ts";
import { api, cpuSeconds, forkHelper, launchNode, nodeSpec, prepareNode, sleep } from "./lib.ts";
import type { Figure } from "./report.ts";
import { figure } from "./report.ts";

type Case = { followers: number; servers: number };

/** Requests the raw loop has in flight: as many as our node's outbox workers. */
const RAW_LOOP_CONCURRENCY = 8;
type Recipient = { id: string; inbox: string; sharedInbox: string | null };
type Done = { servers: number; firstAt: number; lastAt: number; deliveries: number; verified: number; failed: number; errors: string[] };

/** F followers spread round-robin over the sink's S servers; with F > S they share each server's inbox. */
function recipients(ports: readonly number[], { followers, servers }: Case): Recipient[] {
  return Array.from({ length: followers }, (_, i) => {
    const origin = `http://127.0.0.1:${ports[i % servers]}`;
    return { id: `${origin}/users/f${i}`, inbox: `${origin}/users/f${i}/inbox`, sharedInbox: followers > servers ? `${origin}/inbox` : null };
  });
}

async function deliveredIn(
  ctx: RunContext,
  sink: Helper,
  servers: number,
  sender: number,
  publish: (marker: string) => Promise<void>,
): Promise<{ ms: number; done: Done; senderCpu: number; sinkCpu: number }> {
  const cpu0 = [cpuSeconds(sender), cpuSeconds(sink.pid)];
  const marker = `bench-${crypto.randomUUID()}`;
  sink.post({ type: "expect", servers, marker });
  await sleep(50); // the sink has the expectation before anything can arrive
  const started = Date.now();
  await publish(marker);
  const done = await sink.next<Done>("done", 180_000).catch(async (error: unknown) => {
    sink.post({ type: "stats" });
    const stats = await sink.next("stats", 5_000).catch(() => ({}));
    throw new Error(`${error instanceof Error ? error.message : error}; sink saw ${JSON.stringify(stats)}`);
  });
  if (done.failed > 0) ctx.note(`fan-out: ${done.failed} deliveries failed signature verification (${done.errors.join("; ")})`);
  return { ms: done.lastAt - started, done, senderCpu: cpuSeconds(sender) - cpu0[0]!, sinkCpu: cpuSeconds(sink.pid) - cpu0[1]! };
}

type Measured = Awaited<ReturnType<typeof deliveredIn>>;
const best = (a: Measured | undefined, b: Measured) => (a && a.ms <= b.ms ? a : b);

export async function fanout(ctx: RunContext): Promise<Figure[]> {
  const repeats = ctx.quick ? 1 : 2;
  const cases: Case[] = ctx.quick
    ? [
        { followers: 50, servers: 50 },
        { followers: 200, servers: 10 },
      ]
    : [
        { followers: 1_000, servers: 1_000 },
        { followers: 10_000, servers: 200 },
      ];
  const figures: Figure[] = [];
  const sink = forkHelper("sink.ts");
  try {
    sink.post({ type: "listen", count: Math.max(...cases.map((c) => c.servers)) });
    const { ports } = await sink.next<{ ports: number[] }>("listening", 60_000);
    for (const c of cases) {
      const list = recipients(ports, c);
      const label = `F=${c.followers.toLocaleString("en-US")} over S=${c.servers.toLocaleString("en-US")}${c.followers > c.servers ? " (shared inboxes)" : " (distinct inboxes)"}`;
      ctx.log(`fan-out ${label}`);

      // Ours: followers written into the node's database, the event published through the admin API.
      const spec = await nodeSpec(ctx, "paris");
      let keys: JwkPair[] = [];
      const { token } = await prepareNode(spec, (node) => {
        const at = new Date().toISOString();
        node.db.transaction(() => {
          for (const r of list)
            node.followers.upsert({
              actorId: r.id,
              inbox: r.inbox,
              sharedInbox: r.sharedInbox,
              followId: `${r.id}#follow`,
              actorType: "Person",
              handle: null,
              state: "accepted",
              createdAt: at,
              acceptedAt: at,
            });
        })();
        keys = new SqliteKeyStore(node.db).list(node.config.slug);
      });
      // The machine may be shared: the best of `repeats` runs of each, alternating ours and the baseline.
      let ours: Measured | undefined;
      let baseline: Measured | undefined;
      let raw: Measured | undefined;
      for (let round = 0; round < repeats; round++) {
        const node = await launchNode(ctx, spec);
        try {
          await sleep(300); // start-up tasks (reconcile, pending publications) are done
          ours = best(
            ours,
            await deliveredIn(ctx, sink, c.servers, node.pid, async (marker) => {
              const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
              const created = await api(node.origin, "POST", "/api/admin/events", token, { title: `Fan-out ${marker}`, startsAt, tags: ["bench"] });
              if (created.status !== 201) throw new Error(`publishing failed: ${created.status} ${JSON.stringify(created.body)}`);
            }),
          );
        } finally {
          await node.stop();
        }

        // Baseline: a bare Fedify federation with the same key pairs and the same recipients.
        const bare = forkHelper("bare-fedify.ts", ["fanout", String(spec.port)]);
        try {
          await bare.next("waiting", 30_000);
          bare.post({ type: "init", slug: "paris", keys, recipients: list });
          await bare.next("ready", 30_000);
          baseline = best(
            baseline,
            await deliveredIn(ctx, sink, c.servers, bare.pid, async (marker) => {
              bare.post({ type: "send", marker });
              await bare.next("sent", 60_000);
            }),
          );
        } finally {
          await bare.stop();
        }

        // The limit: one signed POST per inbox our node delivers to, from a plain loop.
        const rsa = keys.find((k) => k.privateJwk.kty === "RSA");
        if (!rsa) throw new Error("the node has no RSA key");
        const inboxes = [...new Set(list.map((r) => r.sharedInbox ?? r.inbox))];
        raw = best(
          raw,
          await deliveredIn(ctx, sink, c.servers, sink.pid, async (marker) => {
            const keyId = "http://127.0.0.1:9/users/raw#main-key"; // handed to the sink, never fetched
            sink.post({ type: "raw", marker, inboxes, keyId, privateJwk: rsa.privateJwk, publicJwk: rsa.publicJwk, concurrency: RAW_LOOP_CONCURRENCY });
          }),
        );
        await sink.next("raw-sent", 60_000);
      }
      if (!ours || !baseline || !raw) throw new Error("no fan-out was measured");

      ctx.log(
        `  ours ${ours.ms} ms (node CPU ${ours.senderCpu.toFixed(2)} s, sink CPU ${ours.sinkCpu.toFixed(2)} s); bare ${baseline.ms} ms (CPU ${baseline.senderCpu.toFixed(2)} s, sink ${baseline.sinkCpu.toFixed(2)} s); raw loop ${raw.ms} ms (sink and loop CPU ${raw.sinkCpu.toFixed(2)} s)`,
      );
      const base = "bare Fedify, in-memory queue ×8";
      const oursRate = c.servers / (ours.ms / 1000);
      const baseRate = c.servers / (baseline.ms / 1000);
      const rawRate = c.servers / (raw.ms / 1000);
      figures.push(figure("fanout", `${label}: time until every server has it`, "ms", ours.ms, "lower", { value: baseline.ms, label: base }));
      const distinct = c.followers <= c.servers;
      figures.push(
        figure(
          "fanout",
          `${label}: deliveries per second`,
          "deliveries/s",
          oursRate,
          "higher",
          { value: baseRate, label: base },
          {
            target: {
              text: `${distinct ? "≥ 1,500 deliveries/s and " : ""}≥ 1.0× baseline`,
              reached: (!distinct || oursRate >= 1_500) && oursRate / baseRate >= 1,
            },
            note: `best of ${repeats}; first delivery after ${ours.done.firstAt - (ours.done.lastAt - ours.ms)} ms; ${ours.done.verified} verified deliveries`,
          },
        ),
      );
      figures.push(
        figure(
          "fanout",
          `${label}: deliveries per second against the raw loop (the machine's limit)`,
          "deliveries/s",
          oursRate,
          "higher",
          { value: rawRate, label: `raw loop: node:crypto draft-cavage signing, keep-alive POSTs ×${RAW_LOOP_CONCURRENCY}, in the sink's process` },
          { note: `best of ${repeats}; ours ÷ limit` },
        ),
      );
    }
  } finally {
    await sink.stop();
  }
  return figures;
}
