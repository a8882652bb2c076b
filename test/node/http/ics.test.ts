// The iCalendar presenter, read back by an independent parser (ical.js) rather than by our own
// assumptions: instants through the VTIMEZONEs we emit, escaping, folding at 75 octets.
import { beforeEach, describe, expect, it } from "@jest/globals";
import ICAL from "ical.js";
import type { CantineEvent } from "../../../node/domain/events/event.ts";
import type { CalendarEntry, Cantine } from "../../../node/domain/network/cantines.ts";
import { escapeText, foldLine, renderCalendar } from "../../../node/http/feeds/ics.ts";
import { renderVTimezone } from "../../../node/http/feeds/vtimezone.ts";

const paris: Cantine = {
  actorId: "https://paris.example/users/paris",
  local: true,
  handle: "paris@paris.example",
  name: 'La Cantine "Paris"',
  city: "Paris",
  country: "FR",
  timezone: "Europe/Paris",
  url: "https://paris.example/users/paris",
  icon: null,
  actorType: "Organization",
};

let counter = 0;
function event(overrides: Partial<CantineEvent> = {}): CantineEvent {
  const id = `ev-${++counter}`;
  return {
    id,
    apId: `https://paris.example/events/${id}`,
    url: `https://paris.example/events/${id}`,
    local: true,
    actorId: paris.actorId,
    title: "Apéro",
    description: null,
    descriptionHtml: "<p>Hello</p>",
    startsAt: "2026-12-08T18:00:00Z",
    endsAt: "2026-12-08T20:00:00Z",
    timezone: "Europe/Paris",
    allDay: false,
    location: null,
    organizer: null,
    tags: [],
    image: null,
    language: "fr",
    status: "scheduled",
    capacity: null,
    registrationUrl: null,
    category: null,
    seriesId: null,
    detached: false,
    publishedAt: "2026-11-01T10:00:00Z",
    updatedAt: "2026-11-02T10:00:00Z",
    sequence: 0,
    ...overrides,
  };
}

const entry = (e: CantineEvent): CalendarEntry => ({ event: e, source: paris, via: null });
const now = new Date("2026-11-28T12:00:00Z");
const render = (events: CantineEvent[]) => renderCalendar(events.map(entry), { name: "Cantine, Paris; test", now });

/** Parses with ical.js, registering our VTIMEZONEs so that TZID times resolve through them. */
function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  const events = root.getAllSubcomponents("vevent").map((c) => ({ component: c, event: new ICAL.Event(c) }));
  return { root, events };
}

const byUid = (parsed: ReturnType<typeof parse>, e: CantineEvent) => parsed.events.find((p) => p.event.uid === e.apId)!;
const tzidOf = (p: ReturnType<typeof byUid>) => p.component.getFirstProperty("dtstart")!.getParameter("tzid");

beforeEach(() => ICAL.TimezoneService.reset());

