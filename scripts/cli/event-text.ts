// How the CLI shows an event to its operator: in the event's own zone, never as a UTC instant.
import type { CantineEvent, EventLocation } from "../../node/domain/events/event.ts";

type Venue = { name: string; address?: string };

function zoned(instant: string, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.from(instant).toZonedDateTimeISO(zone);
}

function day(z: Temporal.ZonedDateTime): string {
  return `${z.toLocaleString("en-GB", { weekday: "short" })} ${z.toPlainDate().toString()}`;
}

function time(z: Temporal.ZonedDateTime): string {
  return z.toPlainTime().toString({ smallestUnit: "minute" });
}

/** "Thu 2026-12-03 19:00–21:00 Europe/Paris", "Sat 2026-12-05 (all day) Europe/Paris". */
export function whenText(event: Pick<CantineEvent, "startsAt" | "endsAt" | "timezone" | "allDay">): string {
  const start = zoned(event.startsAt, event.timezone);
  const end = event.endsAt ? zoned(event.endsAt, event.timezone) : undefined;
  if (event.allDay) {
    // The stored end of an all-day event is the midnight after its last day.
    const last = end?.subtract({ days: 1 });
    const span = last && Temporal.PlainDate.compare(last.toPlainDate(), start.toPlainDate()) > 0 ? `${day(start)} – ${day(last)}` : day(start);
    return `${span} (all day) ${event.timezone}`;
  }
  if (!end) return `${day(start)} ${time(start)} ${event.timezone}`;
  const sameDay = start.toPlainDate().equals(end.toPlainDate());
  return `${day(start)} ${time(start)}${sameDay ? `–${time(end)}` : ` – ${day(end)} ${time(end)}`} ${event.timezone}`;
}

/** "at Salle Ada, 151 rue Montmartre, 75002 Paris", "online at https://…", or the venue when none is given. */
export function whereText(location: EventLocation | null, venue: Venue): string {
  if (!location) return `at ${[venue.name, venue.address].filter(Boolean).join(", ")}`;
  const place = [location.name, location.room, location.address].filter(Boolean).join(", ");
  const online = location.url ? `online at ${location.url}` : "";
  if (place && online) return `at ${place}, and ${online}`;
  return place ? `at ${place}` : online;
}

/** "3 followers will get it", as the running node delivers it. */
export function audienceText(followers: number, what: string): string {
  if (followers === 0) return `No followers yet: nobody is sent ${what}.`;
  return `${followers} follower${followers === 1 ? "" : "s"} will get ${what} (the running node delivers it, or does when it next starts).`;
}
