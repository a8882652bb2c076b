import type { CalendarEntry } from "../../../domain/network/cantines.ts";
import type { PageContext } from "./context.ts";
import { withQuery } from "./context.ts";
import { byDay, eventPath } from "./event-card.ts";
import { formatDay, formatMonthHeading, formatTime, weekdayNames, zoneLabel } from "./format.ts";
import type { CityOption, Filters } from "./forms.ts";
import { filterForm, zoneForm, zoneSuggestion } from "./forms.ts";
import type { Html } from "./html.ts";
import { html } from "./html.ts";
import { renderPage } from "./layout.ts";
import { noEvents, programmeFeeds } from "./programme.ts";

export type MonthData = Readonly<{
  month: string;
  entries: CalendarEntry[];
  cities: CityOption[];
  filters: Filters;
  /** The first later month (YYYY-MM) with events matching the filters, when this one has none. */
  next: string | null;
  /** No event at all and no filter: a new node. */
  nothingYet: boolean;
}>;

const PER_DAY = 4;
/** Colours of the cities, as CSS classes `city-0` … (site.css): dark text on light tints, a strong edge. */
const PALETTE_SIZE = 8;

/**
 * Each city's colour class: the cities in alphabetical order (case- and accent-insensitive) take
 * the palette's colours in turn, so a city keeps its colour from one visit to the next.
 */
function cityColours(cities: readonly string[]): Map<string, string> {
  const names = [...new Map(cities.map((city) => [city.toLocaleLowerCase(), city])).values()];
  names.sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }) || a.localeCompare(b));
  return new Map(names.map((city, i) => [city.toLocaleLowerCase(), `city-${i % PALETTE_SIZE}`]));
}

const colourOf = (colours: ReadonlyMap<string, string>, city: string | null) => (city ? (colours.get(city.toLocaleLowerCase()) ?? "") : "");

/** Which colour stands for which city; each name narrows the month to that city. */
function legend(ctx: PageContext, entries: readonly CalendarEntry[], colours: ReadonlyMap<string, string>): Html | "" {
  const shown = [...new Map(entries.filter(({ source }) => source.city).map(({ source }) => [source.city!.toLocaleLowerCase(), source.city!])).values()].sort(
    (a, b) => a.localeCompare(b, ctx.intl),
  );
  if (!shown.length) return "";
  return html`<section class="city-legend" aria-labelledby="legend-title"><h2 id="legend-title">${ctx.t.cityLegend}</h2><ul>${shown.map(
    (city) =>
      html`<li class="${colourOf(colours, city)}"><span class="swatch" aria-hidden="true"></span><a href="${withQuery(ctx, { city })}">${city}</a></li>`,
  )}</ul></section>`;
}

/** Monday-first weeks covering the month, as ISO dates. */
function weeks(month: string): string[][] {
  const first = Temporal.PlainDate.from(`${month}-01`);
  let day = first.subtract({ days: first.dayOfWeek - 1 });
  const last = first.add({ months: 1 }).subtract({ days: 1 });
  const rows: string[][] = [];
  while (Temporal.PlainDate.compare(day, last) <= 0) {
    rows.push(Array.from({ length: 7 }, (_, i) => day.add({ days: i }).toString()));
    day = day.add({ days: 7 });
  }
  return rows;
}

function dayCell(ctx: PageContext, day: string, month: string, entries: readonly CalendarEntry[], colours: ReadonlyMap<string, string>): Html {
  const inMonth = day.startsWith(month);
  const shown = entries.slice(0, PER_DAY);
  const more = entries.length - shown.length;
  const today = day === Temporal.Instant.from(ctx.now.toISOString()).toZonedDateTimeISO(ctx.tz).toPlainDate().toString();
  return html`<td class="${inMonth ? "" : "outside"}${today ? " today" : ""}${entries.length ? "" : " empty"}">
<p class="daynum"><time datetime="${day}"><span class="sr-only">${formatDay(day, ctx.intl)}</span><span aria-hidden="true">${Number(day.slice(8))}</span></time></p>
${
  shown.length
    ? html`<ul>${shown.map(({ event, source }) => {
        const classes = [colourOf(colours, source.city), event.status === "cancelled" ? "cancelled" : ""].filter(Boolean).join(" ");
        return html`<li${classes ? html` class="${classes}"` : ""}><a href="${eventPath(event)}">${
          event.allDay ? "" : html`<span class="time">${formatTime(event.startsAt, ctx.tz, ctx.intl)}</span> `
        }${event.title}${source.city ? html`<span class="sr-only"> (${source.city})</span>` : ""}</a></li>`;
      })}</ul>`
    : ""
}
${more > 0 ? html`<p class="more"><a href="${withQuery(ctx, { from: day, month: undefined }, "/")}">${ctx.t.moreEvents(more)}</a></p>` : ""}
</td>`;
}

/** An empty month says so, and links to the next month that has events. */
function emptyMonth(ctx: PageContext, data: MonthData): Html {
  if (data.nothingYet) return noEvents(ctx, true);
  const { t } = ctx;
  return html`<p class="empty" role="status">${t.noEventsThisMonth}${
    data.next
      ? html` <a class="next-events" href="${withQuery(ctx, { month: data.next })}">${t.nextEventsIn(formatMonthHeading(data.next, ctx.intl))} →</a>`
      : ""
  }</p>`;
}

/** The programme as a month grid (a table: a list of days on a phone). */
export function renderMonth(ctx: PageContext, data: MonthData): string {
  const { t } = ctx;
  const grouped = new Map(byDay(data.entries, ctx.tz));
  const current = Temporal.PlainYearMonth.from(data.month);
  const nav = (delta: number) => current.add({ months: delta }).toString();
  const keep = { q: data.filters.q, tag: data.filters.tag, city: data.filters.city };
  const title = formatMonthHeading(data.month, ctx.intl);
  const colours = cityColours([...data.cities.map(({ city }) => city), ...data.entries.flatMap(({ source }) => (source.city ? [source.city] : []))]);
  const body = html`<h1>${t.monthTitle}</h1>
${filterForm(ctx, "/month", data.filters, data.cities, { month: data.month })}
<nav class="month-nav" aria-label="${t.monthTitle}">
<a href="${withQuery(ctx, { month: nav(-1) })}" rel="prev">← ${t.previousMonth}</a>
<h2 id="month-title">${title}</h2>
<a href="${withQuery(ctx, { month: nav(1) })}" rel="next">${t.nextMonth} →</a>
</nav>
<p class="count">${t.eventsFound(data.entries.length)}. ${t.timesShownIn(zoneLabel(ctx.tz, `${data.month}-15T12:00:00Z`, ctx.intl))} <a href="#tz">${t.changeZone}</a></p>
${zoneSuggestion(ctx)}
${data.entries.length ? "" : emptyMonth(ctx, data)}
${legend(ctx, data.entries, colours)}
<table class="month" aria-labelledby="month-title">
<thead><tr>${weekdayNames(ctx.intl, "long").map((name, i) => html`<th scope="col"><abbr title="${name}">${weekdayNames(ctx.intl)[i]}</abbr></th>`)}</tr></thead>
<tbody>${weeks(data.month).map((week) => html`<tr>${week.map((day) => dayCell(ctx, day, data.month, grouped.get(day) ?? [], colours))}</tr>`)}</tbody>
</table>
${zoneForm(ctx, "/month", { ...keep, month: data.month })}`;
  return renderPage(ctx, { title: `${title} — ${ctx.venue.name}`, body, section: "month", feeds: programmeFeeds(ctx, data.filters) });
}
