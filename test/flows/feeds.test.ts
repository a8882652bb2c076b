// Calendar feeds served by a real node process: what a calendar app subscribing to the .ics
// URLs (or a feed reader to the Atom ones) gets, parsed by independent parsers.

import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import ICAL from "ical.js";
import { addDays, dateFromToday, instantOf, nextOffsetChange, PARIS, weekdayFromToday } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";

// Every date counts from today: the feeds hold upcoming events only.
const aperoDay = dateFromToday(8);
const cancelledDay = dateFromToday(10);
const openDay = dateFromToday(20);
const doomedDay = dateFromToday(15);
const extraDay = dateFromToday(22);
const thursday = weekdayFromToday(4, 3);
// Series occurrences only exist within a 90-day horizon, so the DST case is a weekly run of single
// events on the two Tuesdays before Paris's next change of offset and the two after it.
const change = nextOffsetChange(PARIS, 21).toPlainDate();
const tuesdayBefore = change.subtract({ days: (change.dayOfWeek + 5) % 7 || 7 }).toString();
const tuesdays = [-7, 0, 7, 14].map((days) => addDays(tuesdayBefore, days));

function parseIcs(text: string) {
  ICAL.TimezoneService.reset();
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  return root.getAllSubcomponents("vevent").map((component) => ({ component, event: new ICAL.Event(component) }));
}

