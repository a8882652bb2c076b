import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { ValidationError } from "../../../node/domain/errors.ts";
import { atVenue } from "../../../node/domain/events/event-fields.ts";
import { publishEvent, updateEvent } from "../../../node/domain/events/manage-events.ts";
import { normalizeEventInput } from "../../../node/domain/events/validate-event.ts";
import { publishProject, updateProject } from "../../../node/domain/projects/manage-projects.ts";
import { normalizeProjectInput } from "../../../node/domain/projects/validate-project.ts";
import type { PublishingDeps } from "../../../node/domain/publishing/publishing.ts";
import { checkEventInput, checkProjectInput, eventPatch, projectPatch } from "../../../node/http/validate-input.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { sqlitePublishingDeps } from "../../helpers/publishing-deps.ts";

const defaults = { timezone: "Europe/Paris", now: Temporal.Instant.from("2026-10-01T12:00:00Z") };
const fieldsOf = (result: { ok: boolean; problems?: { field: string }[] }) => (result.ok ? [] : result.problems!.map((p) => p.field));

function problemFields(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => p.field);
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("every offending field is named", () => {
  it("names a bad endsAt beside a bad or missing startsAt", () => {
    expect(fieldsOf(normalizeEventInput(checkEventInput({ title: "x", startsAt: "tomorrow", endsAt: "x" }), defaults))).toEqual(["startsAt", "endsAt"]);
    expect(fieldsOf(normalizeEventInput(checkEventInput({ title: "x", endsAt: "x" }), defaults))).toEqual(["startsAt", "endsAt"]);
    expect(fieldsOf(normalizeEventInput(checkEventInput({ endsAt: "x", timezone: "Mars/Olympus", capacity: 0 }), defaults))).toEqual([
      // In the order of the fields, whether the schema or a rule found the problem.
      "title",
      "startsAt",
      "endsAt",
      "timezone",
      "capacity",
    ]);
  });

  it("names every field of a bad project", () => {
    expect(
      fieldsOf(normalizeProjectInput(checkProjectInput({ title: "", stage: "seed", lookingFor: ["money"], contact: "nope", links: [{ url: "ftp://x" }] }))),
    ).toEqual(["title", "summary", "stage", "lookingFor[0]", "links[0].name", "links[0].url", "contact"]);
  });

  describe("when editing", () => {
    let dir: string;
    let db: Db;
    let deps: PublishingDeps;
    let ids = 0;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "cantine-problems-"));
      db = openDatabase(join(dir, "cantine.db"));
      migrate(db);
      const base = sqlitePublishingDeps(db, { now: () => new Date("2026-11-28T10:00:00Z"), newId: () => `id-${++ids}` });
      deps = { ...base, venue: { ...base.venue, address: "151 rue Montmartre, 75002 Paris" } };
    });
    afterEach(() => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("names a removed title, a bad endsAt, an unknown field and a refused recurrence together", () => {
      const { event } = publishEvent(deps, checkEventInput({ title: "Apéro", startsAt: "2026-12-08T19:00" }));
      expect(problemFields(() => updateEvent(deps, event.id, eventPatch({ title: null, endsAt: "x", colour: "red", recurrence: "FREQ=WEEKLY" })))).toEqual([
        "colour",
        "title",
        "endsAt",
        "recurrence",
      ]);
      expect(problemFields(() => updateEvent(deps, event.id, eventPatch({ endsAt: "2026-12-08T18:00", capacity: -1 })))).toEqual(["endsAt", "capacity"]);
      expect(problemFields(() => updateEvent(deps, event.id, eventPatch("title=x")))).toEqual([""]);
    });

    it("names a removed summary and a bad stage together", () => {
      const project = publishProject(deps, checkProjectInput({ title: "Compost", summary: "Relier les composteurs." }));
      expect(problemFields(() => updateProject(deps, project.id, projectPatch({ summary: null, stage: "seed", owner: "me" })))).toEqual([
        "owner",
        "summary",
        "stage",
      ]);
    });

    it("puts a place without an address at the venue", () => {
      const { event } = publishEvent(deps, checkEventInput({ title: "Atelier", startsAt: "2026-12-08T19:00", location: { name: "Salle Ada" } }));
      expect(event.location).toEqual({ name: "Salle Ada", address: "151 rue Montmartre, 75002 Paris" });
      const moved = updateEvent(deps, event.id, eventPatch({ location: { name: "Parc de Belleville", address: "47 rue des Couronnes, 75020 Paris" } }));
      expect(moved.location).toEqual({ name: "Parc de Belleville", address: "47 rue des Couronnes, 75020 Paris" });
    });
  });
});

describe("atVenue", () => {
  const venue = { name: "La Cantine", address: "151 rue Montmartre" };
  it("gives a named place or a room the venue's address, and leaves other places alone", () => {
    expect(atVenue({ name: "Salle Ada" }, venue)).toEqual({ name: "Salle Ada", address: "151 rue Montmartre" });
    expect(atVenue({ room: "Salle 2" }, venue)).toEqual({ name: "La Cantine", room: "Salle 2", address: "151 rue Montmartre" });
    expect(atVenue({ name: "Parc", lat: 48.87, lon: 2.38 }, venue)).toEqual({ name: "Parc", lat: 48.87, lon: 2.38 });
    expect(atVenue({ url: "https://meet.example/x" }, venue)).toEqual({ url: "https://meet.example/x" });
    expect(atVenue({ name: "Salle Ada", url: "https://meet.example/x" }, venue)).toEqual({
      name: "Salle Ada",
      url: "https://meet.example/x",
      address: "151 rue Montmartre",
    });
    expect(atVenue({ name: "Salle Ada" }, { name: "La Cantine" })).toEqual({ name: "Salle Ada" });
    expect(atVenue(null, venue)).toBeNull();
  });
});