describe("renderCalendar read back by ical.js", () => {
  it("has the calendar properties, CRLF line ends and one VTIMEZONE per zone", () => {
    const text = render([event(), event({ timezone: "America/Los_Angeles", startsAt: "2027-01-10T03:00:00Z", endsAt: null })]);
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cantine//Cantine node//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const { root } = parse(text);
    expect(text).toContain("\r\nX-WR-CALNAME:Cantine\\, Paris\\; test\r\n"); // TEXT, escaped (ical.js reads X- values raw)
    expect(
      root
        .getAllSubcomponents("vtimezone")
        .map((tz) => tz.getFirstPropertyValue("tzid"))
        .sort(),
    ).toEqual(["America/Los_Angeles", "Europe/Paris"]);
    expect(root.getFirstPropertyValue("x-wr-timezone")).toBeNull(); // one event each: no zone dominates
  });

  it("reads back each event's instant, zone, status, UID and SEQUENCE", () => {
    const events = [
      event({ sequence: 3 }),
      event({ status: "cancelled", startsAt: "2027-02-01T09:30:00Z", endsAt: "2027-02-01T11:00:00Z" }),
      event({ status: "postponed", timezone: "America/Los_Angeles", startsAt: "2027-03-15T02:00:00Z", endsAt: "2027-03-15T04:00:00Z" }),
      event({ timezone: "America/Sao_Paulo", startsAt: "2026-12-10T22:00:00Z", endsAt: "2026-12-11T01:00:00Z" }),
      event({ timezone: "UTC", startsAt: "2027-05-05T05:05:00Z", endsAt: null }),
    ];
    const parsed = parse(render(events));
    expect(parsed.events).toHaveLength(events.length);
    for (const e of events) {
      const p = byUid(parsed, e);
      expect(p.event.startDate.toJSDate().toISOString()).toBe(new Date(e.startsAt).toISOString());
      if (e.endsAt) expect(p.event.endDate.toJSDate().toISOString()).toBe(new Date(e.endsAt).toISOString());
      expect(tzidOf(p)).toBe(e.timezone);
      expect(p.event.sequence).toBe(e.sequence);
      expect(p.component.getFirstPropertyValue("status")).toBe({ scheduled: "CONFIRMED", cancelled: "CANCELLED", postponed: "TENTATIVE" }[e.status]);
      expect(p.component.getFirstPropertyValue("dtstamp")!.toString()).toBe("2026-11-02T10:00:00Z");
    }
    // Local wall-clock times as written: 19:00 Paris, 19:00 LA (PDT), 19:00 São Paulo (UTC−3).
    expect(byUid(parsed, events[0]!).event.startDate.toString()).toBe("2026-12-08T19:00:00");
    expect(byUid(parsed, events[2]!).event.startDate.toString()).toBe("2027-03-14T19:00:00");
    expect(byUid(parsed, events[3]!).event.startDate.toString()).toBe("2026-12-10T19:00:00");
  });

  it("keeps a weekly 19:00 Paris series at 19:00 across the 25 October 2026 change (17:00Z, then 18:00Z)", () => {
    const starts = ["2026-10-13T17:00:00Z", "2026-10-20T17:00:00Z", "2026-10-27T18:00:00Z", "2026-11-03T18:00:00Z"];
    const series = starts.map((startsAt) => event({ startsAt, endsAt: new Date(Date.parse(startsAt) + 7_200_000).toISOString(), seriesId: "s1" }));
    const text = render(series);
    expect(text).toContain("X-WR-TIMEZONE:Europe/Paris");
    const parsed = parse(text);
    for (const e of series) {
      const start = byUid(parsed, e).event.startDate;
      expect([start.hour, start.minute]).toEqual([19, 0]);
      expect(start.toUnixTime()).toBe(Date.parse(e.startsAt) / 1000);
    }
    expect(text).toContain("DTSTART;TZID=Europe/Paris:20261027T190000\r\n");
  });

  it("writes all-day events as VALUE=DATE with the exclusive end date", () => {
    const oneDay = event({ allDay: true, startsAt: "2026-12-07T23:00:00Z", endsAt: "2026-12-08T23:00:00Z" });
    const weekend = event({ allDay: true, timezone: "America/Sao_Paulo", startsAt: "2027-01-09T03:00:00Z", endsAt: "2027-01-11T03:00:00Z" });
    const text = render([oneDay, weekend]);
    expect(text).toContain("DTSTART;VALUE=DATE:20261208\r\nDTEND;VALUE=DATE:20261209\r\n");
    expect(text).toContain("DTSTART;VALUE=DATE:20270109\r\nDTEND;VALUE=DATE:20270111\r\n");
    const p = byUid(parse(text), oneDay);
    expect(p.event.startDate.isDate).toBe(true);
    expect(p.event.startDate.toString()).toBe("2026-12-08");
    expect(p.event.endDate.toString()).toBe("2026-12-09");
  });

  it("escapes , ; \\ and newlines so that they round-trip, in text and in CATEGORIES", () => {
    const tricky = "Code, café; back\\slash\nsecond line";
    const e = event({ title: tricky, descriptionHtml: "<p>One, two; three</p><p>C:\\path</p>", tags: ["a,b", "c;d"] });
    const text = render([e]);
    expect(text).toContain("SUMMARY:Code\\, café\\; back\\\\slash\\nsecond line\r\n");
    const p = byUid(parse(text), e);
    expect(p.event.summary).toBe(tricky);
    expect(p.event.description).toBe("One, two; three\n\nC:\\path");
    expect(p.component.getFirstProperty("categories")!.getValues()).toEqual(["a,b", "c;d"]);
    expect(escapeText("a\r\nb\rc\u0007")).toBe("a\\nb\\nc");
  });

  it("fills URL, LOCATION, GEO and ORGANIZER; online-only events show their link as the place", () => {
    const inRoom = event({ location: { name: "La Cantine", room: "Salle 1", address: "151 rue Montmartre, 75002 Paris", lat: 48.8686, lon: 2.3441 } });
    const online = event({ location: { url: "https://meet.example/room" }, registrationUrl: "https://paris.example/register" });
    const parsed = parse(render([inRoom, online]));
    const room = byUid(parsed, inRoom).component;
    expect(room.getFirstPropertyValue("location")).toBe("La Cantine, Salle 1, 151 rue Montmartre, 75002 Paris");
    expect(room.getFirstPropertyValue("geo")).toEqual([48.8686, 2.3441]);
    expect(room.getFirstPropertyValue("url")).toBe(inRoom.url);
    const organizer = room.getFirstProperty("organizer")!;
    expect(organizer.getFirstValue()).toBe(paris.url);
    expect(organizer.getParameter("cn")).toBe("La Cantine 'Paris'");
    const remote = byUid(parsed, online).component;
    expect(remote.getFirstPropertyValue("location")).toBe("https://meet.example/room");
    expect(remote.getFirstPropertyValue("description")).toContain("Registration: https://paris.example/register");
  });

  it("folds at 75 octets without splitting UTF-8 characters, and unfolds to the original", () => {
    const title = `${"é".repeat(40)} São João ${"ã".repeat(30)} 日本語のイベント ${"日本".repeat(30)} 🎉🎉🎉 end`;
    const longText = `${"word ".repeat(60)}${"x".repeat(200)}`;
    const e = event({ title, descriptionHtml: `<p>${longText}</p>` });
    const text = render([e]);
    const bytes = Buffer.from(text, "utf8");
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let start = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
      const line = bytes.subarray(start, i);
      expect(line.length).toBeLessThanOrEqual(75);
      expect(() => decoder.decode(line)).not.toThrow(); // each physical line is whole UTF-8
      start = i + 2;
    }
    const unfolded = text.replace(/\r\n /g, "").split("\r\n");
    expect(unfolded).toContain(`SUMMARY:${title}`);
    expect(unfolded).toContain(`DESCRIPTION:${longText.trim()}`);
    expect(text.split("\r\n").filter((l) => l.startsWith(" ")).length).toBeGreaterThan(5);
    const p = byUid(parse(text), e);
    expect(p.event.summary).toBe(title);
    expect(p.event.description).toBe(longText.trim());
  });

  it("folds a line of exactly 75 octets not at all, and 76 into 75 + 1 continuation", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
    expect(foldLine(`${"x".repeat(74)}é`)).toBe(`${"x".repeat(74)}\r\n é`);
  });

  it("stays a valid calendar when empty (one VTIMEZONE as the required component)", () => {
    const text = renderCalendar([], { name: "Empty", now, timezone: "Europe/Paris" });
    const { root, events } = parse(text);
    expect(events).toHaveLength(0);
    expect(root.getAllSubcomponents("vtimezone")).toHaveLength(1);
  });
});

