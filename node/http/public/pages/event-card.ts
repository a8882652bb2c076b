import type { CantineEvent } from "../../../domain/events/event.ts";
import { pathOf } from "../../../domain/local-urls.ts";
import type { CalendarEntry, Cantine } from "../../../domain/network/cantines.ts";
import { banner } from "./banner.ts";
import type { PageContext } from "./context.ts";
import { dayOf, formatDayHeading, formatShortDay, formatTime, offsetName, zoneName } from "./format.ts";
import type { Html } from "./html.ts";
import { html, safeUrl } from "./html.ts";
import { editPath } from "./layout.ts";
import { tagPath } from "./links.ts";

export function eventPath(event: CantineEvent): string {
  return pathOf("event", { id: event.id });
}

function statusLabel(ctx: PageContext, status: string): string {
  return status === "cancelled" ? ctx.t.statusCancelled : status === "postponed" ? ctx.t.statusPostponed : ctx.t.statusScheduled;
}

export function statusBadge(ctx: PageContext, status: string): Html | "" {
  return status === "scheduled"
    ? ""
    : html`<strong class="badge badge-${status === "cancelled" ? "cancelled" : "postponed"}">${statusLabel(ctx, status)}</strong>`;
}

/** Where a remote cantine lives on the web; local cantines have their profile page here. */
export function cantineLink(cantine: Cantine, localPath: string): Html {
  if (cantine.local) return html`<a href="${localPath}">${cantine.name}</a>`;
  const url = safeUrl(cantine.url);
  return url ? html`<a href="${url}" rel="nofollow noopener">${cantine.name}</a>` : html`<span>${cantine.name}</span>`;
}

/** "19:00–21:00" in the viewer's zone, with the event's own wall time when the zones differ. */
function times(ctx: PageContext, event: CantineEvent): Html {
  if (event.allDay) return html`<span class="time">${ctx.t.allDay}</span>`;
  const start = formatTime(event.startsAt, ctx.tz, ctx.intl);
  const end = event.endsAt ? formatTime(event.endsAt, ctx.tz, ctx.intl) : null;
  // Two zones are compared by their offsets then (Europe/Paris and Europe/Madrid agree); one zone agrees with itself.
  const own = event.timezone !== ctx.tz && offsetName(event.startsAt, event.timezone, "en") !== offsetName(event.startsAt, ctx.tz, "en");
  return html`<span class="time"><time datetime="${event.startsAt}">${start}</time>${end ? html`–<time datetime="${event.endsAt}">${end}</time>` : ""}</span>${
    own ? html` <span class="own-time">(${formatTime(event.startsAt, event.timezone, ctx.intl)} ${zoneName(event.timezone)})</span>` : ""
  }`;
}

/** "Edit" for a signed-in operator on one of this node's events; nothing for everyone else. */
export function editLink(ctx: PageContext, event: CantineEvent): Html | "" {
  const href = editPath(ctx, event);
  return href ? html`<p class="edit"><a href="${href}">${ctx.t.editEvent}<span class="sr-only">${ctx.t.colon}${event.title}</span></a></p>` : "";
}

/** The local day an entry falls on for this viewer (all-day events keep their own date). */
export function dayOfEntry(entry: CalendarEntry, tz: string): string {
  return dayOf(entry.event.startsAt, entry.event.allDay ? entry.event.timezone : tz);
}

/** "Every week · Also on: Tue 8 Dec, Tue 15 Dec", each date a link to that occurrence. */
function laterDates(ctx: PageContext, entry: CalendarEntry, later: readonly CalendarEntry[]): Html | "" {
  if (!later.length) return "";
  const { t } = ctx;
  const days = [entry, ...later].map((one) => dayOfEntry(one, ctx.tz));
  const weekly = days.every((day, i) => i === 0 || Temporal.PlainDate.from(days[i - 1]!).until(day).days === 7);
  return html`<p class="series-dates">${weekly ? html`<span class="series-rule">${t.weeklySeries}</span> · ` : ""}${t.alsoOn}${t.colon}${later.map(
    (one, i) => html`${i ? ", " : ""}<a href="${eventPath(one.event)}"><time datetime="${days[i + 1]}">${formatShortDay(days[i + 1]!, ctx.intl)}</time></a>`,
  )}</p>`;
}

