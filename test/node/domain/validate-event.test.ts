import { describe, expect, it } from "@jest/globals";
import type { FieldProblem } from "../../../node/domain/errors.ts";
import { EVENT_CATEGORIES } from "../../../node/domain/events/categories.ts";
import type { EventInput } from "../../../node/domain/events/event.ts";
import type { NormalizedEvent } from "../../../node/domain/events/validate-event.ts";
import { applyEventPatch, normalizeEventInput } from "../../../node/domain/events/validate-event.ts";
import { checkEventInput, eventPatch } from "../../../node/http/validate-input.ts";

// Each input goes the way an operator's does: its shapes checked at the edge against the schema,
// then read and checked across fields by the domain.

const defaults = { timezone: "Europe/Paris", now: Temporal.Instant.from("2026-10-01T12:00:00Z") };
const base = { title: "Café des entrepreneurs", startsAt: "2026-11-05T19:00" };

function valid(input: unknown): NormalizedEvent {
  const result = normalizeEventInput(checkEventInput(input), defaults);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

function problems(input: unknown): FieldProblem[] {
  const result = normalizeEventInput(checkEventInput(input), defaults);
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

/** The single problem the input has; its field must be `field`. */
function problemOf(extra: Record<string, unknown>, field: string): string {
  const found = problems({ ...base, ...extra });
  expect(found.map((p) => p.field)).toEqual([field]);
  return found[0]!.message;
}

describe("normalizeEventInput: a valid event", () => {
  it("normalises a minimal event with defaults", () => {
    expect(valid({ title: "  Café des entrepreneurs ", startsAt: "2026-11-05T19:00" })).toEqual({
      title: "Café des entrepreneurs",
      description: null,
      startsAt: "2026-11-05T18:00:00Z",
      endsAt: null,
      timezone: "Europe/Paris",
      allDay: false,
      location: null,
      organizer: null,
      tags: [],
      image: null,
      language: null,
      status: "scheduled",
      capacity: null,
      registrationUrl: null,
      category: null,
      participation: null,
      recurrence: null,
    });
  });

  it("keeps every field of a full event", () => {
    const event = valid({
      ...base,
      description: "Un **apéro**\n\n- projets\n",
      endsAt: "2026-11-05T21:00",
      timezone: "America/Sao_Paulo",
      location: { name: " La Cantine ", address: "151 rue Montmartre", room: "", lat: 48.87, lon: 2.34, url: "https://meet.example.org/x" },
      organizer: "Collectif",
      tags: ["#Open Source", "open-source", "IA", "ia"],
      image: { url: "https://example.org/a.png", alt: "Affiche", mediaType: "image/png" },
      language: "pt-BR",
      status: "postponed",
      capacity: 80,
      registrationUrl: "http://example.org/register",
      category: "NETWORKING",
      recurrence: "RRULE:freq=weekly;byday=th",
    });
    expect(event).toMatchObject({
      description: "Un **apéro**\n\n- projets",
      startsAt: "2026-11-05T22:00:00Z",
      endsAt: "2026-11-06T00:00:00Z",
      timezone: "America/Sao_Paulo",
      location: { name: "La Cantine", address: "151 rue Montmartre", lat: 48.87, lon: 2.34, url: "https://meet.example.org/x" },
      organizer: "Collectif",
      tags: ["OpenSource", "IA"],
      image: { url: "https://example.org/a.png", alt: "Affiche", mediaType: "image/png" },
      language: "pt-BR",
      status: "postponed",
      capacity: 80,
      registrationUrl: "http://example.org/register",
      category: "NETWORKING",
    });
    expect(event.recurrence?.text).toBe("FREQ=WEEKLY;BYDAY=TH");
  });

  it("makes bare dates all-day, with an inclusive last day stored as the next local midnight", () => {
    expect(valid({ title: "Salon", startsAt: "2026-11-05" })).toMatchObject({ allDay: true, startsAt: "2026-11-04T23:00:00Z", endsAt: "2026-11-05T23:00:00Z" });
    expect(valid({ title: "Salon", startsAt: "2026-11-05", endsAt: "2026-11-06", allDay: true })).toMatchObject({
      startsAt: "2026-11-04T23:00:00Z",
      endsAt: "2026-11-06T23:00:00Z",
    });
    // Across the DST change: the last day ends at midnight Paris time, whatever the offset.
    expect(valid({ title: "Salon", startsAt: "2026-10-24", endsAt: "2026-10-25" })).toMatchObject({
      startsAt: "2026-10-23T22:00:00Z",
      endsAt: "2026-10-25T23:00:00Z",
    });
  });

  it("reads local times in the event's zone, explicit offsets as instants, and zone names case-insensitively", () => {
    expect(valid({ ...base, startsAt: "2026-10-20T19:00" }).startsAt).toBe("2026-10-20T17:00:00Z");
    expect(valid({ ...base, startsAt: "2026-11-03T19:00" }).startsAt).toBe("2026-11-03T18:00:00Z");
    expect(valid({ ...base, startsAt: "2026-11-03T19:00-08:00" }).startsAt).toBe("2026-11-04T03:00:00Z");
    expect(valid({ ...base, timezone: "america/los_angeles" }).timezone).toBe("America/Los_Angeles");
  });

  it("treats null as an absent field", () => {
    expect(valid({ ...base, endsAt: null, tags: null, location: null }).endsAt).toBeNull();
  });

  it("keeps markup in the title as text (escaping is the renderer's job)", () => {
    expect(valid({ ...base, title: "<script>alert(1)</script> & co" }).title).toBe("<script>alert(1)</script> & co");
  });

  it("knows the FEP-8a8e categories", () => {
    expect(EVENT_CATEGORIES).toHaveLength(36);
    for (const category of EVENT_CATEGORIES) expect(valid({ ...base, category }).category).toBe(category);
  });
});

describe("normalizeEventInput: each rule, with its field", () => {
  it("requires the input to be an object", () => {
    for (const input of [null, "event", 42, [base]]) expect(problems(input)).toEqual([{ field: "", message: "must be a JSON object" }]);
  });

  it("checks the title", () => {
    expect(problems({ startsAt: base.startsAt })).toEqual([{ field: "title", message: "is required" }]);
    expect(problemOf({ title: 42 }, "title")).toBe("must be a string");
    expect(problemOf({ title: "   " }, "title")).toBe("must not be empty");
    expect(problemOf({ title: "x".repeat(201) }, "title")).toBe("must be at most 200 characters (got 201)");
    expect(valid({ ...base, title: "é".repeat(200) }).title).toHaveLength(200);
    expect(valid({ ...base, title: "😀".repeat(200) }).title).toHaveLength(400); // characters, not UTF-16 units
    expect(problemOf({ title: "Line\nbreak" }, "title")).toMatch(/control characters/);
    expect(problemOf({ title: "Bell\u0007" }, "title")).toMatch(/control characters/);
    expect(problemOf({ title: "Null\u0000" }, "title")).toMatch(/control characters/);
  });

  it("reports a 1 MB title as one clear problem", () => {
    expect(problemOf({ title: "A".repeat(1_048_576) }, "title")).toBe("must be at most 200 characters (got 1048576)");
  });

  it("checks the description", () => {
    expect(problemOf({ description: "x".repeat(20_001) }, "description")).toMatch(/at most 20000 characters/);
    expect(problemOf({ description: ["a"] }, "description")).toBe("must be a string");
    expect(problemOf({ description: "tab\tand\nnewline are fine, escape \u001b is not" }, "description")).toMatch(/control characters/);
    expect(valid({ ...base, description: "  \n " }).description).toBeNull();
  });

  it("checks the time zone", () => {
    expect(problemOf({ timezone: "Europe/Atlantis" }, "timezone")).toMatch(/unknown time zone "Europe\/Atlantis"/);
    expect(problemOf({ timezone: "+01:00" }, "timezone")).toMatch(/unknown time zone/);
    expect(problemOf({ timezone: 1 }, "timezone")).toBe("must be a string");
  });

  it("checks startsAt", () => {
    expect(problems({ title: "T" })).toEqual([{ field: "startsAt", message: "is required" }]);
    expect(problemOf({ startsAt: "next tuesday" }, "startsAt")).toMatch(/must be a date-time like/);
    expect(problemOf({ startsAt: 1_762_369_200_000 }, "startsAt")).toBe("must be a string");
    expect(problemOf({ startsAt: "2026-02-29T19:00" }, "startsAt")).toMatch(/not a real date/);
    expect(problemOf({ startsAt: "1999-11-05T19:00" }, "startsAt")).toMatch(/between 2000-01-01 and 2100-01-01/);
    expect(problemOf({ startsAt: "2162-11-05T19:00" }, "startsAt")).toMatch(/between 2000-01-01 and 2100-01-01/);
  });

  it("checks endsAt against startsAt", () => {
    expect(problemOf({ endsAt: "2026-11-05T19:00" }, "endsAt")).toBe("must be after startsAt");
    expect(problemOf({ endsAt: "2026-11-05T18:00" }, "endsAt")).toBe("must be after startsAt");
    expect(problemOf({ endsAt: "2026-12-06T19:01" }, "endsAt")).toBe("must be at most 31 days after startsAt");
    expect(valid({ ...base, endsAt: "2026-12-06T19:00" }).endsAt).toBe("2026-12-06T18:00:00Z");
    expect(problemOf({ endsAt: "2026-11-06" }, "endsAt")).toMatch(/must be a date-time/);
    expect(problemOf({ endsAt: "soon" }, "endsAt")).toMatch(/must be a date-time like/);
    expect(problemOf({ startsAt: "2026-11-05", endsAt: "2026-11-04" }, "endsAt")).toMatch(/must not be before startsAt/);
    expect(problemOf({ startsAt: "2026-11-05", endsAt: "2026-11-05T20:00" }, "endsAt")).toMatch(/must be a date like/);
    expect(problemOf({ startsAt: "2026-11-01", endsAt: "2026-12-02" }, "endsAt")).toMatch(/at most 31 days/); // 32 days
    expect(valid({ title: "T", startsAt: "2026-11-01", endsAt: "2026-12-01" }).endsAt).toBe("2026-12-01T23:00:00Z"); // 31 days
  });

  it("checks that allDay agrees with startsAt", () => {
    expect(problemOf({ allDay: true }, "allDay")).toMatch(/startsAt has a time/);
    expect(problemOf({ startsAt: "2026-11-05", allDay: false }, "allDay")).toMatch(/date without a time/);
    expect(problemOf({ allDay: "yes" }, "allDay")).toBe("must be true or false");
  });

  it("checks the location", () => {
    expect(problemOf({ location: "Paris" }, "location")).toBe("must be a JSON object");
    expect(problemOf({ location: { lat: 91, lon: 2 } }, "location.lat")).toBe("must be between -90 and 90 (got 91)");
    expect(problemOf({ location: { lat: 48, lon: -181 } }, "location.lon")).toBe("must be between -180 and 180 (got -181)");
    expect(problemOf({ location: { lat: 48 } }, "location.lon")).toMatch(/give both or neither/);
    expect(problemOf({ location: { lon: 2 } }, "location.lat")).toMatch(/give both or neither/);
    expect(problemOf({ location: { lat: "48", lon: 2 } }, "location.lat")).toBe("must be a number");
    expect(problemOf({ location: { name: "n".repeat(301) } }, "location.name")).toMatch(/at most 300/);
    expect(problemOf({ location: { address: "a".repeat(301) } }, "location.address")).toMatch(/at most 300/);
    expect(problemOf({ location: { room: "r".repeat(301) } }, "location.room")).toMatch(/at most 300/);
    expect(problemOf({ location: { url: "javascript:alert(1)" } }, "location.url")).toMatch(/absolute http\(s\) URL/);
    expect(problemOf({ location: { name: "x", floor: 2 } }, "location.floor")).toBe('unknown field "floor"');
    expect(valid({ ...base, location: { name: "  ", room: "" } }).location).toBeNull();
  });

  it("accepts only absolute http(s) URLs", () => {
    for (const url of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "file:///etc/passwd",
      "/relative/path",
      "example.org",
      "https://exa mple.org",
      "ftp://example.org/file",
    ]) {
      expect(problemOf({ registrationUrl: url }, "registrationUrl")).toMatch(/must be an absolute http\(s\) URL/);
    }
    expect(problemOf({ registrationUrl: "https://user:secret@example.org/" }, "registrationUrl")).toMatch(/user name or password/);
    expect(problemOf({ image: { url: "data:image/png;base64,AAAA" } }, "image.url")).toMatch(/absolute http\(s\) URL/);
    expect(problemOf({ image: { alt: "no url" } }, "image.url")).toBe("is required");
    expect(problemOf({ image: { url: "https://example.org/a.png", mediaType: "text/html" } }, "image.mediaType")).toMatch(/MIME type/);
  });

  it("checks the organizer", () => {
    expect(problemOf({ organizer: "o".repeat(201) }, "organizer")).toMatch(/at most 200/);
  });

  it("normalises tags and refuses bad ones", () => {
    expect(valid({ ...base, tags: ["#Tech", "tech", " open data ", "open-data", "café", "日本語", "## double"] }).tags).toEqual([
      "Tech",
      "opendata",
      "café",
      "日本語",
      "double",
    ]);
    expect(problemOf({ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, "tags")).toBe("must have at most 10 tags (got 11)");
    expect(problemOf({ tags: ["ok", "ok", "c++", "x"] }, "tags[2]")).toMatch(/letters, digits or "_"/);
    expect(problemOf({ tags: ["ok", "#"] }, "tags[1]")).toMatch(/letters, digits or "_"/);
    expect(problemOf({ tags: ["ok", "x".repeat(51)] }, "tags[1]")).toMatch(/1 to 50/);
    expect(problemOf({ tags: ["ok", 3] }, "tags[1]")).toBe("must be a string");
    expect(problemOf({ tags: ["ok", null] }, "tags[1]")).toBe("must be a string");
    expect(problemOf({ tags: "tech" }, "tags")).toBe("must be a list (JSON array)");
  });

  it("checks language, status, capacity and category", () => {
    expect(problemOf({ language: "French" }, "language")).toMatch(/BCP 47/);
    expect(problemOf({ language: "fr_FR" }, "language")).toMatch(/BCP 47/);
    expect(problemOf({ status: "done" }, "status")).toMatch(/must be one of scheduled, cancelled, postponed/);
    expect(problemOf({ capacity: 0 }, "capacity")).toMatch(/between 1 and 100000/);
    expect(problemOf({ capacity: 100_001 }, "capacity")).toMatch(/between 1 and 100000/);
    expect(problemOf({ capacity: 2.5 }, "capacity")).toBe("must be a whole number");
    expect(problemOf({ capacity: "80" }, "capacity")).toBe("must be a number");
    expect(problemOf({ category: "networking" }, "category")).toBe('must be "NETWORKING" in this spelling (got "networking")');
    expect(problemOf({ category: "KARAOKE" }, "category")).toMatch(/must be one of ARTS/);
  });

  it("checks the recurrence and that startsAt is its first occurrence", () => {
    expect(problemOf({ recurrence: "FREQ=YEARLY" }, "recurrence")).toMatch(/FREQ=YEARLY is not supported/);
    expect(problemOf({ recurrence: "FREQ=WEEKLY;COUNT=2;UNTIL=20261231" }, "recurrence")).toMatch(/COUNT and UNTIL/);
    // 2026-11-05 is a Thursday.
    expect(problemOf({ recurrence: "FREQ=WEEKLY;BYDAY=TU" }, "recurrence")).toBe(
      "startsAt (Thursday 2026-11-05) is not an occurrence of this rule: start the series on its first occurrence (2026-11-10)",
    );
    expect(problemOf({ recurrence: "FREQ=WEEKLY;UNTIL=20261101" }, "recurrence")).toMatch(/no occurrence on or after startsAt/);
    expect(valid({ ...base, startsAt: "2026-11-03T19:00", recurrence: "FREQ=MONTHLY;BYDAY=1TU" }).recurrence?.text).toBe("FREQ=MONTHLY;BYDAY=1TU");
  });

  it("rejects unknown fields", () => {
    expect(problemOf({ foo: 1 }, "foo")).toBe('unknown field "foo"');
    expect(problemOf({ Title: "x" }, "Title")).toBe('unknown field "Title"');
    expect(problems(JSON.parse(`{"title":"T","startsAt":"2026-11-05T19:00","__proto__":{"admin":true}}`))).toEqual([
      { field: "__proto__", message: 'unknown field "__proto__"' },
    ]);
  });

  it("reports every problem at once", () => {
    const found = problems({
      title: 42,
      startsAt: "2026-11-05T19:00",
      endsAt: "2026-11-05T18:00",
      location: { lat: 100 },
      tags: ["ok", "c#"],
      registrationUrl: "javascript:alert(1)",
      capacity: -1,
      colour: "red",
    });
    expect(found.map((p) => p.field).sort()).toEqual(["capacity", "colour", "endsAt", "location.lat", "location.lon", "registrationUrl", "tags[1]", "title"]);
  });

  it("still checks date formats when the time zone is unknown", () => {
    // The schema's problems come first, then the rules' own.
    expect(problems({ ...base, timezone: "Mars/Olympus", startsAt: "whenever" }).map((p) => p.field)).toEqual(["startsAt", "timezone"]);
  });
});

describe("applyEventPatch", () => {
  const current: EventInput = {
    title: "Café",
    startsAt: "2026-11-05T19:00",
    endsAt: "2026-11-05T21:00",
    tags: ["a"],
    location: { name: "La Cantine", room: "Salle 1", lat: 48.87, lon: 2.34 },
  };

  function patched(patch: unknown): EventInput {
    const result = applyEventPatch(current, patch);
    if (result.problems.length > 0 || !result.merged) throw new Error(JSON.stringify(result.problems));
    return result.merged as EventInput;
  }

  it("merges fields, clears optional ones with null and merges location one level deep", () => {
    expect(
      patched({ title: "Café #2", endsAt: null, tags: ["b", "c"], location: { room: null, lat: null, lon: null, address: "151 rue Montmartre" } }),
    ).toEqual({
      title: "Café #2",
      startsAt: "2026-11-05T19:00",
      tags: ["b", "c"],
      location: { name: "La Cantine", address: "151 rue Montmartre" },
    });
    expect(patched({ location: null }).location).toBeUndefined();
    expect(patched({ location: { name: null, room: null, lat: null, lon: null } }).location).toBeUndefined();
    expect(patched({})).toEqual(current);
  });

  it("leaves the current input untouched", () => {
    patched({ title: "Other", location: { room: "Salle 2" } });
    expect(current.title).toBe("Café");
    expect(current.location?.room).toBe("Salle 1");
  });

  it("refuses to remove required fields, unknown fields and non-objects", () => {
    expect(eventPatch({ title: null, startsAt: null, foo: 1 })(current).problems).toEqual([
      { field: "foo", message: 'unknown field "foo"' },
      { field: "title", message: "is required and cannot be removed" },
      { field: "startsAt", message: "is required and cannot be removed" },
    ]);
    expect(eventPatch("title=x")(current)).toEqual({ input: {}, problems: [{ field: "", message: "must be a JSON object" }] });
  });

  it("lets a new startsAt decide allDay again, and leaves type checks to the schema", () => {
    const allDay: EventInput = { title: "Salon", startsAt: "2026-11-05", allDay: true };
    expect(applyEventPatch(allDay, { startsAt: "2026-11-05T10:00" })).toEqual({ merged: { title: "Salon", startsAt: "2026-11-05T10:00" }, problems: [] });
    expect(problems(patched({ capacity: "lots" }))).toEqual([{ field: "capacity", message: "must be a number" }]);
  });
});
