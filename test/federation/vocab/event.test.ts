import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import type { EventJsonOptions, EventUris } from "../../../federation/vocab/event.ts";
import { fromEventJson, toEventJson } from "../../../federation/vocab/event.ts";
import type { CantineEvent } from "../../../node/domain/events/event.ts";
import { readJsonFixture } from "../../helpers/fixtures.ts";

const GOLDEN = new URL("../../fixtures/golden/event.json", import.meta.url);

const uris: EventUris = { actorId: "https://paris.cantine.example/actor", followersUrl: "https://paris.cantine.example/actor/followers" };
const venue: EventJsonOptions = {
  locale: "en",
  venueName: "La Cantine",
  venueAddress: "151 rue Montmartre, 75002 Paris",
  venueCity: "Paris",
  venueCountry: "France",
};

/** 19:00–21:00 Europe/Paris on Tuesday 3 November 2026 (UTC+1), hybrid, with everything set. */
const event: CantineEvent = {
  id: "0b9d3c1e-7d1c-4c55-9f62-2f9b8a3f6a10",
  apId: "https://paris.cantine.example/events/0b9d3c1e-7d1c-4c55-9f62-2f9b8a3f6a10",
  url: "https://paris.cantine.example/events/0b9d3c1e-7d1c-4c55-9f62-2f9b8a3f6a10",
  local: true,
  actorId: "https://paris.cantine.example/actor",
  title: "Fediverse night: events & calendars",
  description: "Talks about **federated calendars**.",
  descriptionHtml: "<p>Talks about <strong>federated calendars</strong>.</p>",
  startsAt: "2026-11-03T18:00:00Z",
  endsAt: "2026-11-03T20:00:00Z",
  timezone: "Europe/Paris",
  allDay: false,
  location: { name: "La Cantine", address: "151 rue Montmartre, 75002 Paris", lat: 48.8698, lon: 2.3431, url: "https://meet.example.org/fediverse-night" },
  organizer: "Paris Fediverse Meetup",
  tags: ["fediverse", "calendars", "open-source"],
  image: { url: "https://paris.cantine.example/media/fediverse-night.jpg", alt: "People around a table with laptops" },
  language: "en",
  status: "scheduled",
  capacity: 80,
  registrationUrl: "https://tickets.example.org/fediverse-night",
  category: "SCIENCE_TECH",
  seriesId: null,
  detached: false,
  publishedAt: "2026-10-01T09:00:00Z",
  updatedAt: "2026-10-02T10:30:00Z",
  sequence: 2,
};

function read(json: unknown) {
  const result = fromEventJson(json);
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.event;
}

function reasonOf(json: unknown): string {
  const result = fromEventJson(json);
  if (result.ok) throw new Error("expected a refusal");
  return result.reason;
}

const objectOf = (name: string) => readJsonFixture<{ object: Record<string, unknown> }>("peers", name).object;