describe("renderVTimezone", () => {
  const observances = (lines: string[]) => {
    const text = lines.join("\n");
    return [...text.matchAll(/BEGIN:(STANDARD|DAYLIGHT)\nDTSTART:(\w+)\nTZOFFSETFROM:([+-]\d+)\nTZOFFSETTO:([+-]\d+)/g)].map((m) => m.slice(1).join(" "));
  };

  it("lists Paris's real 2026 changes, each DTSTART in local time before the change", () => {
    expect(observances(renderVTimezone("Europe/Paris", 2026, 2026))).toEqual([
      "STANDARD 20251026T030000 +0200 +0100",
      "DAYLIGHT 20260329T020000 +0100 +0200",
      "STANDARD 20261025T030000 +0200 +0100",
    ]);
  });

  it("gives Los Angeles its US dates and São Paulo (no DST since 2019) its last change", () => {
    expect(observances(renderVTimezone("America/Los_Angeles", 2027, 2027))).toEqual([
      "STANDARD 20261101T020000 -0700 -0800",
      "DAYLIGHT 20270314T020000 -0800 -0700",
      "STANDARD 20271107T020000 -0700 -0800",
    ]);
    expect(observances(renderVTimezone("America/Sao_Paulo", 2025, 2028))).toEqual(["STANDARD 20190217T000000 -0200 -0300"]);
  });

  it("writes a fixed observance for UTC", () => {
    expect(renderVTimezone("UTC", 2026, 2027)).toEqual([
      "BEGIN:VTIMEZONE",
      "TZID:UTC",
      "BEGIN:STANDARD",
      "DTSTART:19700101T000000",
      "TZOFFSETFROM:+0000",
      "TZOFFSETTO:+0000",
      "END:STANDARD",
      "END:VTIMEZONE",
    ]);
  });
});

