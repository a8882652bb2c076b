import { GoneError, NotFoundError, ValidationError } from "../errors.ts";
import type { InputChange } from "../input.ts";
import { storedInput } from "../input.ts";
import type { NewPublication } from "../publishing/publication.ts";
import type { PublishingDeps } from "../publishing/publishing.ts";
import { commitAndAnnounce, eventPublication, newEventPublications, nextUpdated } from "../publishing/publishing.ts";
import type { CantineEvent, EventInput, EventSeries } from "./event.ts";
import { buildEvent, normalizeForVenue, normalizeOrThrow } from "./event-fields.ts";
import type { Occurrence } from "./recurrence.ts";
import { expandOccurrences } from "./recurrence.ts";
import type { NormalizedEvent } from "./validate-event.ts";

export type SeriesResult = { series: EventSeries; occurrences: CantineEvent[] };

const DAY_MS = 86_400_000;

function horizon(deps: PublishingDeps): string {
  return new Date(deps.now().getTime() + (deps.horizonDays ?? 90) * DAY_MS).toISOString();
}

/** Occurrences of a normalised series input between `from` and `until` (wall-clock times in its zone). */
function occurrencesBetween(input: NormalizedEvent, from: string, until: string): Occurrence[] {
  const zone = input.timezone;
  const local = Temporal.Instant.from(input.startsAt).toZonedDateTimeISO(zone).toPlainDateTime();
  const duration = input.endsAt ? Date.parse(input.endsAt) - Date.parse(input.startsAt) : null;
  return expandOccurrences(input.recurrence!.rule, { local, zone }, duration, {
    from: Temporal.Instant.from(from),
    until: Temporal.Instant.from(until),
  });
}

/** Series occurrences start from the series' first date, but never further back than a week ago. */
function windowStart(deps: PublishingDeps, input: NormalizedEvent): string {
  const weekAgo = deps.now().getTime() - 7 * DAY_MS;
  return new Date(Math.max(Date.parse(input.startsAt), weekAgo)).toISOString();
}

function newOccurrence(deps: PublishingDeps, input: NormalizedEvent, seriesId: string, occurrence: Occurrence): CantineEvent {
  const id = deps.newId();
  const now = deps.now().toISOString();
  return buildEvent(
    input,
    {
      id,
      apId: deps.uris.event(id),
      url: deps.uris.event(id),
      actorId: deps.uris.actor,
      publishedAt: now,
      updatedAt: now,
      sequence: 0,
      seriesId,
      detached: false,
      occurrenceDate: occurrence.localDate,
    },
    { startsAt: occurrence.startsAt, endsAt: occurrence.endsAt },
  );
}

/** Starts a series: every occurrence within the horizon is published as an event of its own. */
export function createSeries(deps: PublishingDeps, input: EventInput, normalized: NormalizedEvent): SeriesResult {
  const now = deps.now().toISOString();
  const series: EventSeries = {
    id: deps.newId(),
    input,
    recurrence: normalized.recurrence!.text,
    timezone: normalized.timezone,
    horizonUntil: horizon(deps),
    createdAt: now,
    updatedAt: now,
  };
  const planned = occurrencesBetween(normalized, windowStart(deps, normalized), series.horizonUntil);
  if (planned.length === 0) {
    throw new ValidationError([{ field: "recurrence", message: `has no occurrence before ${series.horizonUntil.slice(0, 10)}` }]);
  }
  const occurrences = planned.map((o) => newOccurrence(deps, normalized, series.id, o));
  commitAndAnnounce(deps, () => {
    deps.events.insertSeries(series);
    return occurrences.flatMap((event) => (deps.events.insert(event), newEventPublications(deps, event)));
  });
  return { series, occurrences };
}

export function liveSeries(deps: PublishingDeps, id: string): EventSeries {
  const stored = deps.events.getSeries(id);
  if (!stored) throw new NotFoundError("series", id);
  if (stored.deletedAt) throw new GoneError("series", id);
  return stored.value;
}

/**
 * Edits a series: future occurrences that were not edited on their own follow the new input
 * (Update), dates the new rule drops are deleted, new dates are created. `change` makes the edited
 * input from the current one (at the edge: a PATCH merged and checked against the schema).
 */
