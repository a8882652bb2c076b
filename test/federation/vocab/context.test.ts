import { readFileSync } from "node:fs";
import { Article, Event } from "@fedify/vocab";
import { preloadedContexts } from "@fedify/vocab-runtime";
import jsonld from "@fedify/vocab-runtime/jsonld";
import { describe, expect, it } from "@jest/globals";
import { AS_CONTEXT, CANTINE_CONTEXT, CANTINE_TERMS, SECURITY_CONTEXT } from "../../../federation/vocab/context.ts";

const read = (path: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));

// Only the contexts Fedify ships with: any other remote context would be a fetch at signing time.
async function documentLoader(url: string) {
  const document = preloadedContexts[url];
  if (!document) throw new Error(`remote context fetched: ${url}`);
  return { contextUrl: null, documentUrl: url, document };
}

/**
 * Expands offline. The ActivityStreams context maps unknown terms to blank-node IRIs ("@vocab": "_:"),
 * which RDF canonicalisation (LD signatures) then drops: such terms count as undefined here.
 */
async function expandSafely(object: Record<string, unknown>): Promise<Record<string, unknown[]>> {
  const [expanded] = await jsonld.expand({ "@context": CANTINE_CONTEXT, ...object }, { documentLoader, safe: true } as never);
  const undefinedTerms = blankTerms(expanded);
  if (undefinedTerms.length > 0) throw new Error(`terms without an IRI: ${undefinedTerms.join(", ")}`);
  return expanded as Record<string, unknown[]>;
}

function blankTerms(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(blankTerms);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(key.startsWith("_:") ? [key] : []),
    ...(key === "@type" ? [inner].flat().filter((t): t is string => typeof t === "string" && t.startsWith("_:")) : []),
    ...blankTerms(inner),
  ]);
}

describe("CANTINE_CONTEXT", () => {
  it("is the ActivityStreams and security contexts plus inline terms", () => {
    expect(CANTINE_CONTEXT).toEqual([AS_CONTEXT, SECURITY_CONTEXT, CANTINE_TERMS]);
    expect(AS_CONTEXT).toBe("https://www.w3.org/ns/activitystreams");
    expect(SECURITY_CONTEXT).toBe("https://w3id.org/security/v1");
  });

  it("equals the published extension context in schemas/cantine-context.jsonld", () => {
    expect(read("../../../schemas/cantine-context.jsonld")).toEqual({ "@context": CANTINE_TERMS });
  });

  it("defines every term of the golden event, offline (safe-mode JSON-LD expansion)", async () => {
    const expanded = await expandSafely(read("../../fixtures/golden/event.json"));
    const fep = "https://w3id.org/fep/8a8e/";
    expect(expanded[`${fep}eventStatus`]).toEqual([{ "@id": `${fep}EventScheduled` }]);
    expect(expanded["https://joinmobilizon.org/ns#timezone"]).toEqual([{ "@value": "Europe/Paris" }]);
    // `status` is Mobilizon's `ical:status`, sent once.
    expect(expanded["http://www.w3.org/2002/12/cal/ical#status"]).toEqual([{ "@value": "CONFIRMED" }]);
    expect(expanded[`${fep}joinMode`]).toEqual([{ "@value": "external" }]);
    const [place] = expanded["https://www.w3.org/ns/activitystreams#location"] as Record<string, unknown[]>[];
    const [address] = place!["http://schema.org#address"] as Record<string, unknown>[];
    expect(address!["@type"]).toEqual(["http://schema.org#PostalAddress"]);
  });

  it("defines every term of the golden project and of an open-ended event, offline", async () => {
    const expanded = await expandSafely(read("../../fixtures/golden/project.json"));
    expect(expanded["https://cantine.example/ns#lookingFor"]).toEqual([{ "@value": "funding" }, { "@value": "partners" }]);
    const event = { ...read("../../fixtures/golden/event.json"), displayEndTime: false, eventStatus: "EventCancelled", isOnline: true };
    const open = await expandSafely(event);
    expect(open["https://w3id.org/fep/8a8e/displayEndTime"]).toEqual([{ "@value": false }]);
    expect(open["https://w3id.org/fep/8a8e/eventStatus"]).toEqual([{ "@id": "https://w3id.org/fep/8a8e/EventCancelled" }]);
  });

  it("defines the participation counts of an event that takes participants (Mobilizon's terms)", async () => {
    const event = { ...read("../../fixtures/golden/event.json"), joinMode: "free", participantCount: 3, remainingAttendeeCapacity: 77 };
    const expanded = await expandSafely(event);
    expect(expanded["https://joinmobilizon.org/ns#participantCount"]).toEqual([{ "@value": 3 }]);
    expect(expanded["http://schema.org#remainingAttendeeCapacity"]).toEqual([{ "@value": 77 }]);
  });

  it("really fails on an undefined term (so the checks above mean something)", async () => {
    await expect(expandSafely({ type: "Event", name: "x", undefinedTerm: 1 })).rejects.toThrow("terms without an IRI: _:undefinedTerm");
    await expect(expandSafely({ type: "Event", location: { type: "Spaceship" } })).rejects.toThrow("_:Spaceship");
  });

  it("yields objects Fedify parses (which is also why we send our own JSON: it drops the rest)", async () => {
    const options = { documentLoader, contextLoader: documentLoader };
    const event = await Event.fromJsonLd({ "@context": CANTINE_CONTEXT, ...read("../../fixtures/golden/event.json") }, options);
    expect(event.startTime?.toString()).toBe("2026-11-03T18:00:00Z");
    const compact = (await event.toJsonLd({ format: "compact", contextLoader: documentLoader })) as Record<string, unknown>;
    expect(compact).not.toHaveProperty("timezone");
    const article = await Article.fromJsonLd({ "@context": CANTINE_CONTEXT, ...read("../../fixtures/golden/project.json") }, options);
    expect(article.name?.toString()).toBe("Horta Comunitária");
  });
});
