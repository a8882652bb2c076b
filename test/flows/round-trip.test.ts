// Property: whatever event an operator publishes on one node, another node that follows it holds
// the same event on every field the calendar, pages and feeds show — received by delivery, and
// read back from the outbox by a node that follows later (back-fill).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import type { CityNode } from "../helpers/network.ts";
import { calendarTitles, follow, startCities, stopCities } from "../helpers/network.ts";
import { api } from "../helpers/operator.ts";
import { waitUntil } from "../helpers/wait.ts";

// Zones with half- and quarter-hour offsets, and daylight saving in both hemispheres.
const ZONES = [
  "Europe/Paris",
  "America/Los_Angeles",
  "America/Sao_Paulo",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Australia/Adelaide",
  "Pacific/Chatham",
  "America/Santiago",
  "America/St_Johns",
];

const today = Temporal.Now.plainDateISO("UTC");
const pad = (n: number) => String(n).padStart(2, "0");

const place = fc.record(
  {
    name: fc.constantFrom("Salle Panorama", "Noisebridge", "Espai Ateneu"),
    address: fc.constantFrom("151 rue Montmartre, 75002 Paris", "2169 Mission St, San Francisco"),
    room: fc.constantFrom("Salle 1", "Mezzanine"),
  },
  { requiredKeys: ["name"] },
);
const online = fc.record({ url: fc.constantFrom("https://meet.example/room", "https://video.example/live?id=42") });
const location = fc.oneof(
  fc.constant(undefined), // at the venue
  place,
  online,
  fc.tuple(place, online).map(([p, o]) => ({ ...p, ...o })), // hybrid
);

/** An event input as the admin API takes it; dates a few days to a few weeks from today. */
const eventInput = fc
  .record({
    title: fc.constantFrom("Apéro fédéré", "Open hardware night", "Taller de datos", "Roda de conversa", "Café <code> & co"),
    description: fc.constantFrom(undefined, "Rencontre autour du **fédivers**.", "Bring a laptop; see <https://example.org>.", "Línea 1\n\n- uno\n- dos"),
    day: fc.integer({ min: 2, max: 60 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 15, 30, 45),
    shape: fc.constantFrom("timed", "open-ended", "several-days", "all-day", "all-days", "series"),
    minutes: fc.integer({ min: 30, max: 300 }),
    timezone: fc.constantFrom(...ZONES),
    location,
    organizer: fc.constantFrom(undefined, "Les Dames de la Cantine", "FING"),
    tags: fc.uniqueArray(fc.constantFrom("fediverse", "open-data", "vélo", "ia"), { maxLength: 3 }),
    language: fc.constantFrom(undefined, "fr", "en", "pt-BR"),
    status: fc.constantFrom("scheduled", "cancelled", "postponed"),
    capacity: fc.constantFrom(undefined, 12, 300),
    registrationUrl: fc.constantFrom(undefined, "https://tickets.example/e/1"),
    category: fc.constantFrom(undefined, "NETWORKING", "WORKSHOPS_SKILL_SHARING"),
  })
  .map((g) => {
    const date = today.add({ days: g.day });
    const start = `${date}T${pad(g.hour)}:${pad(g.minute)}`;
    const wallEnd = Temporal.PlainDateTime.from(start).add({ minutes: g.minutes });
    const times =
      g.shape === "all-day"
        ? { startsAt: String(date) }
        : g.shape === "all-days"
          ? { startsAt: String(date), endsAt: String(date.add({ days: 3 })) }
          : g.shape === "open-ended"
            ? { startsAt: start }
            : g.shape === "several-days"
              ? { startsAt: start, endsAt: String(wallEnd.add({ days: 4 })).slice(0, 16) }
              : { startsAt: start, endsAt: String(wallEnd).slice(0, 16) };
    return {
      title: g.title,
      description: g.description,
      ...times,
      timezone: g.timezone,
      location: g.location,
      organizer: g.organizer,
      tags: g.tags,
      language: g.language,
      status: g.status,
      capacity: g.capacity,
      registrationUrl: g.registrationUrl,
      category: g.category,
      ...(g.shape === "series" ? { recurrence: "FREQ=WEEKLY;COUNT=2" } : {}),
    };
  });

/** What people see of an event: every field the calendar, pages and feeds show. */
function shown(item: any, venueName: string) {
  const where = item.location ?? {};
  return {
    title: item.title,
    descriptionHtml: item.descriptionHtml,
    startsAt: item.startsAt,
    endsAt: item.endsAt,
    timezone: item.timezone,
    localStart: item.localStart,
    localEnd: item.localEnd,
    allDay: item.allDay,
    // Our own events at the venue name no place; their copies name the venue. A room is shown
    // after the place's name.
    place: where.url && !where.name && !where.address ? null : [where.name ?? venueName, where.room].filter(Boolean).join(", "),
    address: where.address ?? null,
    online: where.url ?? null,
    organizer: item.organizer,
    tags: item.tags,
    language: item.language,
    status: item.status,
    capacity: item.capacity,
    registrationUrl: item.registrationUrl,
    category: item.category,
  };
}

describe("an event round-trips from one node to another on every shown field", () => {
  let paris: CityNode;
  let sf: CityNode;
  let saopaulo: CityNode;
  const published: any[] = [];

  beforeAll(async () => {
    [paris, sf, saopaulo] = await startCities(["paris", "sf", "saopaulo"]);
    await follow(sf, paris);
  });
  afterAll(async () => {
    await stopCities([paris, sf, saopaulo].filter(Boolean));
  });

  async function copyOn(node: CityNode, apId: string): Promise<any | undefined> {
    const { body } = await api(node.node, "GET", `/api/calendar?limit=200&from=${today}`, null);
    return body.items.find((item: any) => item.apId === apId);
  }

  it("through delivery: each generated event arrives as it was published", async () => {
    await fc.assert(
      fc.asyncProperty(eventInput, async (input) => {
        const response = await api(paris.node, "POST", "/api/admin/events", paris.token, input);
        expect([response.status, response.body.problems]).toEqual([201, undefined]);
        const occurrences = response.body.series ? response.body.series.occurrences : [response.body];
        for (const occurrence of occurrences) {
          const source = (await api(paris.node, "GET", `/api/events/${occurrence.id}`, null)).body;
          let copy: any;
          await waitUntil(async () => (copy = await copyOn(sf, source.apId)) !== undefined, `${source.title} on sf`);
          expect(shown(copy, "La Cantine Paris")).toEqual(shown(source, "La Cantine Paris"));
          published.push(source);
        }
      }),
      { numRuns: 25, seed: Number(process.env.ROUND_TRIP_SEED ?? Date.now() % 2 ** 31), verbose: true },
    );
  }, 120_000);

  it("through back-fill: a node that follows later reads the same events from the outbox", async () => {
    await follow(saopaulo, paris);
    await waitUntil(async () => (await calendarTitles(saopaulo, `&from=${today}`)).length >= published.length, "back-fill on são paulo", 30_000);
    for (const source of published) {
      const copy = await copyOn(saopaulo, source.apId);
      expect(copy && shown(copy, "La Cantine Paris")).toEqual(shown(source, "La Cantine Paris"));
    }
  }, 60_000);
});
