// 2. Inbox ingest: a followed cantine posts N distinct signed Create(Event) to the node's shared
// inbox, 32 in flight, after 32 that warm the receiver up (not timed). The sender is a bare Fedify federation in this process (its actor served
// over HTTP, RSA-2048 + Ed25519 like a cantine node), whose activities are signed before the clock
// starts (LD signature and integrity proof by Fedify itself; the draft-cavage HTTP signature by
// the test peer's signer), so the load loop only posts. Baseline: the same bodies, signed for a
// bare Fedify inbox whose listener does nothing.
// Then node to node: the same activities as a cantine delivers them to another cantine (without
// LD signature and proof: direct-body.ts), to a fresh node and a fresh bare inbox.
import { KeyObject } from "node:crypto";
import { join } from "node:path";
import { generateCryptoKeyPair } from "@fedify/fedify";
import { directBody } from "../../federation/direct-body.ts";
import { activityUris, objectRenderer } from "../../federation/render.ts";
import { toOutgoingActivity } from "../../federation/vocab/activities.ts";
import { CANTINE_CONTEXT } from "../../federation/vocab/context.ts";
import type { Publication } from "../../node/domain/publishing/publication.ts";
import type { Venue } from "../../node/domain/venue.ts";
import { signRequest } from "../../test/helpers/http-signatures.ts";
import { createBareFederation, serveFederation } from "./bare.ts";
import { BENCH_CITIES, makeEvent, random } from "./data.ts";
import type { RunContext } from "./lib.ts";
import { calendarTotal, cpuSeconds, forkHelper, freePort, launchNode, nodeSpec, prepareNode, sleep, waitUntil } from "./lib.ts";
import type { Figure } from "./report.ts";
import { figure } from "./report.ts";

const IN_FLIGHT = 32;
/** Activities each receiver gets before the clock starts: the first ones pay for loading code and contexts and fetching the sender's key. */
const WARM_UP = 32;

type Sender = { origin: string; actorId: string; keyId: string; privateKey: KeyObject; bodies: string[]; objectFetches(): number; close(): Promise<void> };

/** The sender cantine: serves its actor (keys) and makes N Create(Event) activities exactly as Fedify sends them. */
async function startSender(count: number): Promise<Sender> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const rsa = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const keyPairs = [rsa, await generateCryptoKeyPair("Ed25519")];
  const federation = createBareFederation({ origin, slug: "sender", keyPairs });
  const captured: string[] = [];
  // The events are also served at their ids, as a cantine does: a receiver that does not take
  // the embedded copy fetches them (counted, and reported).
  const objects = new Map<string, string>();
  let objectFetches = 0;
  // Fedify delivers to /capture: what it sends there (LD-signed, with proofs) is what we replay.
  const served = await serveFederation(federation, port, (req, res, body) => {
    if (req.method === "GET" && objects.has(req.url ?? "")) {
      objectFetches++;
      res.writeHead(200, { "Content-Type": "application/activity+json" }).end(objects.get(req.url ?? ""));
      return true;
    }
    if (req.method !== "POST" || req.url !== "/capture") return false;
    captured.push(body.toString("utf8"));
    res.writeHead(202).end();
    return true;
  });
  const venue: Venue = {
    slug: "sender",
    name: "La Cantina Barcelona",
    city: "Barcelona",
    country: "ES",
    timezone: "Europe/Madrid",
    origin,
    locale: "es",
    manuallyApprovesFollowers: false,
  };
  const uris = activityUris(venue);
  const render = objectRenderer(venue);
  const ctx = federation.createContext(new URL(origin), undefined);
  const rand = random(4242);
  const now = new Date().toISOString();
  const shape = { actorId: uris.actorId, origin, local: true, city: BENCH_CITIES[2], venue: venue.name };
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const i = next++;
        const event = makeEvent(rand, i, shape, Date.now() + 86_400_000, 300, now);
        const publication: Publication = {
          seq: i + 1,
          activityId: `${origin}/users/sender/create/${i}-${crypto.randomUUID()}`,
          type: "Create",
          objectType: "Event",
          objectId: event.id,
          objectApId: event.apId,
          snapshot: { type: "Event", value: event },
          audience: "followers",
          publishedAt: now,
          federatedAt: null,
        };
        objects.set(new URL(event.apId).pathname, JSON.stringify({ "@context": CANTINE_CONTEXT, ...render(publication) }));
        const recipient = { id: new URL(`${origin}/users/receiver`), inboxId: new URL(`${origin}/capture`) };
        await ctx.sendActivity({ identifier: "sender" }, recipient, toOutgoingActivity(publication, render, uris), { immediate: true });
      }
    }),
  );
  if (captured.length !== count) throw new Error(`the sender made ${captured.length} activities instead of ${count}`);
  return {
    origin,
    actorId: uris.actorId,
    keyId: `${uris.actorId}#main-key`,
    privateKey: KeyObject.from(rsa.privateKey),
    bodies: captured,
    objectFetches: () => objectFetches,
    close: served.close,
  };
}

