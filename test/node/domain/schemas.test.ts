// The JSON Schemas are the one statement of an input's shapes: the edge checks every operator input
// against them (node/http/validate-input.ts), the domain reads what passed and applies the rules
// across fields. Both must agree on the documented examples and on plainly bad inputs, and every
// list of values a schema names must be the list the code uses.

import { describe, expect, it } from "@jest/globals";
import { EVENT_CATEGORIES } from "../../../node/domain/events/categories.ts";
import { EventStatus } from "../../../node/domain/events/event.ts";
import { normalizeEventInput } from "../../../node/domain/events/validate-event.ts";
import { PARTICIPATION_MODES } from "../../../node/domain/participation/modes.ts";
import { LookingFor, ProjectStage } from "../../../node/domain/projects/project.ts";
import { normalizeProjectInput } from "../../../node/domain/projects/validate-project.ts";
import { checkEventInput, checkProjectInput, loadSchema } from "../../../node/http/validate-input.ts";

type Schema = { properties: Record<string, { examples?: unknown[]; $ref?: string }>; $defs: Record<string, { examples?: unknown[] }>; examples: unknown[] };

function load(name: string): Schema {
  return loadSchema(name) as unknown as Schema;
}

const defaults = { timezone: "Europe/Paris", now: Temporal.Instant.from("2026-10-01T12:00:00Z") };
const cases = [
  {
    name: "event-input.schema.json",
    base: { title: "Café des entrepreneurs", startsAt: "2026-11-05T19:00" }, // a Thursday
    check: checkEventInput,
    accepts: (input: unknown) => normalizeEventInput(checkEventInput(input), defaults),
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
    check: checkProjectInput,
    accepts: (input: unknown) => normalizeProjectInput(checkProjectInput(input)),
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

describe.each(cases)("$name", ({ name, base, check, accepts, bad }) => {
  const schema = load(name);
  const validate = (input: unknown) => check(input).problems.length === 0;

  it("accepts each documented example, in the schema and in the domain", () => {
    expect(schema.examples.length).toBeGreaterThan(0);
    for (const example of schema.examples) {
      expect({ example, problems: check(example).problems }).toEqual({ example, problems: [] });
      expect({ example, result: accepts(example) }).toMatchObject({ result: { ok: true } });
    }
  });

  it("accepts each property example, set on a minimal input", () => {
    let count = 0;
    for (const [key, property] of Object.entries(schema.properties)) {
      const examples = property.examples ?? (property.$ref ? schema.$defs[property.$ref.replace("#/$defs/", "")]?.examples : undefined) ?? [];
      for (const value of examples) {
        const input = { ...base, [key]: value };
        expect({ input, problems: check(input).problems }).toEqual({ input, problems: [] });
        expect({ input, result: accepts(input) }).toMatchObject({ result: { ok: true } });
        count++;
      }
    }
    expect(count).toBeGreaterThan(5);
  });

  it("rejects plainly bad inputs at the edge, and so in the domain", () => {
    for (const input of bad) {
      expect({ input, valid: validate(input) }).toEqual({ input, valid: false });
      expect({ input, result: accepts(input) }).toMatchObject({ result: { ok: false } });
    }
  });
});

describe("the lists of values the schemas name are the code's", () => {
  type Enum = { enum: string[]; items?: { enum: string[] } };
  const event = load("event-input.schema.json").properties as unknown as Record<string, Enum>;
  const project = load("project-input.schema.json").properties as unknown as Record<string, Enum>;

  it("has one list of FEP-8a8e categories", () => {
    expect(event.category!.enum).toEqual([...EVENT_CATEGORIES]);
  });

  it("names the event statuses and participation modes of the domain", () => {
    expect(event.status!.enum).toEqual(Object.values(EventStatus));
    expect(event.participation!.enum).toEqual([...PARTICIPATION_MODES]);
  });

  it("names the project stages and needs of the domain", () => {
    expect(project.stage!.enum).toEqual(Object.values(ProjectStage));
    expect(project.lookingFor!.items!.enum).toEqual([...LookingFor]);
  });
});
