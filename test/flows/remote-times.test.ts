// A Gancio-like peer sends events whose times carry an offset and no zone name ("19:00+05:30").
// The node that follows it shows them at the source's wall-clock time everywhere: the JSON API,
// the event page, the iCalendar feed (read back by ical.js) and Atom; and an exhibition that
// opened weeks ago stays listed while it runs. Dates count from today.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import ICAL from "ical.js";
import type { CityNode } from "../helpers/network.ts";
import { startCities, stopCities } from "../helpers/network.ts";
import { api } from "../helpers/operator.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitUntil } from "../helpers/wait.ts";

/** "YYYY-MM-DDTHH:MM:SS±HH:MM": a wall-clock time `days` from today where the offset is in force. */
function written(days: number, time: string, offset: string): string {
  return `${Temporal.Now.plainDateISO(offset).add({ days }).toString()}T${time}${offset}`;
}

describe("remote times given with an offset and no zone", () => {
  let paris: CityNode;
  let nodes: CityNode[];
  let gancio: Peer;
  let eventNumber = 0;

  beforeAll(async () => {
    nodes = await startCities(["paris"]);
    paris = nodes[0]!;
    [gancio] = await startTogether(startPeer({ users: ["relay"] }));
    // Paris follows the Gancio-like instance actor; the test plays its Accept.
    const followed = await api(paris.node, "POST", "/api/admin/follows", paris.token, { handle: `relay@${gancio.host}` });
    expect(followed.status).toBe(202);
    const follow = await gancio.waitFor((r) => r.body?.type === "Follow");
    const accept = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${gancio.origin}/accepts/1`,
      type: "Accept",
      actor: gancio.actorId("relay"),
      object: follow.body,
    };
    expect((await gancio.signedPost("relay", `${paris.node.origin}/users/paris/inbox`, accept)).status).toBe(202);
    await waitUntil(async () => (await api(paris.node, "GET", "/api/admin/follows", paris.token)).body.items[0]?.state === "accepted", "accepted");
  }, 60_000);
  afterAll(async () => {
    await gancio?.close();
    await stopCities(nodes ?? []);
  });

  /** Sends a Create(Event) shaped like Gancio's (offset times, no `timezone`) and waits until the calendar has it. */
  async function sendGancioEvent(name: string, startTime: string, endTime: string): Promise<any> {
    const n = ++eventNumber;
    const event = {
      id: `${gancio.origin}/federation/m/${n}`,
      type: "Event",
      name,
      url: `${gancio.origin}/event/${n}`,
      startTime,
      endTime,
      location: { type: "Place", name: "Colosseo", address: "Piazza del Colosseo, Rome" },
      attachment: [],
      tag: [],
      published: new Date().toISOString(),
      attributedTo: gancio.actorId("relay"),
      to: ["https://www.w3.org/ns/activitystreams#Public"],
      cc: [`${gancio.actorId("relay")}/followers`],
      content: "",
      summary: name,
    };
    const create = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${gancio.origin}/federation/m/${n}#create`,
      type: "Create",
      actor: gancio.actorId("relay"),
      object: event,
    };
    gancio.serve({ "@context": "https://www.w3.org/ns/activitystreams", ...event }); // Gancio serves its events at their id
    expect((await gancio.signedPost("relay", `${paris.node.origin}/inbox`, create)).status).toBe(202);
    let item: any;
    await waitUntil(async () => {
      item = (await api(paris.node, "GET", `/api/calendar?limit=200&q=${encodeURIComponent(name)}`, null)).body.items[0];
      return item !== undefined;
    }, `"${name}" is in the calendar`);
    return item;
  }

  it("keeps a half-hour offset's 19:00 at 19:00 in the API, the event page, iCalendar and Atom", async () => {
    const start = written(3, "19:00:00", "+05:30");
    const item = await sendGancioEvent("Kathak evening", start, written(3, "21:30:00", "+05:30"));
    expect(item.timezone).toBe("+05:30");
    expect(item.localStart).toBe(start);
    expect(Date.parse(item.startsAt)).toBe(Date.parse(start));

    const page = await fetch(`${paris.node.origin}/events/${item.id}`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const eventTime = /<dd class="event-time">(.*?)<\/dd>/s.exec(html)?.[1] ?? "";
    expect(eventTime).toMatch(/19:00\s*–\s*21:30/);
    expect(html).toContain("UTC+05:30");

    const ics = await (await fetch(`${paris.node.origin}/calendar.ics`)).text();
    const root = new ICAL.Component(ICAL.parse(ics));
    for (const tz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
    const component = root.getAllSubcomponents("vevent").find((c) => c.getFirstPropertyValue("summary") === "Kathak evening")!;
    expect(component.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("UTC+0530");
    const vevent = new ICAL.Event(component);
    expect([vevent.startDate.hour, vevent.startDate.minute, vevent.endDate.hour, vevent.endDate.minute]).toEqual([19, 0, 21, 30]);
    expect(vevent.startDate.toJSDate().getTime()).toBe(Date.parse(start));

    const atom = await (await fetch(`${paris.node.origin}/feeds/events.atom`)).text();
    const entry = atom.split("<entry>").find((e) => e.includes("Kathak evening")) ?? "";
    expect(entry).toMatch(/19:00/);
  });

  it("keeps a whole-hour offset's 17:30, written in iCalendar as its Etc/GMT zone", async () => {
    const start = written(4, "17:30:00", "-03:00");
    const item = await sendGancioEvent("Roda de samba", start, written(4, "20:00:00", "-03:00"));
    expect(item).toMatchObject({ timezone: "-03:00", localStart: start });

    const html = await (await fetch(`${paris.node.origin}/events/${item.id}`, { headers: { Accept: "text/html" } })).text();
    expect(/<dd class="event-time">(.*?)<\/dd>/s.exec(html)?.[1]).toMatch(/17:30\s*–\s*20:00/);
    expect(html).toContain("UTC-03:00");

    const ics = await (await fetch(`${paris.node.origin}/events/${item.id}.ics`)).text();
    expect(ics).toMatch(/\r\nDTSTART;TZID=Etc\/GMT\+3:\d{8}T173000\r\n/);
    expect(ics).toContain("\r\nTZOFFSETTO:-0300\r\n");
  });

  it("lists a 60-day exhibition that opened 40 days ago everywhere while it runs", async () => {
    const item = await sendGancioEvent("Mostra lunga", written(-40, "10:00:00", "+01:00"), written(20, "18:00:00", "+01:00"));
    expect(item.timezone).toBe("+01:00");
    const home = await (await fetch(`${paris.node.origin}/`, { headers: { Accept: "text/html" } })).text();
    expect(home).toContain("Mostra lunga");
    expect(await (await fetch(`${paris.node.origin}/calendar.ics`)).text()).toContain("SUMMARY:Mostra lunga");
    expect(await (await fetch(`${paris.node.origin}/feeds/events.atom`)).text()).toContain("Mostra lunga");
    const nextDay = (await api(paris.node, "GET", `/api/calendar?limit=200&to=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`, null))
      .body;
    expect(nextDay.items.map((i: any) => i.title)).toContain("Mostra lunga");
  });
});