describe("toEventJson", () => {
  it("matches the reviewed golden file", () => {
    const golden: unknown = JSON.parse(readFileSync(GOLDEN, "utf8"));
    expect(toEventJson(event, uris, venue)).toEqual(golden);
  });

  it("writes wall times with the zone's offset, and the zone", () => {
    const json = toEventJson(event, uris, venue);
    expect(json.startTime).toBe("2026-11-03T19:00:00+01:00");
    expect(json.endTime).toBe("2026-11-03T21:00:00+01:00");
    expect(json.timezone).toBe("Europe/Paris");
    const summer = toEventJson({ ...event, startsAt: "2026-07-01T17:00:00Z", endsAt: null }, uris, venue);
    expect(summer.startTime).toBe("2026-07-01T19:00:00+02:00");
  });

  it("announces a cancelled event in the summary and in every status field", () => {
    const json = toEventJson({ ...event, status: "cancelled" }, uris, venue);
    expect(json.summary).toMatch(/^<p>CANCELLED — Tuesday 3 November 2026/);
    expect([json.eventStatus, json.status, json["ical:status"]]).toEqual(["EventCancelled", "CANCELLED", undefined]);
    expect(toEventJson({ ...event, status: "cancelled" }, uris, { ...venue, locale: "fr" }).summary).toMatch(/^<p>ANNULÉ — mardi 3 novembre 2026/);
    const postponed = toEventJson({ ...event, status: "postponed" }, uris, venue);
    expect([postponed.eventStatus, postponed.status]).toEqual(["EventPostponed", "TENTATIVE"]);
  });

  it("gives an open end a machine end time that is not to be displayed (FEP-8a8e)", () => {
    const json = toEventJson({ ...event, endsAt: null }, uris, venue);
    expect(json.endTime).toBe("2026-11-03T21:00:00+01:00");
    expect(json.displayEndTime).toBe(false);
    expect(read(json).endsAt).toBeNull();
  });

  it("puts an event without a location at the venue, as a PostalAddress", () => {
    const json = toEventJson({ ...event, location: null }, uris, venue);
    expect(json.location).toEqual({
      type: "Place",
      name: "La Cantine",
      address: { type: "PostalAddress", streetAddress: "151 rue Montmartre, 75002 Paris", addressLocality: "Paris", addressCountry: "France" },
    });
    expect(json.isOnline).toBe(false);
    expect(json.summary).toContain(" · La Cantine, 151 rue Montmartre, 75002 Paris</p>");
  });

  it("says how people take part (FEP-8a8e joinMode) and counts them as Mobilizon does", () => {
    const attendance = { going: 30, waiting: 4, pending: 2, maybe: 1, capacity: 80, remaining: 50 };
    const free = toEventJson({ ...event, registrationUrl: null }, uris, venue, attendance);
    expect(free).toMatchObject({ joinMode: "free", maximumAttendeeCapacity: 80, participantCount: 30, remainingAttendeeCapacity: 50 });
    expect(free).not.toHaveProperty("externalParticipationUrl");
    const full = toEventJson({ ...event, participation: "restricted", capacity: 20 }, uris, venue, attendance);
    expect(full).toMatchObject({ joinMode: "restricted", participantCount: 30, remainingAttendeeCapacity: 0 });
    expect(full).not.toHaveProperty("externalParticipationUrl");
    const external = toEventJson(event, uris, venue, attendance);
    expect(external).toMatchObject({ joinMode: "external", externalParticipationUrl: event.registrationUrl, maximumAttendeeCapacity: 80 });
    for (const key of ["participantCount", "remainingAttendeeCapacity"]) expect(external).not.toHaveProperty(key);
    const none = toEventJson({ ...event, participation: "none" }, uris, venue, attendance);
    expect(none.joinMode).toBe("none");
    expect(none).not.toHaveProperty("participantCount");
  });

  it("marks an online-only event for Mobilizon and FEP-8a8e readers", () => {
    const json = toEventJson({ ...event, location: { url: "https://meet.example.org/x" } }, uris, venue);
    expect(json.location).toEqual({ type: "VirtualLocation", name: "meet.example.org", url: "https://meet.example.org/x" });
    expect(json.isOnline).toBe(true);
    expect(json.attachment).toContainEqual({ type: "Link", name: "Website", mediaType: "text/html", href: "https://meet.example.org/x" });
    expect(json.summary).toContain(" · Online</p>");
  });

  it("escapes the summary, leaves out what is unknown and never lies about the image type", () => {
    const json = toEventJson(
      {
        ...event,
        location: { name: "<b>Bar</b> & co" },
        image: { url: "https://paris.cantine.example/media/banner" },
        registrationUrl: null,
        capacity: null,
        category: null,
        language: null,
        organizer: null,
      },
      uris,
      venue,
    );
    expect(json.summary).toContain("&lt;b&gt;Bar&lt;/b&gt; &amp; co");
    expect(json.image).toEqual({ type: "Image", url: "https://paris.cantine.example/media/banner" });
    // Without a registration link, people take part here: free, nobody yet, no capacity to count down.
    expect(json.joinMode).toBe("free");
    expect(json.participantCount).toBe(0);
    for (const key of ["externalParticipationUrl", "maximumAttendeeCapacity", "remainingAttendeeCapacity", "category", "inLanguage", "contentMap"]) {
      expect(json).not.toHaveProperty(key);
    }
    expect(json.organizers).toEqual({ type: "Collection", totalItems: 1, items: [uris.actorId] });
  });

  it("uses the announcement time for published, not the start", () => {
    const json = toEventJson(event, uris, venue);
    expect(json.published).toBe("2026-10-01T09:00:00Z");
    expect(json.updated).toBe("2026-10-02T10:30:00Z");
  });
});