/**
 * The occurrences of a series listed together: the first one stands for the series and the
 * others become its later dates. An occurrence edited or cancelled on its own keeps its own card.
 */
function groupSeries(entries: readonly CalendarEntry[]): Map<CalendarEntry, CalendarEntry[]> {
  const leaders = new Map<string, CalendarEntry>();
  const out = new Map<CalendarEntry, CalendarEntry[]>();
  for (const entry of entries) {
    const { seriesId, detached, actorId } = entry.event;
    const key = seriesId && !detached ? `${actorId} ${seriesId}` : null;
    const leader = key ? leaders.get(key) : undefined;
    if (leader) {
      out.get(leader)!.push(entry);
      continue;
    }
    if (key) leaders.set(key, entry);
    out.set(entry, []);
  }
  return out;
}

/** One event in a list: what, when, where, and which cantine it comes from (and, for a series, its later dates). */
export function eventCard(ctx: PageContext, entry: CalendarEntry, headingLevel: 2 | 3 = 3, later: readonly CalendarEntry[] = []): Html {
  const { event, source, via } = entry;
  const title = html`<a href="${eventPath(event)}">${event.title}</a>`;
  const heading = headingLevel === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`;
  const lang = event.language && event.language !== ctx.locale ? html` lang="${event.language}"` : "";
  return html`<article class="event-card${event.status === "cancelled" ? " cancelled" : ""}">
${banner(ctx, event, { small: true })}
<p class="when">${times(ctx, event)} ${statusBadge(ctx, event.status)}</p>
<div${lang}>${heading}</div>
<p class="meta">${source.city ? html`<span class="city">${source.city}</span> · ` : ""}${cantineLink(source, pathOf("actor", { identifier: ctx.venue.slug }))}${
    via ? html` <span class="via">(${ctx.t.via(via.name)})</span>` : ""
  }${event.tags.length ? html` · <span class="tags">${event.tags.slice(0, 4).map((tag, i) => html`${i ? " " : ""}<a href="${tagPath(tag)}" rel="tag">#${tag}</a>`)}</span>` : ""}</p>
${laterDates(ctx, entry, later)}
${editLink(ctx, event)}
</article>`;
}

/** Entries grouped by their local day in the viewer's zone, in order. */
export function byDay(entries: readonly CalendarEntry[], tz: string): [string, CalendarEntry[]][] {
  const days = new Map<string, CalendarEntry[]>();
  for (const entry of entries) {
    const day = dayOfEntry(entry, tz);
    days.set(day, [...(days.get(day) ?? []), entry]);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The agenda: one section per day, each a list of cards; with `series`, a series is one card with its later dates. */
export function agenda(ctx: PageContext, entries: readonly CalendarEntry[], options: { series?: boolean; more?: DayMore } = {}): Html {
  const grouped = options.series ? groupSeries(entries) : new Map(entries.map((entry) => [entry, []]));
  const { more } = options;
  return html`${byDay([...grouped.keys()], ctx.tz).map(([day, dayEntries]) => {
    const shown = more ? dayEntries.slice(0, more.limit) : dayEntries;
    const hidden = more ? Math.max(more.totals.get(day) ?? dayEntries.length, dayEntries.length) - shown.length : 0;
    return html`<section class="day" aria-labelledby="day-${day}">
<h2 id="day-${day}"><time datetime="${day}">${formatDayHeading(day, ctx.intl)}</time></h2>
<ol class="cards">${shown.map((entry) => html`<li>${eventCard(ctx, entry, 3, grouped.get(entry))}</li>`)}</ol>
${more && hidden > 0 ? html`<p class="more-on-day"><a href="${more.href(day)}">${ctx.t.moreOnDay(hidden)}<span class="sr-only"> (${formatDayHeading(day, ctx.intl)})</span></a></p>` : ""}
</section>`;
  })}`;
}

/** At most `limit` cards a day, then a link to the day's own page saying how many more it has (`totals`: events per day). */
export type DayMore = Readonly<{ limit: number; totals: ReadonlyMap<string, number>; href: (day: string) => string }>;
