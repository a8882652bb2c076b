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

function _reasonOf(json: unknown): string {
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
