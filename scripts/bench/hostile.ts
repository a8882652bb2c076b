// 7. Hostile input: what the worst bodies we can construct cost a node, and what a flood from one
// host leaves for the others. Senders are independent test peers (node:crypto signatures, each on
// its own port, so each is its own host); the node follows the first one, so that what passes the
// checks is processed all the way. Baselines are measured in the same run: a plain signed
// Create, the idle node's memory, and another host's latency without the flood.
import { signRequest } from "../../test/helpers/http-signatures.ts";
import type { Peer } from "../../test/helpers/peer.ts";
import { startPeer } from "../../test/helpers/peer.ts";
import type { RunContext, RunningNode } from "./lib.ts";
import { launchNode, median, nodeSpec, percentile, prepareNode } from "./lib.ts";
import type { Figure } from "./report.ts";
import { figure } from "./report.ts";

const AS = "https://www.w3.org/ns/activitystreams";

let sequence = 0;

function create(peer: Peer, extra: Record<string, unknown> = {}, object: Record<string, unknown> = {}): Record<string, unknown> {
  const n = ++sequence;
  return {
    "@context": AS,
    id: `${peer.actorId("alice")}/activities/${n}`,
    type: "Create",
    actor: peer.actorId("alice"),
    object: {
      id: `${peer.origin}/notes/${n}`,
      type: "Note",
      content: "hello",
      attributedTo: peer.actorId("alice"),
      published: new Date().toISOString(),
      ...object,
    },
    ...extra,
  };
}

/** Signs and posts one body, as the peer's alice; resolves with the status and the time to answer. */
async function post(peer: Peer, inbox: string, body: string): Promise<{ status: number; ms: number }> {
  const { privateKey } = peer.keys("alice");
  const headers = signRequest({ method: "POST", url: inbox, keyId: peer.keyId("alice"), privateKey, body });
  const started = performance.now();
  const response = await fetch(inbox, { method: "POST", headers, body, signal: AbortSignal.timeout(60_000) });
  await response.body?.cancel();
  return { status: response.status, ms: performance.now() - started };
}

/** The costliest bodies we can construct, each just under the 1 MB inbox limit. */
function worstBodies(peer: Peer): Record<string, string> {
  const terms = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`t${i}`, `http://x.example/${i}`]));
  let deep = '"x"';
  for (let i = 0; i < 20_000; i++) deep = `{"a":${deep}}`;
  return {
    "inline @context of 24,000 terms": JSON.stringify(create(peer, { "@context": [AS, terms(24_000)] })),
    "JSON nested 20,000 levels": JSON.stringify(create(peer)).replace('"content":"hello"', `"content":"hello","attachment":${deep}`),
    // Inside every limit: as many terms and values as the budget allows, all the way through Fedify.
    "within budget: 400 terms, 450 places": JSON.stringify(
      create(peer, { "@context": [AS, terms(400)] }, { location: Array.from({ length: 450 }, (_, i) => ({ type: "Place", name: `p${i}` })) }),
    ),
  };
}

export async function hostile(ctx: RunContext): Promise<Figure[]> {
  const [sender, other] = [await startPeer(), await startPeer()];
  let node: RunningNode | undefined;
  try {
    const spec = await nodeSpec(ctx, "paris");
    await prepareNode(spec, (built) => {
      built.cantines.upsertProfile({
        actorId: sender.actorId("alice"),
        local: false,
        handle: `alice@${sender.host}`,
        name: "Alice",
        city: null,
        country: null,
        timezone: null,
        url: sender.actorId("alice"),
        icon: null,
        actorType: "Person",
        inbox: sender.inboxUrl("alice"),
        sharedInbox: sender.sharedInboxUrl,
        outbox: null,
      });
      built.cantines.setFollow(sender.actorId("alice"), "accepted", `${built.config.origin}/users/paris/follows/bench`, new Date().toISOString());
    });
    node = await launchNode(ctx, spec);
    const inbox = `${node.origin}/inbox`;

    // Baselines: a plain signed Create from each host (keys fetched and cached first), and idle memory.
    await post(sender, inbox, JSON.stringify(create(sender)));
    await post(other, inbox, JSON.stringify(create(other)));
    const plain: number[] = [];
    for (let i = 0; i < (ctx.quick ? 5 : 20); i++) plain.push((await post(sender, inbox, JSON.stringify(create(sender)))).ms);
    const idleRss = node.rssMiB();

    const figures: Figure[] = [];
    let worstMs = 0;
    let worstName = "";
    for (const [name, body] of Object.entries(worstBodies(sender))) {
      const { status, ms } = await post(sender, inbox, body);
      ctx.log(`${name} (${Math.round(body.length / 1024)} KB): ${status} in ${ms.toFixed(1)} ms`);
      if (ms > worstMs) [worstMs, worstName] = [ms, name];
    }
    figures.push(
      figure(
        "hostile",
        "worst inbox body, signed, ≤ 1 MB: time to answer",
        "ms",
        worstMs,
        "lower",
        { value: median(plain), label: "a plain signed Create (median)" },
        {
          note: worstName,
          target: { text: "< 1 s", reached: worstMs < 1_000 },
        },
      ),
      figure(
        "hostile",
        "RSS after the worst bodies",
        "MiB",
        node.rssMiB(),
        "lower",
        { value: idleRss, label: "the same node before them" },
        {
          target: { text: "≤ idle + 100 MiB", reached: node.rssMiB() <= idleRss + 100 },
        },
      ),
    );

    // A flood from one host, 32 in flight, while another host posts one activity at a time.
    const floodCount = ctx.quick ? 300 : 3_000;
    const quiet = async (count: number) => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) times.push((await post(other, inbox, JSON.stringify(create(other)))).ms);
      return times.sort((a, b) => a - b);
    };
    const calm = await quiet(ctx.quick ? 20 : 100);
    const statuses: Record<number, number> = {};
    let next = 0;
    const bodies = Array.from({ length: floodCount }, () => JSON.stringify(create(sender)));
    const started = performance.now();
    let floodDone = false;
    const flood = Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < bodies.length) {
          const { status } = await post(sender, inbox, bodies[next++]!);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    ).finally(() => (floodDone = true));
    const during: number[] = [];
    while (!floodDone) during.push(...(await quiet(5)));
    await flood;
    const floodSeconds = (performance.now() - started) / 1000;
    during.sort((a, b) => a - b);
    ctx.log(`flood of ${floodCount} from one host in ${floodSeconds.toFixed(1)} s: ${JSON.stringify(statuses)}`);
    const accepted = statuses[202] ?? 0;
    figures.push(
      figure(
        "hostile",
        `flood of ${floodCount.toLocaleString("en-US")} from one host: accepted per second`,
        "activities/s",
        Math.max(accepted, 0.001) / floodSeconds,
        "lower",
        {
          value: floodCount / floodSeconds,
          label: "what the host offered per second",
        },
        { note: `answers: ${JSON.stringify(statuses)}` },
      ),
      figure("hostile", "another host's p99 latency during the flood", "ms", percentile(during, 99), "lower", {
        value: percentile(calm, 99),
        label: "its p99 without the flood",
      }),
    );
    return figures;
  } finally {
    await node?.stop();
    await Promise.all([sender.close(), other.close()]);
  }
}
