import type { FieldProblem } from "../errors.ts";
import { ConflictError, GoneError, NotFoundError, ValidationError } from "../errors.ts";
import type { PublishingDeps } from "../publishing/publishing.ts";
import { commitAndAnnounce, eventPublication, newEventPublications, nextUpdated } from "../publishing/publishing.ts";
import { renderMarkdown } from "../rich-text.ts";
import type { CantineEvent, EventInput } from "./event.ts";
import { buildEvent, eventToInput, normalizeForVenue, normalizeOrThrow } from "./event-fields.ts";
import type { SeriesResult } from "./manage-series.ts";
import { createSeries } from "./manage-series.ts";
import { applyEventPatch, patchProblems } from "./validate-event.ts";

export type CreatedEvent = { event: CantineEvent; series: SeriesResult | null };

/**
 * Publishes a new event (Create to every follower). With a `recurrence` it starts a series:
 * each occurrence within the horizon becomes an event of its own.
 */
export function publishEvent(deps: PublishingDeps, input: unknown): CreatedEvent {
  const normalized = normalizeOrThrow(deps, input);
  if (normalized.recurrence) {
    const series = createSeries(deps, input as EventInput, normalized);
    return { event: series.occurrences[0]!, series };
  }
  const id = deps.newId();
  const now = deps.now().toISOString();
  const event = buildEvent(normalized, {
    id,
    apId: deps.uris.event(id),
    url: deps.uris.event(id),
    actorId: deps.uris.actor,
    publishedAt: now,
    updatedAt: now,
    sequence: 0,
    seriesId: null,
    detached: false,
  });
  commitAndAnnounce(deps, () => {
    deps.events.insert(event);
    return newEventPublications(deps, event);
  });
  return { event, series: null };
}

/** A live local event, or the error an operator should see. */
export function localEvent(deps: PublishingDeps, id: string): CantineEvent {
  const stored = deps.events.get(id);
  if (!stored?.value.local) throw new NotFoundError("event", id);
  if (stored.deletedAt) throw new GoneError("event", id);
  return stored.value;
}

/**
 * Edits one event (Update with a later `updated`). Editing one occurrence of a series detaches
 * it: later edits of the series leave it as the operator set it.
 */
export function updateEvent(deps: PublishingDeps, id: string, patch: unknown): CantineEvent {
  const current = localEvent(deps, id);
  // Every problem is named at once: the patch's own, then those of the event it would make.
  const refused: FieldProblem[] = [];
  if (patch && typeof patch === "object" && "recurrence" in patch && (patch as { recurrence: unknown }).recurrence != null) {
    refused.push({
      field: "recurrence",
      message: current.seriesId ? "edit the series to change its rule" : "cannot turn a single event into a series; create a new event with a recurrence",
    });
  }
  const merged = applyEventPatch(eventToInput(current), patch);
  if (!merged.ok) refused.push(...merged.problems);
  const value = merged.ok ? merged.value : merged.merged;
  if (value === undefined) throw new ValidationError(refused);
  const { recurrence: _, ...single } = value as Record<string, unknown>;
  const normalized = normalizeForVenue(deps, single);
  const problems = patchProblems({ problems: refused }, normalized);
  if (problems.length > 0 || !normalized.ok) throw new ValidationError(problems);
  return saveChange(deps, buildEvent(normalized.value, { ...current, ...changeStamp(deps, current) }));
}

/** A change's bookkeeping: a later `updated`, the next ICS SEQUENCE, detached from its series. */
function changeStamp(deps: PublishingDeps, current: CantineEvent) {
  return { updatedAt: nextUpdated(current.updatedAt, deps.now()), sequence: current.sequence + 1, detached: current.seriesId !== null };
}

/** Stores a changed event and its Update in one transaction, then announces it. */
function saveChange(deps: PublishingDeps, event: CantineEvent): CantineEvent {
  commitAndAnnounce(deps, () => {
    deps.events.update(event);
    return [eventPublication(deps, "Update", event)];
  });
  return event;
}

const MAX_CANCEL_MESSAGE = 2000;

/**
 * Cancels an event: it stays in calendars, marked cancelled, and followers get an Update saying so.
 * An operator's message (why, what next) goes at the top of the description, where every server
 * that shows the description shows it.
 */
export function cancelEvent(deps: PublishingDeps, id: string, options: { message?: string } = {}): CantineEvent {
  const current = localEvent(deps, id);
  if (current.status === "cancelled") throw new ConflictError(`event "${id}" is already cancelled`);
  const message = options.message?.trim() ?? "";
  if (message.length > MAX_CANCEL_MESSAGE)
    throw new ValidationError([{ field: "message", message: `must be at most ${MAX_CANCEL_MESSAGE} characters (got ${message.length})` }]);
  const description = message ? [message, current.description].filter(Boolean).join("\n\n") : current.description;
  const descriptionHtml = message ? renderMarkdown(description!) : current.descriptionHtml;
  return saveChange(deps, { ...current, status: "cancelled", description, descriptionHtml, ...changeStamp(deps, current) });
}

/** Deletes an event: followers get a Delete, its URL answers 410 and its id is never reused. */
export function deleteEvent(deps: PublishingDeps, id: string): void {
  const current = localEvent(deps, id);
  commitAndAnnounce(deps, () => {
    deps.events.markDeleted(id, deps.now().toISOString());
    return [eventPublication(deps, "Delete", current)];
  });
}