describe("fromEventJson(toEventJson(event))", () => {
  it("keeps what a cantine needs", () => {
    const back = read(toEventJson(event, uris, venue));
    expect(back).toMatchObject({
      apId: event.apId,
      url: event.url,
      actorId: uris.actorId,
      title: event.title,
      descriptionHtml: event.descriptionHtml,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timezone: "Europe/Paris",
      allDay: false,
      status: "scheduled",
      image: { url: event.image!.url, alt: event.image!.alt, mediaType: "image/jpeg" },
      registrationUrl: event.registrationUrl,
      category: "SCIENCE_TECH",
      capacity: 80,
      language: "en",
      organizer: "Paris Fediverse Meetup",
      publishedAt: event.publishedAt,
      updatedAt: event.updatedAt,
    });
    // The venue's country is added to the address; Mastodon-safe names drop the hyphen.
    expect(back.location).toEqual({ ...event.location, address: "151 rue Montmartre, 75002 Paris, France" });
    expect(back.tags).toEqual(["fediverse", "calendars", "opensource"]);
  });

  it("keeps statuses, all-day events and other zones", () => {
    for (const status of ["scheduled", "cancelled", "postponed"] as const) {
      expect(read(toEventJson({ ...event, status }, uris, venue)).status).toBe(status);
    }
    const allDay = { ...event, allDay: true, startsAt: "2026-11-04T23:00:00Z", endsAt: "2026-11-06T23:00:00Z" };
    expect(read(toEventJson(allDay, uris, venue))).toMatchObject({ allDay: true, startsAt: allDay.startsAt, endsAt: allDay.endsAt });
    const saoPaulo = { ...event, timezone: "America/Sao_Paulo", startsAt: "2026-11-03T22:00:00Z", endsAt: null, location: null };
    const json = toEventJson(saoPaulo, uris, venue);
    expect(json.startTime).toBe("2026-11-03T19:00:00-03:00");
    expect(read(json)).toMatchObject({ timezone: "America/Sao_Paulo", startsAt: saoPaulo.startsAt, endsAt: null, allDay: false });
  });
});