describe("iCalendar and Atom feeds of the calendar", () => {
  let node: NodeProcess;
  let token: string;
  const created: Record<string, any> = {};
  const weekly: any[] = [];
  let series: any[] = [];
  let seriesUid = "";

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${node.origin}${path}`, { headers });
  const create = async (body: Record<string, unknown>) => {
    const response = await api(node, "POST", "/api/admin/events", token, body);
    expect(response.status).toBe(201);
    return response.body;
  };
  const uids = (events: ReturnType<typeof parseIcs>) => events.map((e) => e.event.uid).sort();

  beforeAll(async () => {
    node = await startNodeProcess();
    token = await issueToken(node);
    created.apero = await create({
      title: "Apéro <fédéré> & co",
      description: "Rencontre, *fédivers*; cantines",
      startsAt: `${aperoDay}T19:00`,
      endsAt: `${aperoDay}T21:00`,
      location: { name: "La Cantine", room: "Salle 1", address: "151 rue Montmartre, 75002 Paris" },
      tags: ["feedtest", "cantine"],
    });
    created.cancelled = await create({ title: "Atelier annulé", startsAt: `${cancelledDay}T18:30`, endsAt: `${cancelledDay}T20:00`, tags: ["feedtest"] });
    expect((await api(node, "POST", `/api/admin/events/${created.cancelled.id}/cancel`, token)).status).toBe(200);
    created.allDay = await create({ title: "Journée portes ouvertes", startsAt: openDay, tags: ["open"] });
    created.doomed = await create({ title: "Soon deleted", startsAt: `${doomedDay}T10:00`, endsAt: `${doomedDay}T11:00` });
    for (const date of tuesdays) {
      weekly.push(await create({ title: "Mardis du code", startsAt: `${date}T19:00`, endsAt: `${date}T21:00`, tags: ["code"] }));
    }
    const started = await create({
      title: "Jeudis IA",
      startsAt: `${thursday}T19:00`,
      endsAt: `${thursday}T20:00`,
      recurrence: "FREQ=WEEKLY;COUNT=3",
      tags: ["ia"],
    });
    series = started.series.occurrences;
    seriesUid = `${node.origin}/series/${started.series.id}`;
    expect((await api(node, "DELETE", `/api/admin/events/${created.doomed.id}`, token)).status).toBe(204);
    const project = await api(node, "POST", "/api/admin/projects", token, { title: "Vélo & cargo", summary: "Des vélos cargo partagés", tags: ["mobilite"] });
    expect(project.status).toBe(201);
    created.project = project.body;
  });
  afterAll(async () => {
    await node?.stop();
    if (node) removeWorkDir(dirname(node.configFile));
  });

  const live = () => [created.apero, created.cancelled, created.allDay, ...weekly, ...series];
  // The series is one recurring VEVENT, under the series' own UID.
  const liveUids = () => [created.apero.url, created.cancelled.url, created.allDay.url, ...weekly.map((e) => e.url), seriesUid].sort();

  it("serves /calendar.ics as text/calendar with every upcoming event, read back by ical.js", async () => {
    const response = await get("/calendar.ics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('inline; filename="cantine.ics"');
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const events = parseIcs(await response.text());
    expect(uids(events)).toEqual(liveUids());

    const byId = (e: any) => events.find((p) => p.event.uid === e.url)!;
    const apero = byId(created.apero);
    expect(apero.event.summary).toBe("Apéro <fédéré> & co");
    expect(apero.event.startDate.toJSDate().toISOString()).toBe(new Date(instantOf(`${aperoDay}T19:00`, PARIS)).toISOString());
    expect(apero.component.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/Paris");
    expect(apero.event.location).toBe("La Cantine, Salle 1, 151 rue Montmartre, 75002 Paris");
    expect(apero.event.description).toContain("Rencontre, fédivers; cantines");
    expect(apero.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(byId(created.cancelled).component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(byId(created.cancelled).event.sequence).toBeGreaterThan(apero.event.sequence);

    const allDay = byId(created.allDay).event;
    expect([allDay.startDate.isDate, allDay.startDate.toString(), allDay.endDate.toString()]).toEqual([true, openDay, addDays(openDay, 1)]);

    // 19:00 in Paris every week: one UTC time before the change of offset, another after it.
    const utc = weekly.map((e) => byId(e).event.startDate.toJSDate().toISOString().slice(11, 16));
    const [before, after] = [tuesdays[0]!, tuesdays[3]!].map((date) => instantOf(`${date}T19:00`, PARIS).slice(11, 16));
    expect(before).not.toBe(after);
    expect(utc).toEqual([before, before, after, after]);
    expect(weekly.map((e) => byId(e).event.startDate.hour)).toEqual([19, 19, 19, 19]);
    const recurring = events.find((p) => p.event.uid === seriesUid)!.event;
    expect(recurring.component.getFirstPropertyValue("rrule")!.toString()).toBe("FREQ=WEEKLY;COUNT=3");
    const dates: string[] = [];
    for (let it = recurring.iterator(), next = it.next(); next; next = it.next()) dates.push(next.toString());
    expect(dates).toEqual([0, 7, 14].map((days) => `${addDays(thursday, days)}T19:00:00`));
  });

  it("filters by tag, city and cantine (actor id or handle)", async () => {
    const tagged = parseIcs(await (await get("/tags/feedtest/calendar.ics")).text());
    expect(uids(tagged)).toEqual([created.apero.url, created.cancelled.url].sort());
    expect(uids(parseIcs(await (await get("/calendar.ics?tag=code")).text()))).toEqual(weekly.map((e) => e.url).sort());
    expect(uids(parseIcs(await (await get("/cities/paris/calendar.ics")).text()))).toEqual(liveUids());
    expect(parseIcs(await (await get("/cities/Lisboa/calendar.ics")).text())).toHaveLength(0);

    const actorId = `${node.origin}/users/paris`;
    const byActor = await get(`/cantines/${encodeURIComponent(actorId)}/calendar.ics`);
    expect(byActor.status).toBe(200);
    expect(uids(parseIcs(await byActor.text()))).toEqual(liveUids());
    const byHandle = await get(`/cantines/paris@${new URL(node.origin).host}/calendar.ics`);
    expect(uids(parseIcs(await byHandle.text()))).toEqual(liveUids());
    expect((await get("/cantines/nobody@elsewhere.example/calendar.ics")).status).toBe(404);
  });

  it("serves one event as /events/<id>.ics, 404 for an unknown id, 410 once deleted; the page still works", async () => {
    const response = await get(`/events/${created.apero.id}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`inline; filename="event-${created.apero.id}.ics"`);
    const [only, ...rest] = parseIcs(await response.text());
    expect(rest).toHaveLength(0);
    expect(only!.event.uid).toBe(created.apero.url);

    const unknown = await get("/events/00000000-0000-0000-0000-000000000000.ics");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/not found/);
    expect((await get(`/events/${created.doomed.id}.ics`)).status).toBe(410);
    const page = await get(`/events/${created.apero.id}`, { Accept: "text/html" });
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("answers 304 to If-None-Match and If-Modified-Since, and 200 again once the feed changed", async () => {
    const first = await get("/calendar.ics");
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(Date.parse(lastModified)).not.toBeNaN();
    const byEtag = await get("/calendar.ics", { "If-None-Match": etag });
    expect(byEtag.status).toBe(304);
    expect(await byEtag.text()).toBe("");
    expect(byEtag.headers.get("etag")).toBe(etag);
    expect((await get("/calendar.ics", { "If-Modified-Since": lastModified })).status).toBe(304);
    expect((await get("/calendar.ics", { "If-None-Match": '"other"' })).status).toBe(200);

    // A deletion moves no remaining event's updatedAt: both validators must still see the change.
    const extra = await create({ title: "Short-lived", startsAt: `${extraDay}T10:00`, endsAt: `${extraDay}T11:00` });
    const withExtra = await get("/calendar.ics");
    const [etagWith, modifiedWith] = [withExtra.headers.get("etag")!, withExtra.headers.get("last-modified")!];
    expect((await get("/calendar.ics", { "If-Modified-Since": modifiedWith })).status).toBe(304);
    expect((await api(node, "DELETE", `/api/admin/events/${extra.id}`, token)).status).toBe(204);
    const afterDelete = await get("/calendar.ics", { "If-Modified-Since": modifiedWith });
    expect(afterDelete.status).toBe(200);
    expect(await afterDelete.text()).not.toContain("Short-lived");
    expect(Date.parse(afterDelete.headers.get("last-modified")!)).toBeGreaterThan(Date.parse(modifiedWith));
    expect((await get("/calendar.ics", { "If-None-Match": etagWith })).status).toBe(200);
    await api(node, "PATCH", `/api/admin/events/${created.apero.id}`, token, { title: "Apéro fédéré (salle 2)" });
    expect((await get("/calendar.ics", { "If-None-Match": etag })).status).toBe(200);
    expect((await get(`/events/${created.apero.id}.ics`, { "If-None-Match": etag })).status).toBe(200);
  });

  it("rejects bad query parameters with a 400 that names them", async () => {
    const repeated = await get("/calendar.ics?city=Paris&city=Lyon");
    expect(repeated.status).toBe(400);
    expect((await repeated.json()).error).toMatch(/"city"/);
    const long = await get(`/feeds/events.atom?q=${"x".repeat(300)}`);
    expect(long.status).toBe(400);
    expect((await long.json()).error).toMatch(/"q"/);
  });

  it("serves Atom feeds of upcoming events and projects that parse as XML", async () => {
    const response = await get("/feeds/events.atom");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const text = await response.text();
    expect(text.startsWith("<?xml")).toBe(true);
    expect(XMLValidator.validate(text)).toBe(true);
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" || name === "category" });
    const feed = parser.parse(text).feed;
    expect(feed.entry).toHaveLength(live().length);
    const titles = feed.entry.map((e: any) => e.title["#text"]);
    expect(titles).toEqual(expect.arrayContaining(["Apéro fédéré (salle 2)", "Atelier annulé", "Journée portes ouvertes", "Mardis du code"]));
    const cancelled = feed.entry.find((e: any) => e.id === created.cancelled.url);
    expect(cancelled.summary["#text"]).toMatch(/ANNULÉ|CANCELLED/);
    expect(cancelled.link["@_href"]).toBe(created.cancelled.url);
    expect(cancelled.category.map((c: any) => c["@_term"])).toEqual(["feedtest"]);
    expect(cancelled.author.name).toBe("La Cantine paris");
    expect((await get("/feeds/events.atom", { "If-None-Match": response.headers.get("etag")! })).status).toBe(304);

    const projects = parser.parse(await (await get("/feeds/projects.atom")).text()).feed;
    expect(projects.entry.map((e: any) => [e.id, e.title["#text"]])).toEqual([[created.project.url, "Vélo & cargo"]]);
  });
});
