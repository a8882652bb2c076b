import type { Context } from "@fedify/fedify";
import { preloadedContexts } from "@fedify/vocab-runtime";
import { describe, expect, it } from "@jest/globals";
import { readableJson } from "../../federation/readable-json.ts";
import { CANTINE_TERMS } from "../../federation/vocab/context.ts";

// Only contexts the node knows; any other would be a fetch.
const ctx = {
  contextLoader: async (url: string) => {
    if (!(url in preloadedContexts)) throw new Error(`fetched ${url}`);
    return { contextUrl: null, documentUrl: url, document: preloadedContexts[url] };
  },
} as unknown as Context<void>;

const event = {
  id: "https://sf.cantine.example/events/1",
  type: "Event",
  name: "Hack night",
  startTime: "2027-02-22T21:30:00-08:00",
  timezone: "America/Los_Angeles",
  eventStatus: "EventScheduled",
  location: { type: "VirtualLocation", name: "meet.example", url: "https://meet.example/1" },
};

const activity = {
  "@context": ["https://w3id.org/identity/v1", "https://www.w3.org/ns/activitystreams", "https://w3id.org/security/data-integrity/v1", CANTINE_TERMS],
  id: "https://sf.cantine.example/users/sf/create/1",
  type: "Create",
  actor: "https://sf.cantine.example/users/sf",
  object: event,
};

describe("readableJson", () => {
  it("reads a payload verified as bytes (no Linked Data signature) as sent", async () => {
    const payload = { ...activity, "@context": "https://www.w3.org/ns/activitystreams", proof: { type: "DataIntegrityProof" } };
    await expect(readableJson(ctx, payload)).resolves.toBe(payload);
  });

  it("gives an LD-signed payload in our compact keys, the embedded object complete", async () => {
    const signed = { ...activity, signature: { type: "RsaSignature2017", signatureValue: "…" }, proof: { type: "DataIntegrityProof", proofValue: "z…" } };
    const readable = await readableJson(ctx, signed);
    expect(readable).toMatchObject({ id: activity.id, type: "Create", actor: activity.actor, object: event });
    expect(readable).not.toHaveProperty("signature");
    expect(readable).not.toHaveProperty("proof");
  });

  it("drops what an LD signature does not cover: a key its context maps to nothing", async () => {
    // A third party forwarding a signed activity can add a key mapped to null without breaking
    // the signature (JSON-LD drops it); a plain JSON reader would believe it.
    const forged = {
      ...activity,
      "@context": [...activity["@context"], { startTime: null, realStart: { "@id": "as:startTime", "@type": "http://www.w3.org/2001/XMLSchema#dateTime" } }],
      object: { ...event, startTime: "2027-01-01T00:00:00Z", realStart: event.startTime },
      signature: { type: "RsaSignature2017" },
    };
    const readable = await readableJson(ctx, forged);
    expect((readable.object as Record<string, unknown>).startTime).toBe(event.startTime);
  });
});