describe("fromEventJson on peers' events", () => {
  it("reads Mobilizon's captured event (old shape: geo block, lowercase category, ical:status)", () => {
    const received = read(readJsonFixture("peers", "mobilizon-event.json"));
    expect(received).toMatchObject({
      apId: "https://mobilizon.org/events/252d5816-00a3-4a89-a66f-15bf65c33e39",
      url: "https://mobilizon.org/events/252d5816-00a3-4a89-a66f-15bf65c33e39",
      actorId: "https://mobilizon.org/@tcit",
      title: "Mobilizon Launching Party",
      startsAt: "2019-12-18T13:00:00Z",
      endsAt: "2019-12-18T14:00:00Z",
      timezone: "UTC",
      allDay: false,
      status: "scheduled",
      category: "MEETING",
      capacity: null,
      registrationUrl: null,
      image: null,
      language: null,
      publishedAt: "2019-12-17T11:33:56Z",
      updatedAt: "2019-12-17T12:25:01Z",
    });
    // Coordinates as sent (Mobilizon 1.0 swapped them), both within range.
    expect(received.location).toEqual({
      name: "Cour du Château des Ducs de Bretagne",
      address: "Nantes, Pays de la Loire, France",
      lat: -1.54939699141711,
      lon: 47.21617415,
    });
    expect(received.tags).toEqual(["Mobilizon", "Federation", "ActivityPub", "Party"]);
    expect(received.descriptionHtml).toContain("<strong>participate</strong>");
  });

  it("reads Mobilizon's Create: PostalAddress, Website link as the online address, no end", () => {
    const received = read(objectOf("mobilizon-event-create.json"));
    expect(received).toMatchObject({
      apId: "https://mobilizon.fr/events/39a0c4a6-f2b6-41dc-bbe2-fc5bff76cc93",
      actorId: "https://mobilizon.fr/@metacartes",
      title: "My first event",
      startsAt: "2018-02-12T14:08:20Z",
      endsAt: null,
      timezone: "UTC",
      status: "scheduled",
      tags: [],
      image: null,
      category: null,
    });
    expect(received.location).toEqual({
      name: "Locaux de Framasoft",
      address: "10 Rue Jangot, 69007 Lyon, Auvergne Rhône Alpes, France",
      url: "https://google.com",
    });
    expect(received.descriptionHtml).toBe(
      '<p><span><a href="https://framapiaf.org/users/tcit" rel="nofollow noopener noreferrer">@<span>tcit</span></a></span></p>',
    );
  });

  it("reads Mobilizon's group event: attributed to the Group, no location, id as url", () => {
    const received = read(objectOf("mobilizon-group-event-create.json"));
    expect(received).toMatchObject({
      apId: "http://mobilizon1.com/events/f270ae07-7991-453c-9bb7-3d2122ededae",
      url: "http://mobilizon1.com/events/f270ae07-7991-453c-9bb7-3d2122ededae",
      actorId: "http://mobilizon1.com/@group",
      startsAt: "2018-02-12T14:08:20Z",
      endsAt: null,
      timezone: "UTC",
      location: null,
      tags: [],
      status: "scheduled",
    });
  });

  it("reads Gancio's event: offset times, plain-text address, null coordinates", () => {
    const received = read(readJsonFixture("peers", "gancio-event.json"));
    expect(received).toMatchObject({
      apId: "https://demo.gancio.org/federation/m/1",
      url: "https://demo.gancio.org/event/demo-event",
      actorId: "https://demo.gancio.org/federation/u/customized",
      title: "Demo event",
      startsAt: "2021-07-14T15:30:57Z",
      endsAt: "2021-07-14T16:30:57Z",
      timezone: "+02:00",
      location: { name: "Colosseo", address: "Piazza del Colosseo, Rome" },
      tags: ["test"],
      status: "scheduled",
      image: null,
      descriptionHtml: "",
      summary: "Colosseo, Wednesday, 14 July (17:30)",
      publishedAt: "2021-07-01T22:33:36.543Z",
    });
  });

  it("reads Gancio 1.0's Create: a name-only location and plain-text content", () => {
    const received = read(objectOf("gancio-event-create.json"));
    expect(received).toMatchObject({
      startsAt: "2021-07-14T15:30:57Z",
      endsAt: "2021-07-14T16:30:57Z",
      location: { name: "Colosseo" },
      tags: ["test"],
      status: "scheduled",
      summary: "📍 Colosseo 📅 Wednesday, 14 July (17:30)",
      descriptionHtml: "<p>📍 Colosseo<br />📅 Wednesday, 14 July (17:30)</p>",
    });
  });

  it("reads FEP-8a8e status values, full IRIs and iCalendar fallbacks in any case", () => {
    const base = { ...objectOf("gancio-event-create.json") };
    expect(read({ ...base, eventStatus: "https://w3id.org/fep/8a8e/EventCancelled" }).status).toBe("cancelled");
    expect(read({ ...base, status: "cancelled" }).status).toBe("cancelled");
    expect(read({ ...base, "ical:status": "CANCELLED" }).status).toBe("cancelled");
    expect(read({ ...base, eventStatus: "EventPostponed", status: "CONFIRMED" }).status).toBe("postponed");
    expect(read({ ...base, status: "TENTATIVE" }).status).toBe("scheduled");
  });

  it("takes the zone from `timezone`, else from a bracketed zone, and reads floating times in it", () => {
    const base = { ...objectOf("gancio-event-create.json") };
    expect(read({ ...base, timezone: "Europe/Rome" })).toMatchObject({ timezone: "Europe/Rome", startsAt: "2021-07-14T15:30:57Z" });
    expect(read({ ...base, timezone: "Mars/Olympus" }).timezone).toBe("+02:00");
    expect(read({ ...base, startTime: "2021-07-14T17:30:00+02:00[Europe/Rome]", endTime: null }).timezone).toBe("Europe/Rome");
    expect(read({ ...base, startTime: "2021-07-14T17:30:00", endTime: null, timezone: "Europe/Rome" }).startsAt).toBe("2021-07-14T15:30:00Z");
  });

  it("reads the image from attachments without mediaType (Mobilizon PropertyValue metadata) or from `image`", () => {
    const base = { ...objectOf("gancio-event-create.json") };
    const attachment = [
      { type: "PropertyValue", propertyID: "mz:live:peertube:url", value: "https://tube.example/w/1" },
      { type: "Document", mediaType: "image/png", url: "https://m.example/banner.png", name: "Banner" },
    ];
    expect(read({ ...base, attachment }).image).toEqual({ url: "https://m.example/banner.png", mediaType: "image/png" });
    expect(read({ ...base, image: { type: "Image", url: [{ type: "Link", href: "https://m.example/a.webp" }] } }).image).toEqual({
      url: "https://m.example/a.webp",
    });
    expect(read({ ...base, attachment: [{ type: "Document", mediaType: "application/pdf", url: "https://m.example/x.pdf" }] }).image).toBeNull();
  });

  it("reads registration only for joinMode external, and bounded capacity", () => {
    const base = { ...objectOf("gancio-event-create.json") };
    expect(read({ ...base, joinMode: "EXTERNAL", externalParticipationUrl: "mailto:rsvp@example.org" }).registrationUrl).toBe("mailto:rsvp@example.org");
    expect(read({ ...base, joinMode: "free", externalParticipationUrl: "https://x.example" }).registrationUrl).toBeNull();
    expect(read({ ...base, maximumAttendeeCapacity: 2.5 }).capacity).toBeNull();
    expect(read({ ...base, maximumAttendeeCapacity: 1e12 }).capacity).toBeNull();
  });
});

