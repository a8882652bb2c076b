import { describe, expect, it } from "@jest/globals";
import { preloadPeerContexts } from "../../federation/contexts.ts";
import { checkJsonLdBudget, DEFAULT_JSONLD_LIMITS } from "../../federation/jsonld-budget.ts";
import { readJsonFixture } from "../helpers/fixtures.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const note = { "@context": AS, id: "https://a.example/notes/1", type: "Note", content: "hi", published: "2026-01-01T00:00:00Z" };

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe("checkJsonLdBudget", () => {
  it("lets through what Mastodon, Mobilizon and Gancio send", () => {
    preloadPeerContexts();
    for (const [kind, name] of [
      ["mastodon", "create-note.json"],
      ["mastodon", "follow.json"],
      ["mastodon", "actor.json"],
      ["peers", "mobilizon-event-create.json"],
      ["peers", "mobilizon-group-actor.json"],
      ["peers", "gancio-event-create.json"],
      ["peers", "gancio-application-actor.json"],
    ] as const) {
      expect([name, checkJsonLdBudget(readJsonFixture(kind, name))]).toEqual([name, { ok: true }]);
    }
  });

  it("refuses an inline context with thousands of terms (a JSON-LD bomb)", () => {
    const terms = Object.fromEntries(Array.from({ length: 4_000 }, (_, i) => [`t${i}`, `http://x.example/${i}`]));
    expect(checkJsonLdBudget({ ...note, "@context": [AS, terms] })).toEqual({
      ok: false,
      reason: `@context defines more than ${DEFAULT_JSONLD_LIMITS.maxContextTerms} terms`,
    });
  });

  it("counts a context repeated by every item of a page once", () => {
    const context = [AS, Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`t${i}`, `http://x.example/${i}`]))];
    const page = {
      "@context": AS,
      type: "OrderedCollectionPage",
      orderedItems: Array.from({ length: 20 }, (_, i) => ({ ...note, "@context": context, id: `https://a.example/${i}` })),
    };
    expect(checkJsonLdBudget(page)).toEqual({ ok: true });
    const distinct = {
      ...page,
      orderedItems: page.orderedItems.map((item, i) => ({ ...item, "@context": [AS, { ...(context[1] as object), [`own${i}`]: "http://x.example/own" }] })),
    };
    expect(checkJsonLdBudget(distinct)).toMatchObject({ ok: false, reason: expect.stringContaining("terms") });
  });

  it("counts the terms of scoped contexts, and bounds how deep they nest", () => {
    const scoped = (depth: number): Record<string, unknown> =>
      depth === 0 ? { x: "http://x.example/x" } : { t: { "@id": "http://x.example/t", "@context": scoped(depth - 1) } };
    expect(checkJsonLdBudget({ ...note, "@context": [AS, scoped(3)] })).toEqual({ ok: true });
    expect(checkJsonLdBudget({ ...note, "@context": [AS, scoped(5)] })).toMatchObject({ ok: false, reason: expect.stringContaining("scoped contexts") });
  });

  it("refuses remote contexts it would have to fetch, and @import", () => {
    expect(checkJsonLdBudget({ ...note, "@context": [AS, "https://evil.example/context.jsonld"] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("is not a context this node knows"),
    });
    expect(checkJsonLdBudget({ ...note, "@context": [AS, { "@import": "https://evil.example/c" }] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("@import"),
    });
    // Embedded objects carry contexts too.
    expect(checkJsonLdBudget({ ...note, object: { "@context": "http://127.0.0.1:1/ctx", type: "Note" } })).toMatchObject({ ok: false });
    expect(checkJsonLdBudget({ ...note, "@context": [AS, 42] })).toMatchObject({ ok: false, reason: expect.stringContaining("URLs or objects") });
  });

  it("refuses deep nesting without using the call stack, and too many values", () => {
    expect(checkJsonLdBudget({ ...note, attachment: nested(20) })).toEqual({ ok: true });
    for (const depth of [40, 5_000, 20_000]) {
      expect(checkJsonLdBudget({ ...note, attachment: nested(depth) })).toEqual({
        ok: false,
        reason: `document is nested more than ${DEFAULT_JSONLD_LIMITS.maxDepth} levels deep`,
      });
    }
    expect(checkJsonLdBudget({ ...note, tag: Array.from({ length: 12_000 }, () => "x") })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("more than"),
    });
  });

  it("refuses date-times that are not strings, which Fedify would choke on", () => {
    expect(checkJsonLdBudget({ ...note, object: { type: "Event", startTime: 1_700_000_000 } })).toEqual({
      ok: false,
      reason: '"startTime" must be a date-time string, got a number',
    });
    expect(checkJsonLdBudget({ ...note, published: { nested: true } })).toMatchObject({ ok: false, reason: expect.stringContaining('"published"') });
    expect(checkJsonLdBudget({ ...note, published: ["2026-01-01T00:00:00Z", 3] })).toMatchObject({ ok: false });
    expect(checkJsonLdBudget({ ...note, published: { "@value": "2026-01-01T00:00:00Z", "@type": "xsd:dateTime" } })).toEqual({ ok: true });
  });

  it("refuses a duration, a link or a link's language that Fedify would choke on (a 500 otherwise)", () => {
    const link = (fields: Record<string, unknown>) => ({
      ...note,
      object: { type: "Note", attachment: [{ type: "Link", href: "https://a.example/", ...fields }] },
    });
    expect(checkJsonLdBudget({ ...note, object: { type: "Event", duration: 3_600 } })).toEqual({
      ok: false,
      reason: '"duration" must be a duration string, got a number',
    });
    expect(checkJsonLdBudget(link({ href: {} }))).toEqual({ ok: false, reason: '"href" must be a URL string, got an object' });
    expect(checkJsonLdBudget(link({ href: [42] }))).toMatchObject({ ok: false, reason: expect.stringContaining('"href"') });
    expect(checkJsonLdBudget(link({ hreflang: 42 }))).toMatchObject({ ok: false, reason: expect.stringContaining('"hreflang"') });
    for (const hreflang of ["", "!!", "x".repeat(300)])
      expect(checkJsonLdBudget(link({ hreflang }))).toMatchObject({ ok: false, reason: expect.stringContaining("language tag") });
    expect(checkJsonLdBudget(link({ href: { id: "https://a.example/" }, hreflang: "pt-BR" }))).toEqual({ ok: true });
    expect(checkJsonLdBudget({ ...note, object: { type: "Event", duration: "PT2H" } })).toEqual({ ok: true });
  });
});