export function updateSeries(deps: PublishingDeps, id: string, change: InputChange<EventInput>): SeriesResult {
  const current = liveSeries(deps, id);
  const changed = change(current.input);
  const checked = normalizeForVenue(deps, changed);
  if (!checked.ok) throw new ValidationError(checked.problems);
  const normalized = checked.value;
  if (!normalized.recurrence) throw new ValidationError([{ field: "recurrence", message: "a series needs a rule; delete the series instead" }]);
  const series: EventSeries = {
    ...current,
    input: changed.input as EventInput,
    recurrence: normalized.recurrence.text,
    timezone: normalized.timezone,
    updatedAt: nextUpdated(current.updatedAt, deps.now()),
  };
  const now = deps.now().toISOString();
  const planned = new Map(occurrencesBetween(normalized, now, series.horizonUntil).map((o) => [o.localDate, o]));
  const known = new Set(deps.events.occurrenceDates(id));
  const future = deps.events.occurrences(id).filter((e) => Date.parse(e.startsAt) >= Date.parse(now) && !e.detached);
  commitAndAnnounce(deps, () => {
    const entries: NewPublication[] = [];
    deps.events.updateSeries(series);
    for (const event of future) {
      const occurrence = planned.get(event.occurrenceDate ?? "");
      if (!occurrence) {
        deps.events.markDeleted(event.id, now);
        entries.push(eventPublication(deps, "Delete", event));
        continue;
      }
      const updated = buildEvent(normalized, { ...event, updatedAt: nextUpdated(event.updatedAt, deps.now()), sequence: event.sequence + 1 }, occurrence);
      deps.events.update(updated);
      entries.push(eventPublication(deps, "Update", updated));
    }
    for (const occurrence of planned.values()) {
      if (known.has(occurrence.localDate)) continue;
      const event = newOccurrence(deps, normalized, id, occurrence);
      deps.events.insert(event);
      entries.push(...newEventPublications(deps, event));
    }
    return entries;
  });
  return { series, occurrences: deps.events.occurrences(id) };
}

/** Ends a series: its future occurrences are deleted (past ones stay in the record). */
export function deleteSeries(deps: PublishingDeps, id: string): void {
  liveSeries(deps, id);
  const now = deps.now().toISOString();
  const future = deps.events.occurrences(id).filter((e) => Date.parse(e.startsAt) >= Date.parse(now));
  commitAndAnnounce(deps, () => {
    deps.events.markSeriesDeleted(id, now);
    return future.map((event) => (deps.events.markDeleted(event.id, now), eventPublication(deps, "Delete", event)));
  });
}

/** What the daily job did: occurrences published, and the series it could not extend, with why. */
export type HorizonReport = { created: number; failed: { seriesId: string; reason: string }[] };

/**
 * The daily job: moves every series' horizon forward and publishes the occurrences it reaches.
 * Each series commits on its own, so one that no longer normalises (a stored input that today's
 * rules refuse) is reported and skipped, and the others still get their occurrences.
 */
export function extendSeriesHorizons(deps: PublishingDeps): HorizonReport {
  const report: HorizonReport = { created: 0, failed: [] };
  for (const current of deps.events.liveSeries()) {
    try {
      report.created += extendSeries(deps, current);
    } catch (error) {
      report.failed.push({ seriesId: current.id, reason: failureReason(error) });
    }
  }
  return report;
}

function extendSeries(deps: PublishingDeps, current: EventSeries): number {
  const until = horizon(deps);
  if (until <= current.horizonUntil) return 0;
  const normalized = normalizeOrThrow(deps, storedInput(current.input));
  const known = new Set(deps.events.occurrenceDates(current.id));
  const fresh = occurrencesBetween(normalized, current.horizonUntil, until).filter((o) => !known.has(o.localDate));
  const events = fresh.map((o) => newOccurrence(deps, normalized, current.id, o));
  commitAndAnnounce(deps, () => {
    deps.events.updateSeries({ ...current, horizonUntil: until });
    return events.flatMap((event) => (deps.events.insert(event), newEventPublications(deps, event)));
  });
  return events.length;
}

function failureReason(error: unknown): string {
  if (error instanceof ValidationError) return error.problems.map((p) => `${p.field} ${p.message}`).join("; ");
  return error instanceof Error ? error.message : String(error);
}
