import { describe, expect, it } from "@jest/globals";
import { eventSummaryLine, placeLabel } from "../../../federation/vocab/summary.ts";
import type { CantineEvent } from "../../../node/domain/events/event.ts";

function event(fields: Partial<CantineEvent>): CantineEvent {
  return {
    id: "e1",
    apId: "https://paris.cantine.example/events/e1",
    url: "https://paris.cantine.example/events/e1",
    local: true,
    actorId: "https://paris.cantine.example/actor",
    title: "T",
    description: null,
    descriptionHtml: "",
    startsAt: "2026-11-03T18:00:00Z",
    endsAt: "2026-11-03T20:00:00Z",
    timezone: "Europe/Paris",
    allDay: false,
    location: { name: "La Cantine", address: "151 rue Montmartre" },
    organizer: null,
    tags: [],
    image: null,
    language: null,
    status: "scheduled",
    capacity: null,
    registrationUrl: null,
    category: null,
    seriesId: null,
    detached: false,
    publishedAt: "2026-10-01T09:00:00Z",
    updatedAt: "2026-10-01T09:00:00Z",
    sequence: 0,
    ...fields,
  };
}

describe("eventSummaryLine", () => {
  it("writes the line in English, French, Spanish and Portuguese", () => {
    const e = event({});
    expect(eventSummaryLine(e, "en")).toBe("Tuesday 3 November 2026, 19:00–21:00 (Paris time, UTC+1) · La Cantine, 151 rue Montmartre");
    expect(eventSummaryLine(e, "fr-FR")).toBe("mardi 3 novembre 2026, 19 h 00 – 21 h 00 (heure de Paris, UTC+1) · La Cantine, 151 rue Montmartre");
    expect(eventSummaryLine(e, "es")).toBe("martes 3 de noviembre de 2026, 19:00–21:00 (hora de París, UTC+1) · La Cantine, 151 rue Montmartre");
    expect(eventSummaryLine(e, "pt-BR")).toBe("terça-feira, 3 de novembro de 2026, 19h00–21h00 (horário de Paris, UTC+1) · La Cantine, 151 rue Montmartre");
    expect(eventSummaryLine(e, "de")).toMatch(/^Tuesday 3 November 2026/);
  });

  it("shows the offset in force on that date (UTC+2 in summer, UTC+1 in winter)", () => {
    expect(eventSummaryLine(event({ startsAt: "2026-03-28T18:00:00Z", endsAt: null }), "en")).toContain("19:00 (Paris time, UTC+1)");
    expect(eventSummaryLine(event({ startsAt: "2026-03-29T17:00:00Z", endsAt: null }), "en")).toContain("19:00 (Paris time, UTC+2)");
    expect(eventSummaryLine(event({ startsAt: "2026-10-24T17:00:00Z", endsAt: null }), "fr")).toContain("19 h 00 (heure de Paris, UTC+2)");
    expect(eventSummaryLine(event({ startsAt: "2026-10-25T18:00:00Z", endsAt: null }), "fr")).toContain("19 h 00 (heure de Paris, UTC+1)");
  });

  it("names the other cantines' zones and odd offsets", () => {
    const sp = event({ timezone: "America/Sao_Paulo", startsAt: "2026-11-03T22:00:00Z", endsAt: null, location: null });
    expect(eventSummaryLine(sp, "pt")).toBe("terça-feira, 3 de novembro de 2026, 19h00 (horário de São Paulo, UTC-3)");
    const sf = event({ timezone: "America/Los_Angeles", startsAt: "2026-07-02T02:00:00Z", endsAt: "2026-07-02T04:30:00Z", location: null });
    expect(eventSummaryLine(sf, "en")).toBe("Wednesday 1 July 2026, 19:00–21:30 (Los Angeles time, UTC-7)");
    expect(eventSummaryLine(event({ timezone: "Europe/Madrid", location: null }), "es")).toBe(
      "martes 3 de noviembre de 2026, 19:00–21:00 (hora de Madrid, UTC+1)",
    );
    expect(eventSummaryLine(event({ timezone: "Asia/Kolkata", location: null, endsAt: null }), "en")).toContain("23:30 (Kolkata time, UTC+5:30)");
    expect(eventSummaryLine(event({ timezone: "UTC", location: null, endsAt: null }), "en")).toBe("Tuesday 3 November 2026, 18:00 (UTC)");
  });

  it("shows the date only for all-day events, with an exclusive midnight end", () => {
    const one = event({ allDay: true, startsAt: "2026-10-31T23:00:00Z", endsAt: "2026-11-01T23:00:00Z", location: null });
    expect(eventSummaryLine(one, "en")).toBe("Sunday 1 November 2026");
    expect(eventSummaryLine(one, "fr")).toBe("dimanche 1er novembre 2026");
    const three = event({ allDay: true, startsAt: "2026-10-31T23:00:00Z", endsAt: "2026-11-03T23:00:00Z", location: null });
    expect(eventSummaryLine(three, "en")).toBe("Sunday 1 November 2026 – Tuesday 3 November 2026");
    expect(eventSummaryLine({ ...three, endsAt: null }, "es")).toBe("domingo 1 de noviembre de 2026");
  });

  it("writes both dates when an event runs past midnight", () => {
    const late = event({ startsAt: "2026-11-03T21:00:00Z", endsAt: "2026-11-04T01:00:00Z", location: null });
    expect(eventSummaryLine(late, "en")).toBe("Tuesday 3 November 2026, 22:00 – Wednesday 4 November 2026, 02:00 (Paris time, UTC+1)");
  });

  it("starts cancelled and postponed events with the status in capitals", () => {
    const cancelled = event({ status: "cancelled" });
    expect(eventSummaryLine(cancelled, "en")).toMatch(/^CANCELLED — Tuesday/);
    expect(eventSummaryLine(cancelled, "fr")).toMatch(/^ANNULÉ — mardi/);
    expect(eventSummaryLine(cancelled, "es")).toMatch(/^CANCELADO — martes/);
    expect(eventSummaryLine(cancelled, "pt")).toMatch(/^CANCELADO — terça-feira/);
    expect(eventSummaryLine(event({ status: "postponed" }), "en")).toMatch(/^POSTPONED — /);
    expect(eventSummaryLine(event({ status: "postponed" }), "fr")).toMatch(/^REPORTÉ — /);
  });

  it("says where: the given place name, online, or a place that is also online", () => {
    expect(eventSummaryLine(event({ location: null }), "en", "La Cantine, 151 rue Montmartre")).toMatch(/ · La Cantine, 151 rue Montmartre$/);
    expect(eventSummaryLine(event({ location: { url: "https://meet.example.org/x" } }), "fr")).toMatch(/ · En ligne$/);
    expect(placeLabel({ name: "La Cantine", room: "Salle 2", url: "https://meet.example.org/x" }, "es")).toBe("La Cantine, Salle 2 (y en línea)");
    expect(placeLabel({ name: "1 Main St", address: "1 main st" }, "en")).toBe("1 Main St");
    expect(placeLabel(null, "en")).toBeUndefined();
  });

  it("falls back to UTC for an unknown zone instead of throwing", () => {
    expect(eventSummaryLine(event({ timezone: "Mars/Olympus", location: null, endsAt: null }), "en")).toBe("Tuesday 3 November 2026, 18:00 (UTC)");
  });

  it("reads the wall clock of fixed-offset zones and half-hour offsets across midnight", () => {
    const fixed = event({ timezone: "+05:30", startsAt: "2026-11-03T18:00:00Z", endsAt: "2026-11-03T19:00:00Z", location: null });
    expect(eventSummaryLine(fixed, "en")).toBe("Tuesday 3 November 2026, 23:30 – Wednesday 4 November 2026, 00:30 (UTC+5:30)");
    const stJohns = event({ timezone: "America/St_Johns", startsAt: "2026-11-04T02:30:00Z", endsAt: "2026-11-04T04:00:00Z", location: null });
    expect(eventSummaryLine(stJohns, "en")).toBe("Tuesday 3 November 2026, 23:00 – Wednesday 4 November 2026, 00:30 (St Johns time, UTC-3:30)");
  });
});
