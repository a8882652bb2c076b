import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { dateFromToday, instantOf, inZone, PARIS, withOffset } from "../helpers/dates.ts";
import type { CityNode } from "../helpers/network.ts";
import { calendarTitles, cities, follow, startCities, stopCities } from "../helpers/network.ts";
import { api } from "../helpers/operator.ts";
import { waitUntil } from "../helpers/wait.ts";

/** An evening `days` from today, in the publishing node's own zone. */
const evening = (days: number, title: string, timeZone: string) => {
  const date = dateFromToday(days, timeZone);
  return { title, startsAt: `${date}T19:00`, endsAt: `${date}T21:00` };
};

describe("three cantines in a full mesh build one calendar", () => {
  let paris: CityNode, sf: CityNode, barcelona: CityNode;
  let all: CityNode[];

  beforeAll(async () => {
    all = await startCities(["paris", "sf", "barcelona"]);
    [paris, sf, barcelona] = all as [CityNode, CityNode, CityNode];
    for (const from of all) for (const to of all) if (from !== to) await follow(from, to);
  }, 120_000);
  afterAll(() => stopCities(all ?? []));

  it("an event created in one appears in every other's calendar, with its city and zone", async () => {
    const published = evening(9, "Fediverse night", cities.sf.timezone);
    const created = await api(sf.node, "POST", "/api/admin/events", sf.token, { ...published, tags: ["fediverse"] });
    expect(created.status).toBe(201);
    for (const n of [paris, barcelona]) {
      await waitUntil(async () => (await calendarTitles(n)).includes("Fediverse night"), `${n.slug} has the SF event`);
    }
    const entry = (await api(paris.node, "GET", "/api/calendar?tz=Europe/Paris&city=San%20Francisco", null)).body.items[0];
    expect(entry).toMatchObject({
      title: "Fediverse night",
      timezone: "America/Los_Angeles",
      city: "San Francisco",
      cantine: { name: "The Cantine San Francisco", local: false },
    });
    expect(entry.localStart).toBe(withOffset(published.startsAt, cities.sf.timezone));
    expect(entry.viewerStart).toBe(inZone(instantOf(published.startsAt, cities.sf.timezone), PARIS));
  });

  it("its update and deletion propagate", async () => {
    const created = (await api(barcelona.node, "POST", "/api/admin/events", barcelona.token, evening(10, "Sopar de codi", cities.barcelona.timezone))).body;
    await waitUntil(async () => (await calendarTitles(paris)).includes("Sopar de codi"), "paris has the event");
    await api(barcelona.node, "PATCH", `/api/admin/events/${created.id}`, barcelona.token, { title: "Sopar de codi (nova sala)" });
    for (const n of [paris, sf]) await waitUntil(async () => (await calendarTitles(n)).includes("Sopar de codi (nova sala)"), `${n.slug} has the update`);
    await api(barcelona.node, "DELETE", `/api/admin/events/${created.id}`, barcelona.token);
    for (const n of [paris, sf])
      await waitUntil(async () => !(await calendarTitles(n)).some((t) => t.startsWith("Sopar de codi")), `${n.slug} drops the event`);
  });

  it("the calendar merges every city, sorted by start instant, and filters by city", async () => {
    await api(paris.node, "POST", "/api/admin/events", paris.token, evening(11, "Apéro Paris", cities.paris.timezone));
    await waitUntil(async () => (await calendarTitles(barcelona)).includes("Apéro Paris"), "barcelona has the Paris event");
    const items = (await api(barcelona.node, "GET", "/api/calendar?limit=200", null)).body.items;
    const starts = items.map((i: any) => Date.parse(i.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(items.map((i: any) => i.city))).toEqual(new Set(["Paris", "San Francisco"]));
    expect(await calendarTitles(barcelona, "&city=Paris")).toEqual(["Apéro Paris"]);
  });
});