describe("renderCalendar for remote events kept in a fixed offset", () => {
  // What ical.js shows: the wall-clock time in the event's own zone, and the instant.
  const local = (p: ReturnType<typeof byUid>) => {
    const start = p.event.startDate;
    return { time: `${String(start.hour).padStart(2, "0")}:${String(start.minute).padStart(2, "0")}`, instant: start.toJSDate().toISOString() };
  };

  it("writes a whole-hour offset as its Etc/GMT zone (signs inverted) and keeps the local time", () => {
    const gancio = event({ local: false, timezone: "+01:00", startsAt: "2026-12-08T16:30:00Z", endsAt: "2026-12-08T18:00:00Z" });
    const western = event({ local: false, timezone: "-03:00", startsAt: "2026-12-08T22:00:00Z", endsAt: null });
    const text = render([gancio, western]);
    const parsed = parse(text);
    expect(tzidOf(byUid(parsed, gancio))).toBe("Etc/GMT-1");
    expect(tzidOf(byUid(parsed, western))).toBe("Etc/GMT+3");
    expect(local(byUid(parsed, gancio))).toEqual({ time: "17:30", instant: "2026-12-08T16:30:00.000Z" });
    expect(byUid(parsed, gancio).event.endDate.hour).toBe(19);
    expect(local(byUid(parsed, western))).toEqual({ time: "19:00", instant: "2026-12-08T22:00:00.000Z" });
    expect(
      parsed.root
        .getAllSubcomponents("vtimezone")
        .map((tz) => tz.getFirstPropertyValue("tzid"))
        .sort(),
    ).toEqual(["Etc/GMT+3", "Etc/GMT-1"]);
    expect(text).toContain("TZID:Etc/GMT-1\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\n");
  });

  it("gives a half-hour offset a fixed VTIMEZONE of its own, with a TZID that needs no quoting", () => {
    const kolkata = event({ local: false, timezone: "+05:30", startsAt: "2026-12-08T13:30:00Z", endsAt: "2026-12-08T16:00:00Z" });
    const next = event({ local: false, timezone: "+05:30", startsAt: "2026-12-09T13:30:00Z", endsAt: null });
    const text = render([kolkata, next, event()]); // two of three events in +05:30: it would "dominate"
    expect(text).toContain("\r\nDTSTART;TZID=UTC+0530:20261208T190000\r\n");
    expect(text).toContain("TZID:UTC+0530\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\n");
    // X-WR-TIMEZONE is read as an IANA name: a fixed offset never claims it.
    expect(text).not.toContain("X-WR-TIMEZONE");
    const parsed = parse(text);
    expect(local(byUid(parsed, kolkata))).toEqual({ time: "19:00", instant: "2026-12-08T13:30:00.000Z" });
    expect(byUid(parsed, kolkata).event.endDate.toJSDate().toISOString()).toBe("2026-12-08T16:00:00.000Z");
  });

  it("keeps an all-day event in a fixed offset on its own dates", () => {
    const fair = event({ local: false, timezone: "+05:30", allDay: true, startsAt: "2026-12-07T18:30:00Z", endsAt: "2026-12-09T18:30:00Z" });
    const text = render([fair]);
    expect(text).toContain("\r\nDTSTART;VALUE=DATE:20261208\r\nDTEND;VALUE=DATE:20261210\r\n");
  });
});
