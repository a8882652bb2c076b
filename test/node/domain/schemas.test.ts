// The JSON Schemas document the admin API; the domain normalisers are the source of truth.
// Both must agree on the documented examples and on plainly bad inputs.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { normalizeEventInput } from "../../../node/domain/events/validate-event.ts";
import { normalizeProjectInput } from "../../../node/domain/projects/validate-project.ts";

type Schema = { properties: Record<string, { examples?: unknown[]; $ref?: string }>; $defs: Record<string, { examples?: unknown[] }>; examples: unknown[] };

function load(name: string): Schema {
  return JSON.parse(readFileSync(new URL(`../../../schemas/${name}`, import.meta.url), "utf8")) as Schema;
}

// ajv is CommonJS: under Node ESM (and for tsc) the class is the `default` property, as in node/config.ts.
const ajv = new Ajv2020.default({ allErrors: true, strict: true });
addFormats.default(ajv, ["uri"]);

const defaults = { timezone: "Europe/Paris", now: Temporal.Instant.from("2026-10-01T12:00:00Z") };
const cases = [
  {
    name: "event-input.schema.json",
    base: { title: "Café des entrepreneurs", startsAt: "2026-11-05T19:00" }, // a Thursday
    accepts: (input: unknown) => normalizeEventInput(input, defaults),
    bad: [
      { startsAt: "2026-11-05T19:00" },
      { title: 42, startsAt: "2026-11-05T19:00" },
      { title: "Line\nbreak", startsAt: "2026-11-05T19:00" },
      { title: "x".repeat(201), startsAt: "2026-11-05T19:00" },
      { title: "T", startsAt: "tomorrow" },
      { title: "T", startsAt: "2026-11-05T19:00", timezone: "+01:00" },
      { title: "T", startsAt: "2026-11-05T19:00", foo: 1 },
      { title: "T", startsAt: "2026-11-05T19:00", registrationUrl: "javascript:alert(1)" },
      { title: "T", startsAt: "2026-11-05T19:00", image: { url: "data:image/png;base64,AAAA" } },
      { title: "T", startsAt: "2026-11-05T19:00", location: { lat: 48.8 } },
      { title: "T", startsAt: "2026-11-05T19:00", location: { lat: 91, lon: 2 } },
      { title: "T", startsAt: "2026-11-05T19:00", capacity: 0 },
      { title: "T", startsAt: "2026-11-05T19:00", status: "done" },
      { title: "T", startsAt: "2026-11-05T19:00", category: "networking" },
      { title: "T", startsAt: "2026-11-05T19:00", tags: Array.from({ length: 11 }, (_, i) => `t${i}`) },
      { title: "T", startsAt: "2026-11-05T19:00", tags: ["c++"] },
      { title: "T", startsAt: "2026-11-05T19:00", language: "French" },
      { title: "T", startsAt: "2026-11-05T19:00", recurrence: "every tuesday" },
    ],
  },
  {
    name: "project-input.schema.json",
    base: { title: "Compost Connect", summary: "Relier les composteurs aux restaurants." },
    accepts: (input: unknown) => normalizeProjectInput(input),
    bad: [
      { title: "Compost Connect" },
      { title: "", summary: "s" },
      { title: "T", summary: "s".repeat(501) },
      { title: "T", summary: "s", stage: "done" },
      { title: "T", summary: "s", lookingFor: ["love"] },
      { title: "T", summary: "s", cities: Array.from({ length: 11 }, (_, i) => `City ${i}`) },
      { title: "T", summary: "s", links: [{ name: "Site", url: "javascript:alert(1)" }] },
      { title: "T", summary: "s", links: [{ url: "https://x.example" }] },
      { title: "T", summary: "s", contact: "call us" },
      { title: "T", summary: "s", budget: 1000 },
    ],
  },
];

describe.each(cases)("$name", ({ name, base, accepts, bad }) => {
  const schema = load(name);
  const validate = ajv.compile(schema);

  it("accepts each documented example, in the schema and in the domain", () => {
    expect(schema.examples.length).toBeGreaterThan(0);
    for (const example of schema.examples) {
      expect({ example, valid: validate(example), errors: validate.errors }).toMatchObject({ valid: true });
      expect({ example, result: accepts(example) }).toMatchObject({ result: { ok: true } });
    }
  });

  it("accepts each property example, set on a minimal input", () => {
    let count = 0;
    for (const [key, property] of Object.entries(schema.properties)) {
      const examples = property.examples ?? (property.$ref ? schema.$defs[property.$ref.replace("#/$defs/", "")]?.examples : undefined) ?? [];
      for (const value of examples) {
        const input = { ...base, [key]: value };
        expect({ input, valid: validate(input), errors: validate.errors }).toMatchObject({ valid: true });
        expect({ input, result: accepts(input) }).toMatchObject({ result: { ok: true } });
        count++;
      }
    }
    expect(count).toBeGreaterThan(5);
  });

  it("rejects plainly bad inputs, in the schema and in the domain", () => {
    for (const input of bad) {
      expect({ input, valid: validate(input) }).toEqual({ input, valid: false });
      expect({ input, result: accepts(input) }).toMatchObject({ result: { ok: false } });
    }
  });
});
