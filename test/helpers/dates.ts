// Dates for tests, counted from today: "next Tuesday at 19:00 in Paris" is always in the future
// and inside the windows calendars and feeds show, and what a test expects of it (its UTC instant,
// its offset) is computed with Temporal, so it holds in winter and in summer alike.

export const PARIS = "Europe/Paris";

/** Today's date in `timeZone`, moved by `days`: "YYYY-MM-DD". */
export function dateFromToday(days: number, timeZone = PARIS): string {
  return Temporal.Now.plainDateISO(timeZone).add({ days }).toString();
}

/** The first date at least `days` from today in `timeZone` that falls on `dayOfWeek` (1 = Monday … 7 = Sunday). */
export function weekdayFromToday(dayOfWeek: number, days: number, timeZone = PARIS): string {
  const earliest = Temporal.PlainDate.from(dateFromToday(days, timeZone));
  return earliest.add({ days: (dayOfWeek - earliest.dayOfWeek + 7) % 7 }).toString();
}

/**
 * The first date at least `days` from today in `timeZone` that falls on `dayOfWeek` and on which
 * each zone in `offsets` has the given UTC offset ("+01:00"): for tests that spell out a zone's
 * offset as a reader sees it ("GMT+1"), whatever the season today.
 */
export function weekdayWithOffsets(dayOfWeek: number, days: number, offsets: Record<string, string>, timeZone = PARIS): string {
  let date = weekdayFromToday(dayOfWeek, days, timeZone);
  for (let week = 0; week <= 53; week++, date = addDays(date, 7)) {
    if (Object.entries(offsets).every(([zone, offset]) => offsetOf(`${date}T12:00`, zone) === offset)) return date;
  }
  throw new Error(`no such date within a year: ${JSON.stringify(offsets)}`);
}

/** `date` ("YYYY-MM-DD") moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

function zoned(local: string, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone);
}

/** The instant of a wall-clock time ("YYYY-MM-DDTHH:MM") in a zone, as the API writes it: "2026-12-08T18:00:00Z". */
export function instantOf(local: string, timeZone: string): string {
  return zoned(local, timeZone).toInstant().toString();
}

/** The wall-clock time with its zone's offset, as ActivityStreams and JSON-LD write it: "2026-12-08T19:00:00+01:00". */
export function withOffset(local: string, timeZone: string): string {
  return zoned(local, timeZone).toString({ timeZoneName: "never" });
}

/** A zone's UTC offset at a wall-clock time: "+01:00". */
export function offsetOf(local: string, timeZone: string): string {
  return zoned(local, timeZone).offset;
}

/** The instant (ISO string, "…Z") of a wall-clock time `days` days from today in a zone. */
export function wallTime(days: number, time: string, timeZone: string): string {
  return instantOf(`${dateFromToday(days, timeZone)}T${time}`, timeZone);
}

/** An instant shown in a zone, with the zone's offset: "2026-12-10T04:00:00+01:00". */
export function inZone(instant: string, timeZone: string): string {
  return Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone).toString({ timeZoneName: "never" });
}

/** The first change of a zone's UTC offset at least `days` from now (a daylight-saving change). */
export function nextOffsetChange(timeZone: string, days: number): Temporal.ZonedDateTime {
  const change = Temporal.Now.zonedDateTimeISO(timeZone).add({ days }).getTimeZoneTransition("next");
  if (change === null) throw new Error(`${timeZone} never changes its offset`);
  return change;
}