type Posted = { accepted: number; rejected: number; ms: number; statuses: Record<number, number>; startedAt: number };

/** Posts every body to `inbox` with its own draft-cavage signature, IN_FLIGHT at a time. */
async function postAll(sender: Sender, bodies: string[], inbox: string): Promise<Posted> {
  // Signed before the clock starts: the load loop measures the receiver, not our signer.
  const requests = bodies.map((body) => ({
    body,
    headers: signRequest({ method: "POST", url: inbox, keyId: sender.keyId, privateKey: sender.privateKey, body }),
  }));
  const statuses: Record<number, number> = {};
  let next = 0;
  let accepted = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < requests.length) {
        const { body, headers } = requests[next++]!;
        const response = await fetch(inbox, { method: "POST", headers, body, signal: AbortSignal.timeout(60_000) });
        await response.body?.cancel();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status === 202) accepted++;
      }
    }),
  );
  return { accepted, rejected: requests.length - accepted, ms: performance.now() - startedAt, statuses, startedAt };
}

/** What one receiver did with the bodies: accepted per second, until all were handled, CPU per activity. */
type Received = { posted: Posted; doneMs: number; cpuMs: number };

/** A fresh node that follows the sender receives the bodies; done when all are in its calendar. */
async function nodeReceives(ctx: RunContext, sender: Sender, bodies: string[], what: string): Promise<Received> {
  // The sender is a cantine the node follows (accepted), written into its database. This
  // measures throughput, so the sender's inbox budget is lifted (the hostile scenario measures it).
  const spec = await nodeSpec(ctx, "paris", {
    limits: { inboxRequestsPerMinute: 1_000_000, inboxBytesPerMinute: 10 * 1024 ** 3, inboxConcurrency: 4 * IN_FLIGHT },
  });
  await prepareNode(spec, (node) => {
    node.cantines.upsertProfile({
      actorId: sender.actorId,
      local: false,
      handle: `sender@${new URL(sender.origin).host}`,
      name: "La Cantina Barcelona",
      city: "Barcelona",
      country: "ES",
      timezone: "Europe/Madrid",
      url: sender.actorId,
      icon: null,
      actorType: "Application",
      inbox: `${sender.actorId}/inbox`,
      sharedInbox: `${sender.origin}/inbox`,
      outbox: null,
    });
    node.cantines.setFollow(sender.actorId, "accepted", `${node.config.origin}/users/paris/follows/bench`, new Date().toISOString());
  });
  const node = await launchNode(ctx, spec);
  const fetchesBefore = sender.objectFetches();
  try {
    await sleep(500);
    const [warmUp, timed] = [bodies.slice(0, WARM_UP), bodies.slice(WARM_UP)];
    await postAll(sender, warmUp, `${node.origin}/inbox`);
    await waitUntil(async () => (await calendarTotal(node.origin, { city: "Barcelona" })) >= warmUp.length, "the warm-up events in the calendar", 60_000, 50);
    const cpu0 = node.cpuSeconds();
    const posted = await postAll(sender, timed, `${node.origin}/inbox`);
    await waitUntil(
      async () => (await calendarTotal(node.origin, { city: "Barcelona" })) >= bodies.length,
      `${bodies.length} events in the calendar`,
      120_000 + bodies.length * 100,
      100,
    );
    const doneMs = performance.now() - posted.startedAt;
    const cpuMs = ((node.cpuSeconds() - cpu0) * 1000) / timed.length;
    const fetched = sender.objectFetches() - fetchesBefore;
    if (fetched > 0)
      ctx.note(`ingest (${what}): the node fetched ${fetched} of ${bodies.length} events from their origin instead of reading the embedded copy`);
    if (posted.rejected > 0) ctx.note(`ingest (${what}): the node answered ${JSON.stringify(posted.statuses)}`);
    return { posted, doneMs, cpuMs };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : error}\nnode log:\n${node.logTail(15)}`);
  } finally {
    await node.stop();
  }
}

/** Baseline: a fresh bare Fedify inbox (in-memory queue) whose listener does nothing receives the bodies. */
async function bareReceives(ctx: RunContext, sender: Sender, bodies: string[], what: string): Promise<Received> {
  const port = await freePort();
  const flags = ctx.nodeFlags.map((f) => f.replace("{dir}", join(ctx.workRoot, `bare-inbox-${what.replaceAll(" ", "-")}`)));
  const bare = forkHelper("bare-fedify.ts", ["inbox", String(port)], flags);
  try {
    await bare.next("ready", 30_000);
    const seen = async (n: number) => {
      bare.post({ type: "stats" });
      return (await bare.next<{ received: number }>("stats", 5_000)).received >= n;
    };
    const [warmUp, timed] = [bodies.slice(0, WARM_UP), bodies.slice(WARM_UP)];
    const inbox = `http://127.0.0.1:${port}/inbox`;
    await postAll(sender, warmUp, inbox);
    await waitUntil(() => seen(warmUp.length), "the bare inbox's listener to see the warm-up", 60_000, 50);
    const cpu0 = cpuSeconds(bare.pid);
    const posted = await postAll(sender, timed, inbox);
    await waitUntil(() => seen(bodies.length), "the bare inbox's listener to see every activity", 60_000, 50);
    const doneMs = performance.now() - posted.startedAt;
    const cpuMs = ((cpuSeconds(bare.pid) - cpu0) * 1000) / timed.length;
    if (posted.rejected > 0) ctx.note(`ingest (${what}): the bare inbox answered ${JSON.stringify(posted.statuses)}`);
    return { posted, doneMs, cpuMs };
  } finally {
    await bare.stop();
  }
}

