// Child process of the baselines: a bare Fedify federation (MemoryKvStore, InProcessMessageQueue)
// on 127.0.0.1. `node scripts/bench/bare-fedify.ts MODE PORT`, then process messages:
// - idle:   serves its actor document and /healthz (memory and start-up baselines);
// - fanout: {type:"init", slug, keys, recipients} → {type:"ready"};
//           {type:"send", marker} → {type:"sent"} once Fedify has queued the fan-out;
// - inbox:  a shared inbox whose listener does nothing; {type:"stats"} → {type:"stats", received}.
import "../../node/temporal.ts";
import { InProcessMessageQueue, ParallelMessageQueue } from "@fedify/fedify";
import type { Recipient } from "@fedify/vocab";
import { activityUris, objectRenderer } from "../../federation/render.ts";
import { toOutgoingActivity } from "../../federation/vocab/activities.ts";
import type { Venue } from "../../node/domain/venue.ts";
import type { JwkPair } from "./bare.ts";
import { createBareFederation, importPairs, serveFederation } from "./bare.ts";
import { BENCH_CITIES, makeEvent, random } from "./data.ts";

/** Outbox workers of the baseline: as many as our node's outbox queue runs (8). */
const BASELINE_OUTBOX_WORKERS = 8;

type RecipientJson = { id: string; inbox: string; sharedInbox: string | null };

const [mode = "idle", portText = "0"] = process.argv.slice(2);
const send = (message: unknown) => process.send?.(message);

async function main(): Promise<void> {
  const port = Number(portText);
  const origin = `http://127.0.0.1:${port}`;
  if (mode === "idle") {
    await serveFederation(createBareFederation({ origin, slug: "bare", keyPairs: [] }), port);
    send({ type: "ready" });
    return;
  }
  if (mode === "inbox") {
    let received = 0;
    const federation = createBareFederation({ origin, slug: "bare", keyPairs: [], queue: new InProcessMessageQueue(), onActivity: () => void received++ });
    const stop = new AbortController();
    void federation.startQueue(undefined, { signal: stop.signal });
    await serveFederation(federation, port);
    process.on("message", (message: any) => {
      if (message?.type === "stats") send({ type: "stats", received });
    });
    send({ type: "ready" });
    return;
  }
  if (mode === "fanout") {
    process.on("message", (message: any) => {
      if (message?.type === "init") void initFanout(origin, port, message.slug, message.keys, message.recipients);
    });
    send({ type: "waiting" });
    return;
  }
  throw new Error(`unknown mode ${mode}`);
}

async function initFanout(origin: string, port: number, slug: string, keys: JwkPair[], recipientsJson: RecipientJson[]): Promise<void> {
  const recipients: Recipient[] = recipientsJson.map((r) => ({
    id: new URL(r.id),
    inboxId: new URL(r.inbox),
    endpoints: r.sharedInbox ? { sharedInbox: new URL(r.sharedInbox) } : null,
  }));
  const queue = new ParallelMessageQueue(new InProcessMessageQueue(), BASELINE_OUTBOX_WORKERS);
  const federation = createBareFederation({ origin, slug, keyPairs: await importPairs(keys), queue, followers: () => recipients });
  const stop = new AbortController();
  void federation.startQueue(undefined, { signal: stop.signal });
  await serveFederation(federation, port);
  const venue: Venue = {
    slug,
    name: "Bare Fedify",
    city: "Paris",
    country: "FR",
    timezone: "Europe/Paris",
    origin,
    locale: "en",
    manuallyApprovesFollowers: false,
  };
  const uris = activityUris(venue);
  const render = objectRenderer(venue);
  process.on("message", (message: any) => {
    if (message?.type !== "send") return;
    void (async () => {
      const now = new Date().toISOString();
      const event = makeEvent(
        random(7),
        0,
        { actorId: uris.actorId, origin, local: true, city: BENCH_CITIES[0], venue: venue.name },
        Date.now() + 86_400_000,
        30,
        now,
      );
      const titled = { ...event, title: `${event.title} ${message.marker}` };
      const publication = {
        seq: 1,
        activityId: `${origin}/users/${slug}/create/${crypto.randomUUID()}`,
        type: "Create" as const,
        objectType: "Event" as const,
        objectId: titled.id,
        objectApId: titled.apId,
        snapshot: { type: "Event" as const, value: titled },
        audience: "followers" as const,
        publishedAt: now,
        federatedAt: null,
      };
      const ctx = federation.createContext(new URL(origin), undefined);
      await ctx.sendActivity({ identifier: slug }, "followers", toOutgoingActivity(publication, render, uris), {
        preferSharedInbox: true,
        orderingKey: titled.apId,
      });
      send({ type: "sent" });
    })().catch((error: unknown) => send({ type: "error", error: String(error) }));
  });
  send({ type: "ready" });
}

process.on("disconnect", () => process.exit(0));
main().catch((error: unknown) => {
  send({ type: "error", error: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
});