describe("fromEventJson on hostile input", () => {
  const base = objectOf("gancio-event-create.json");

  it("refuses non-objects and missing essentials with a reason", () => {
    for (const junk of [null, undefined, 42, "event", [], [base], true]) expect(reasonOf(junk)).toBe("not a JSON object");
    expect(reasonOf({ ...base, type: "Note" })).toBe("type is not Event");
    expect(reasonOf({ ...base, id: "javascript:alert(1)" })).toBe("id is not an http(s) URL");
    expect(reasonOf({ ...base, id: { id: "https://x.example" } })).toBe("id is not an http(s) URL");
    expect(reasonOf({ ...base, name: " \u0000\n\u2028 " })).toBe("name is missing or empty");
    expect(reasonOf({ ...base, attributedTo: "javascript:alert(1)" })).toBe("attributedTo is missing");
    expect(reasonOf({ ...base, startTime: "next tuesday" })).toBe("startTime is missing or not a date-time");
    expect(reasonOf({ ...base, startTime: "1999-12-31T23:00:00Z" })).toBe("date outside 2000–2100");
    expect(reasonOf({ ...base, endTime: "2101-01-01T00:00:00Z" })).toBe("date outside 2000–2100");
  });

  it("keeps names as the plain text they are (pages and feeds escape them) and cuts huge ones", () => {
    expect(read({ ...base, name: "<script>alert(1)</script>Party <b>now</b>" }).title).toBe("<script>alert(1)</script>Party <b>now</b>");
    expect(read({ ...base, name: "C++ <Rust> &amp; co\u0007" }).title).toBe("C++ <Rust> &amp; co");
    const huge = read({ ...base, name: "A".repeat(1_000_000) });
    expect(Array.from(huge.title).length).toBeLessThanOrEqual(200);
    expect(read({ ...base, name: undefined, nameMap: { fr: "Fête" } }).title).toBe("Fête");
  });

  it("sanitises content: no scripts, no handlers, no script URLs", () => {
    const content =
      '<p onclick="x()">Hi<img src=x onerror="alert(1)"><script>alert(1)</script><a href="javascript:alert(1)">link</a></p><iframe src="https://x">f</iframe>';
    const html = read({ ...base, content }).descriptionHtml;
    expect(html).toBe("<p>Hi<span>link</span></p>");
  });

  it("drops script URLs field by field and keeps the event", () => {
    const received = read({
      ...base,
      url: "javascript:alert(1)",
      image: "javascript:alert(1)",
      attachment: [{ type: "Image", mediaType: "image/png", url: "javascript:alert(1)" }],
      location: { type: "VirtualLocation", url: "javascript:alert(1)" },
      joinMode: "external",
      externalParticipationUrl: "javascript:alert(1)",
    });
    expect(received).toMatchObject({ url: "https://demo.gancio.org/federation/m/1", image: null, location: null, registrationUrl: null });
  });

  it("survives junk values of every shape without throwing", () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 5000; i++) cursor = (cursor.next = {}) as Record<string, unknown>;
    const junk = {
      ...base,
      type: ["Object", "Event", 7],
      url: [[["https://x.example"]], { href: 5 }],
      summary: { "@value": "x" },
      tag: [
        null,
        1,
        "x",
        { type: "Hashtag", name: ["#a"] },
        { type: "Hashtag", name: "#ok" },
        { type: "Hashtag", name: "#<b>" },
        ...Array.from({ length: 50 }, (_, i) => ({ type: "Hashtag", name: `#t${i}` })),
      ],
      attachment: [[[[]]], deep, { type: ["Image"], url: { href: ["x"] } }],
      location: [deep, [[{ name: "nested" }]], 12, { type: "Place", name: { en: "x" }, latitude: "NaN", longitude: Infinity }],
      category: [{}, "workshops skill-sharing"],
      organizers: { items: [deep, { name: "<i>Org</i>" }] },
      inLanguage: "<script>",
      published: { date: 1 },
      contentMap: deep,
    };
    const received = read(junk);
    expect(received.url).toBe("https://demo.gancio.org/federation/m/1");
    expect(received.tags[0]).toBe("ok");
    expect(received.tags).toHaveLength(20);
    expect(received.tags.every((tag) => tag.length <= 50 && !tag.includes("<"))).toBe(true);
    expect(received).toMatchObject({
      image: null,
      location: null,
      category: "WORKSHOPS_SKILL_SHARING",
      organizer: "<i>Org</i>",
      language: null,
      publishedAt: null,
      summary: null,
    });
  });

  it("turns an exception while reading into a refusal", () => {
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error("boom");
        },
      },
    );
    expect(fromEventJson(trap)).toEqual({ ok: false, reason: "malformed event (Error)" });
  });
});

