import type { CalendarEntry, Cantine } from "../../domain/cantines.ts";
import type { CantineEvent } from "../../domain/event.ts";
import { banner } from "./banner.ts";
import type { PageContext } from "./context.ts";
import { dayOf, formatDayHeading, formatTime, offsetName, zoneName } from "./format.ts";
import { html, safeUrl } from "./html.ts";
import type { Html } from "./html.ts";
import { editPath } from "./layout.ts";
import { tagPath } from "./links.ts";

export function eventPath(event: CantineEvent): string {
  return `/events/${encodeURIComponent(event.id)}`;
}

export function statusLabel(ctx: PageContext, status: string): string {
  return status === "cancelled" ? ctx.t.statusCancelled : status === "postponed" ? ctx.t.statusPostponed : ctx.t.statusScheduled;
}

export function statusBadge(ctx: PageContext, status: string): Html | "" {
  return status === "scheduled" ? "" : html`<strong class="badge badge-${status === "cancelled" ? "cancelled" : "postponed"}">${statusLabel(ctx, status)}</strong>`;
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
  const own = offsetName(event.startsAt, event.timezone, "en") !== offsetName(event.startsAt, ctx.tz, "en");
  return html`<span class="time"><time datetime="${event.startsAt}">${start}</time>${end ? html`–<time datetime="${event.endsAt}">${end}</time>` : ""}</span>${
    own ? html` <span class="own-time">(${formatTime(event.startsAt, event.timezone, ctx.intl)} ${zoneName(event.timezone)})</span>` : ""
  }`;
}

/** "Edit" for a signed-in operator on one of this node's events; nothing for everyone else. */
export function editLink(ctx: PageContext, event: CantineEvent): Html | "" {
  const href = editPath(ctx, event);
  return href ? html`<p class="edit"><a href="${href}">${ctx.t.editEvent}<span class="sr-only">${ctx.t.colon}${event.title}</span></a></p>` : "";
}

/** One event in a list: what, when, where, and which cantine it comes from. */
export function eventCard(ctx: PageContext, entry: CalendarEntry, headingLevel: 2 | 3 = 3): Html {
  const { event, source, via } = entry;
  const title = html`<a href="${eventPath(event)}">${event.title}</a>`;
  const heading = headingLevel === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`;
  const lang = event.language && event.language !== ctx.locale ? html` lang="${event.language}"` : "";
  return html`<article class="event-card${event.status === "cancelled" ? " cancelled" : ""}">
${banner(ctx, event, { small: true })}
<p class="when">${times(ctx, event)} ${statusBadge(ctx, event.status)}</p>
<div${lang}>${heading}</div>
<p class="meta">${source.city ? html`<span class="city">${source.city}</span> · ` : ""}${cantineLink(source, `/users/${ctx.venue.slug}`)}${
    via ? html` <span class="via">(${ctx.t.via(via.name)})</span>` : ""
  }${event.tags.length ? html` · <span class="tags">${event.tags.slice(0, 4).map((tag, i) => html`${i ? " " : ""}<a href="${tagPath(tag)}" rel="tag">#${tag}</a>`)}</span>` : ""}</p>
${editLink(ctx, event)}
</article>`;
}

/** Entries grouped by their local day in the viewer's zone, in order. */
export function byDay(entries: readonly CalendarEntry[], tz: string): [string, CalendarEntry[]][] {
  const days = new Map<string, CalendarEntry[]>();
  for (const entry of entries) {
    const day = dayOf(entry.event.startsAt, entry.event.allDay ? entry.event.timezone : tz);
    days.set(day, [...(days.get(day) ?? []), entry]);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The agenda: one section per day, each a list of cards. */
export function agenda(ctx: PageContext, entries: readonly CalendarEntry[]): Html {
  return html`${byDay(entries, ctx.tz).map(
    ([day, dayEntries]) => html`<section class="day" aria-labelledby="day-${day}">
<h2 id="day-${day}"><time datetime="${day}">${formatDayHeading(day, ctx.intl)}</time></h2>
<ol class="cards">${dayEntries.map((entry) => html`<li>${eventCard(ctx, entry)}</li>`)}</ol>
</section>`,
  )}`;
}