const rateOf = (r: Received) => r.posted.accepted / (r.posted.ms / 1000);

export async function ingest(ctx: RunContext): Promise<Figure[]> {
  const count = ctx.quick ? 100 : 2_000;
  ctx.log(`signing ${count + WARM_UP} Create(Event) activities`);
  const sender = await startSender(count + WARM_UP);
  try {
    // As any server receives them from a cantine: LD signature and proof included.
    const signed = { ours: await nodeReceives(ctx, sender, sender.bodies, "signed"), bare: await bareReceives(ctx, sender, sender.bodies, "signed") };
    // Node to node: the same activities as one cantine delivers them to another (fast-delivery.ts),
    // without LD signature and proof, authenticated by the HTTP signature alone.
    const directBodies = sender.bodies.map((body) => JSON.stringify(directBody(JSON.parse(body))));
    const direct = { ours: await nodeReceives(ctx, sender, directBodies, "node to node"), bare: await bareReceives(ctx, sender, directBodies, "node to node") };

    const n = count.toLocaleString("en-US");
    const label = "bare Fedify inbox, listener does nothing";
    const directLabel = `${label}, same bodies`;
    return [
      figure(
        "ingest",
        `N=${n}, ${IN_FLIGHT} in flight: accepted activities per second`,
        "activities/s",
        rateOf(signed.ours),
        "higher",
        {
          value: rateOf(signed.bare),
          label,
        },
        { target: { text: "≥ 1.0× bare Fedify", reached: rateOf(signed.ours) / rateOf(signed.bare) >= 1 } },
      ),
      // CPU time (user + system) of the receiving process per activity: what the machine's
      // load does to the wall clock does not change it much.
      figure("ingest", `N=${n}: CPU time of the receiver per activity`, "ms", signed.ours.cpuMs, "lower", {
        value: signed.bare.cpuMs,
        label: `${label}: CPU per activity`,
      }),
      figure("ingest", `N=${n}: time until all are in the calendar`, "ms", signed.ours.doneMs, "lower", {
        value: signed.bare.doneMs,
        label: `${label}: until its listener saw all`,
      }),
      figure(
        "ingest",
        `N=${n}, node to node (no LD signature or proof), ${IN_FLIGHT} in flight: accepted activities per second`,
        "activities/s",
        rateOf(direct.ours),
        "higher",
        { value: rateOf(direct.bare), label: directLabel },
        { target: { text: "≥ 200 activities/s", reached: rateOf(direct.ours) >= 200 } },
      ),
      figure("ingest", `N=${n}, node to node: CPU time of the receiver per activity`, "ms", direct.ours.cpuMs, "lower", {
        value: direct.bare.cpuMs,
        label: `${directLabel}: CPU per activity`,
      }),
      figure("ingest", `N=${n}, node to node: time until all are in the calendar`, "ms", direct.ours.doneMs, "lower", {
        value: direct.bare.doneMs,
        label: `${directLabel}: until its listener saw all`,
      }),
    ];
  } finally {
    await sender.close();
  }
}
