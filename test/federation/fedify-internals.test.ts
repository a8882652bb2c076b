// What the node relies on in Fedify beyond its documented API. Each test fails loudly when an
// upgrade changes it; the message says which of our files to re-check.
import { readFileSync } from "node:fs";
import type { InboxContext } from "@fedify/fedify";
import { createFederation, generateCryptoKeyPair, InProcessMessageQueue, MemoryKvStore, signObject, verifyObject } from "@fedify/fedify";
import { Activity, Create, Multikey, Organization } from "@fedify/vocab";
import { preloadedContexts } from "@fedify/vocab-runtime";
import jsonld from "@fedify/vocab-runtime/jsonld";
import { describe, expect, it } from "@jest/globals";
import { warmContexts } from "../../federation/contexts.ts";
import { ExtendedCreate, withObject } from "../../federation/vocab/extended.ts";

const PINNED = "2.3.8";
const RECHECK = `Fedify is no longer ${PINNED}. Re-check, then update PINNED:
- federation/readable-json.ts reads the received payload from the inbox context's internal \`activity\` field;
- federation/contexts.ts relies on jsonld.js (through @fedify/vocab-runtime/jsonld) consulting its shared cache of \`static\` contexts before any loader;
- federation/actor-documents.ts replaces the federation's \`authenticatedDocumentLoaderFactory\` field, through which Fedify makes the loader that confirms key ownership (test/federation/actor-documents.test.ts);
- federation/vocab/extended.ts overrides \`toJsonLd\` and \`clone\` of Create, Update, Announce and Delete, which Fedify calls while signing.`;

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));

function pinned(version: string | undefined, where: string): void {
  if (version !== PINNED) throw new Error(`${where}: ${version}\n${RECHECK}`);
}

describe("Fedify internals the node depends on", () => {
  it(`holds for Fedify ${PINNED}, installed and locked`, () => {
    pinned(read("../../node_modules/@fedify/fedify/package.json").version, "node_modules/@fedify/fedify");
    pinned(read("../../package-lock.json").packages["node_modules/@fedify/fedify"]?.version, "package-lock.json");
  });

  // readable-json.ts: `toJsonLd()` of an activity whose object holds a type Fedify does not model
  // is a re-serialisation that has lost that object's fields; the inbox context keeps the payload.
  it.each([
    ["handled in the request", false],
    ["handled by the queue worker", true],
  ])("an inbox listener's context carries the payload as received (%s)", async (_label, queued) => {
    const origin = "https://paris.cantine.example";
    const queue = queued ? new InProcessMessageQueue() : undefined;
    const federation = createFederation<void>({
      kv: new MemoryKvStore(),
      skipSignatureVerification: true,
      ...(queue ? { queue, manuallyStartQueue: true } : {}),
    });
    federation.setActorDispatcher("/users/{identifier}", () => null);
    const seen: { payload: unknown; serialised: unknown }[] = [];
    let done: () => void = () => {};
    const received = new Promise<void>((resolve) => {
      done = resolve;
    });
    federation.setInboxListeners("/users/{identifier}/inbox", "/inbox").on(Activity, async (ctx: InboxContext<void>, activity) => {
      seen.push({ payload: (ctx as { activity?: unknown }).activity, serialised: await activity.toJsonLd() });
      done();
    });
    const stop = new AbortController();
    if (queue) void federation.startQueue(undefined, { signal: stop.signal });
    const payload = {
      "@context": [
        "https://www.w3.org/ns/activitystreams",
        { sc: "http://schema.org#", VirtualLocation: "sc:VirtualLocation", timezone: "https://joinmobilizon.org/ns#timezone" },
      ],
      id: "https://sf.cantine.example/users/sf/create/1",
      type: "Create",
      actor: "https://sf.cantine.example/users/sf",
      object: {
        id: "https://sf.cantine.example/events/1",
        type: "Event",
        name: "Online hack night",
        startTime: "2027-02-22T21:30:00-08:00",
        timezone: "America/Los_Angeles",
        location: { type: "VirtualLocation", url: "https://meet.example/1" },
      },
    };
    const response = await federation.fetch(
      new Request(`${origin}/inbox`, { method: "POST", headers: { "Content-Type": "application/activity+json" }, body: JSON.stringify(payload) }),
      { contextData: undefined },
    );
    expect(response.status).toBeLessThan(300);
    await received;
    stop.abort();
    expect(seen).toHaveLength(1);
    if (JSON.stringify(seen[0]!.payload) !== JSON.stringify(payload)) throw new Error(`the inbox context no longer holds the payload\n${RECHECK}`);
    // Why the payload is read: Fedify's own serialisation lost the zone and the location.
    expect(JSON.stringify(seen[0]!.serialised)).not.toContain("America/Los_Angeles");
  });

  // contexts.ts: a context cached as `static` is served without asking a loader.
  it("jsonld.js resolves a context cached as static without asking the document loader", async () => {
    await warmContexts();
    const refuse = async (url: string) => {
      throw new Error(`loader asked for ${url}\n${RECHECK}`);
    };
    const document = { "@context": "https://www.w3.org/ns/activitystreams", type: "Note", name: "hello" };
    const expanded = await jsonld.expand(document as never, { documentLoader: refuse as never });
    expect(expanded).toEqual([
      { "@type": ["https://www.w3.org/ns/activitystreams#Note"], "https://www.w3.org/ns/activitystreams#name": [{ "@value": "hello" }] },
    ]);
  });

  // extended.ts: Fedify clones the activity and serialises the clone while it signs.
  it("signing an ExtendedCreate covers the object JSON we attached", async () => {
    const actorId = "https://paris.cantine.example/users/paris";
    const keys = await generateCryptoKeyPair("Ed25519");
    const keyId = new URL(`${actorId}#ed25519-key`);
    const object = { id: "https://paris.cantine.example/events/1", type: "Event", name: "Fête", timezone: "Europe/Paris" };
    const activity = withObject(new ExtendedCreate({ id: new URL(`${actorId}/create/1`), actor: new URL(actorId), object: new URL(object.id) }), {
      terms: { timezone: "https://joinmobilizon.org/ns#timezone" },
      object,
    });
    const signed = await signObject(activity, keys.privateKey, keyId);
    const json = (await signed.toJsonLd()) as Record<string, unknown>;
    if (JSON.stringify(json.object) !== JSON.stringify(object)) throw new Error(`the signed activity lost our object\n${RECHECK}`);
    const actor = await new Organization({
      id: new URL(actorId),
      inbox: new URL(`${actorId}/inbox`),
      assertionMethods: [new Multikey({ id: keyId, controller: new URL(actorId), publicKey: keys.publicKey })],
    }).toJsonLd();
    const documentLoader = async (url: string) => {
      if (url in preloadedContexts) return { contextUrl: null, documentUrl: url, document: preloadedContexts[url] };
      return { contextUrl: null, documentUrl: actorId, document: actor };
    };
    const verified = await verifyObject(Create, json, { documentLoader, contextLoader: documentLoader });
    if (!verified) throw new Error(`the proof does not cover the object we attached\n${RECHECK}`);
  });
});
