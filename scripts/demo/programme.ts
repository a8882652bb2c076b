// What a demo city is made of: its venue (written into the node's config) and a programme of
// events and projects computed from "today" in the city's own zone.
import type { EventInput } from "../../node/domain/events/event.ts";
import type { ProjectInput } from "../../node/domain/projects/project.ts";

/** The venue of a demo cantine: the config keys that describe it, plus its coordinates. */
export type DemoVenue = Readonly<{
  slug: string;
  name: string;
  city: string;
  country: string;
  timezone: string;
  locale: string;
  address: string;
  summary: string;
  website: string;
  lat: number;
  lon: number;
}>;

/** An event to publish; `cancel: true` publishes it, then cancels it through the admin API. */
type SeedEvent = EventInput & { cancel?: boolean };

export type Programme = Readonly<{ events: readonly SeedEvent[]; projects: readonly ProjectInput[] }>;

/** One city of the demo network: `programme(today)` gives its inputs for the coming weeks. */
export type DemoCity = Readonly<{ venue: DemoVenue; programme(today: Temporal.PlainDate): Programme }>;

const WEEKDAYS = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 } as const;
export type Weekday = keyof typeof WEEKDAYS;

/** Dates of the coming weeks, relative to a city's today (never today itself: tomorrow at the earliest). */
export class Days {
  readonly today: Temporal.PlainDate;

  constructor(today: Temporal.PlainDate) {
    this.today = today;
  }

  /** The `nth` (0 = first) `weekday` after today: next("TU") is the next Tuesday, next("TU", 1) the one after. */
  next(weekday: Weekday, nth = 0): Temporal.PlainDate {
    const ahead = (WEEKDAYS[weekday] - this.today.dayOfWeek + 7) % 7 || 7;
    return this.today.add({ days: ahead + 7 * nth });
  }

  /** Wall-clock date-time without offset ("2026-11-03T19:00"): read in the event's zone by the node. */
  at(date: Temporal.PlainDate, time: string): string {
    return `${date.toString()}T${time}`;
  }
}