describe("fromEventJson on times with an offset and no zone", () => {
  const gancio = () => readJsonFixture<Record<string, unknown>>("peers", "gancio-event.json");
  const wallClock = (instant: string, zone: string) => Temporal.Instant.from(instant).toZonedDateTimeISO(zone).toPlainTime().toString();

  it("keeps Gancio's 17:30 at 17:30: the offset becomes the event's zone", () => {
    const received = read(gancio());
    expect(received).toMatchObject({ timezone: "+02:00", startsAt: "2021-07-14T15:30:57Z", endsAt: "2021-07-14T16:30:57Z", allDay: false });
    expect(wallClock(received.startsAt, received.timezone)).toBe("17:30:57");
    expect(wallClock(received.endsAt!, received.timezone)).toBe("18:30:57");
  });

  it("keeps half-hour and negative offsets, and reads a zero offset as UTC", () => {
    const kolkata = read({ ...gancio(), startTime: "2021-07-14T19:00:00+05:30", endTime: "2021-07-14T21:30:00+05:30" });
    expect(kolkata).toMatchObject({ timezone: "+05:30", startsAt: "2021-07-14T13:30:00Z", endsAt: "2021-07-14T16:00:00Z" });
    expect(wallClock(kolkata.startsAt, kolkata.timezone)).toBe("19:00:00");
    const newfoundland = read({ ...gancio(), startTime: "2021-07-14T19:00:00-02:30", endTime: null });
    expect(newfoundland).toMatchObject({ timezone: "-02:30", startsAt: "2021-07-14T21:30:00Z" });
    expect(read({ ...gancio(), startTime: "2021-07-14T19:00:00Z", endTime: null }).timezone).toBe("UTC");
    expect(read({ ...gancio(), startTime: "2021-07-14T19:00:00+00:00", endTime: null }).timezone).toBe("UTC");
  });

  it("takes the sender's zone when it agrees with the offsets, even across a DST change", () => {
    expect(fromEventJson(gancio(), { senderZone: "Europe/Rome" })).toMatchObject({
      ok: true,
      event: { timezone: "Europe/Rome", startsAt: "2021-07-14T15:30:57Z" },
    });
    // 27 → 28 March 2021: Rome moves from +01:00 to +02:00 in between.
    const weekend = { ...gancio(), startTime: "2021-03-27T18:00:00+01:00", endTime: "2021-03-28T18:00:00+02:00" };
    expect(fromEventJson(weekend, { senderZone: "Europe/Rome" })).toMatchObject({ ok: true, event: { timezone: "Europe/Rome" } });
    // A zero offset is London's in winter.
    const london = { ...gancio(), startTime: "2021-01-14T19:00:00Z", endTime: null };
    expect(fromEventJson(london, { senderZone: "Europe/London" })).toMatchObject({ ok: true, event: { timezone: "Europe/London" } });
  });

  it("keeps the offset when it disagrees with the sender's zone at that instant", () => {
    // São Paulo is -03:00: an event written at +02:00 is not in São Paulo's zone.
    const elsewhere = fromEventJson(gancio(), { senderZone: "America/Sao_Paulo" });
    expect(elsewhere).toMatchObject({ ok: true, event: { timezone: "+02:00", startsAt: "2021-07-14T15:30:57Z" } });
    // Rome is +02:00 in July, so a July event at +01:00 is not Rome's either.
    const winterOffset = fromEventJson({ ...gancio(), startTime: "2021-07-14T17:30:00+01:00", endTime: null }, { senderZone: "Europe/Rome" });
    expect(winterOffset).toMatchObject({ ok: true, event: { timezone: "+01:00", startsAt: "2021-07-14T16:30:00Z" } });
    // An unknown sender zone is no zone at all.
    expect(fromEventJson(gancio(), { senderZone: "Mars/Olympus" })).toMatchObject({ ok: true, event: { timezone: "+02:00" } });
    // An offset no place has is read as UTC, not as the sender's zone it disagrees with.
    const farOff = fromEventJson({ ...gancio(), startTime: "2021-07-14T17:30:00+20:00", endTime: null }, { senderZone: "Europe/Rome" });
    expect(farOff).toMatchObject({ ok: true, event: { timezone: "UTC", startsAt: "2021-07-13T21:30:00Z" } });
  });

  it("prefers a declared zone to the offsets, and reads floating times in the sender's zone", () => {
    expect(fromEventJson({ ...gancio(), timezone: "Europe/Paris" }, { senderZone: "America/Sao_Paulo" })).toMatchObject({
      ok: true,
      event: { timezone: "Europe/Paris" },
    });
    const floating = { ...gancio(), startTime: "2021-07-14T17:30:00", endTime: null };
    expect(fromEventJson(floating, { senderZone: "Europe/Rome" })).toMatchObject({
      ok: true,
      event: { timezone: "Europe/Rome", startsAt: "2021-07-14T15:30:00Z" },
    });
    expect(read(floating)).toMatchObject({ timezone: "UTC", startsAt: "2021-07-14T17:30:00Z" });
  });

  it("keeps an all-day event sent as midnight to midnight with an offset on its own dates", () => {
    const received = read({ ...gancio(), startTime: "2021-07-14T00:00:00+05:30", endTime: "2021-07-16T00:00:00+05:30" });
    expect(received).toMatchObject({ timezone: "+05:30", allDay: true, startsAt: "2021-07-13T18:30:00Z", endsAt: "2021-07-15T18:30:00Z" });
  });
});
