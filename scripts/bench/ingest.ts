// 2. Inbox ingest: a followed cantine posts N distinct signed Create(Event) to the node's shared
// inbox, 32 in flight. The sender is a bare Fedify federation in this process (its actor served
// over HTTP, RSA-2048 + Ed25519 like a cantine node), whose activities are signed before the clock
// starts (LD signature and integrity proof by Fedify itself; the draft-cavage HTTP signature by
// the test peer's signer), so the load loop only posts. Baseline: the same bodies, signed for a
// bare Fedify inbox whose listener does nothing.
import { KeyObject } from "node:crypto";
import { generateCryptoKeyPair } from "@fedify/fedify";
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
async function postAll(sender: Sender, inbox: string): Promise<Posted> {
  // Signed before the clock starts: the load loop measures the receiver, not our signer.
  const requests = sender.bodies.map((body) => ({
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

export async function ingest(ctx: RunContext): Promise<Figure[]> {
  const count = ctx.quick ? 100 : 2_000;
  ctx.log(`signing ${count} Create(Event) activities`);
  const sender = await startSender(count);
  try {
    // Ours: the sender is a cantine the node follows (accepted), written into its database. This
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
    let ours: Posted;
    let storedMs: number;
    let oursCpuMs: number;
    try {
      await sleep(500);
      const cpu0 = node.cpuSeconds();
      ours = await postAll(sender, `${node.origin}/inbox`);
      await waitUntil(
        async () => (await calendarTotal(node.origin, { city: "Barcelona" })) >= count,
        `${count} events in the calendar`,
        120_000 + count * 100,
        100,
      );
      storedMs = performance.now() - ours.startedAt;
      oursCpuMs = ((node.cpuSeconds() - cpu0) * 1000) / count;
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : error}\nnode log:\n${node.logTail(15)}`);
    } finally {
      await node.stop();
    }
    if (sender.objectFetches() > 0)
      ctx.note(`ingest: the node fetched ${sender.objectFetches()} of ${count} events from their origin instead of reading the embedded copy`);
    if (ours.rejected > 0) ctx.note(`ingest: the node answered ${JSON.stringify(ours.statuses)}`);

    // Baseline: a bare Fedify inbox (in-memory queue) whose listener does nothing.
    const port = await freePort();
    const bare = forkHelper("bare-fedify.ts", ["inbox", String(port)]);
    let base: Posted;
    let baseDoneMs: number;
    let baseCpuMs: number;
    try {
      await bare.next("ready", 30_000);
      const cpu0 = cpuSeconds(bare.pid);
      base = await postAll(sender, `http://127.0.0.1:${port}/inbox`);
      await waitUntil(
        async () => {
          bare.post({ type: "stats" });
          return (await bare.next<{ received: number }>("stats", 5_000)).received >= count;
        },
        "the bare inbox's listener to see every activity",
        60_000,
        50,
      );
      baseDoneMs = performance.now() - base.startedAt;
      baseCpuMs = ((cpuSeconds(bare.pid) - cpu0) * 1000) / count;
    } finally {
      await bare.stop();
    }
    if (base.rejected > 0) ctx.note(`ingest: the bare inbox answered ${JSON.stringify(base.statuses)}`);

    const label = "bare Fedify inbox, listener does nothing";
    const oursRate = ours.accepted / (ours.ms / 1000);
    const baseRate = base.accepted / (base.ms / 1000);
    return [
      figure(
        "ingest",
        `N=${count.toLocaleString("en-US")}, ${IN_FLIGHT} in flight: accepted activities per second`,
        "activities/s",
        oursRate,
        "higher",
        { value: baseRate, label },
        {
          target: { text: "≥ 1.0× bare Fedify", reached: oursRate / baseRate >= 1 },
        },
      ),
      // CPU time (user + system) of the receiving process per activity: what the machine's
      // load does to the wall clock does not change it much.
      figure("ingest", `N=${count.toLocaleString("en-US")}: CPU time of the receiver per activity`, "ms", oursCpuMs, "lower", {
        value: baseCpuMs,
        label: `${label}: CPU per activity`,
      }),
      figure("ingest", `N=${count.toLocaleString("en-US")}: time until all are in the calendar`, "ms", storedMs, "lower", {
        value: baseDoneMs,
        label: `${label}: until its listener saw all`,
      }),
    ];
  } finally {
    await sender.close();
  }
}
