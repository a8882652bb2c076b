// Reading remote events where they are hard: hostile input, and times with an offset but no zone.
// (Writing events and reading our own and peers' events: event.test.ts.)

import { describe, expect, it } from "@jest/globals";
import { fromEventJson } from "../../../federation/vocab/event.ts";
import { readJsonFixture } from "../../helpers/fixtures.ts";

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
