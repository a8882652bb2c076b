import { pathOf } from "../../../domain/local-urls.ts";
import type { CalendarEntry } from "../../../domain/network/cantines.ts";
import type { PageContext } from "./context.ts";
import { handleOf, withQuery } from "./context.ts";
import { agenda, eventCard } from "./event-card.ts";
import { formatDayHeading, zoneLabel } from "./format.ts";
import type { CityOption, Filters } from "./forms.ts";
import { filterForm, followBlock, zoneForm, zoneSuggestion } from "./forms.ts";
import type { Html } from "./html.ts";
import { html, safeUrl } from "./html.ts";
import { renderPage } from "./layout.ts";
import { feedQuery, feeds, mapUrl, webcal } from "./links.ts";
import { noEvents, pager, programmeFeeds } from "./programme.ts";

export type HomeData = Readonly<{
  entries: CalendarEntry[];
  total: number;
  page: number;
  pageSize: number;
  happeningNow: CalendarEntry[];
  cities: CityOption[];
  filters: Filters;
  /** No upcoming event at all and no filter: a new node, whose operator may need a hint. */
  nothingYet: boolean;
  /** A single day's programme (`?day=YYYY-MM-DD`): every event of that day, no "more" links. */
  day?: string;
  /** Events per day, for the days this page shows cut short (the agenda shows DAY_LIMIT cards a day). */
  dayTotals?: ReadonlyMap<string, number>;
}>;

/** Cards shown under one day on the programme before a "N more on this day" link. */
export const DAY_LIMIT = 6;

/** Who runs this node: name, address with a map, handle and the Mastodon follow form. */
function identity(ctx: PageContext): Html {
  const { venue, t } = ctx;
  const map = mapUrl({ address: venue.address }, venue.city);
  const website = safeUrl(venue.website);
  return html`<aside class="identity" aria-labelledby="identity-title">
<h2 id="identity-title"><a href="${pathOf("actor", { identifier: venue.slug })}">${venue.name}</a></h2>
${venue.summary ? html`<p>${venue.summary}</p>` : ""}
<dl>
${venue.address ? html`<dt>${t.address}</dt><dd>${venue.address}${map ? html`<br><a href="${map}" rel="noopener">${t.openMap}</a>` : ""}</dd>` : ""}
<dt>${t.city}</dt><dd>${venue.city}, ${venue.country}</dd>
<dt>${t.handle}</dt><dd class="handle">@${handleOf(venue)}</dd>
${website ? html`<dt>${t.website}</dt><dd><a href="${website}" rel="me noopener">${new URL(website).host}</a></dd>` : ""}
</dl>
${followBlock(ctx)}
</aside>`;
}

function nowList(ctx: PageContext, entries: readonly CalendarEntry[]): Html | "" {
  if (!entries.length) return "";
  return html`<section class="now" aria-labelledby="now-title">
<h2 id="now-title">${ctx.t.happeningNow}</h2>
<ul class="cards">${entries.map((entry) => html`<li>${eventCard(ctx, entry)}</li>`)}</ul>
</section>`;
}

function subscribe(ctx: PageContext, filters: Filters): Html {
  const { t, venue } = ctx;
  const { city, tag } = filters;
  return html`<p class="subscribe">${t.subscribe}${t.colon}<a href="${webcal(venue.origin, feeds.network())}">${t.subscribeNetwork}</a>${
    city ? html` · <a href="${webcal(venue.origin, feeds.city(city))}">${t.subscribeCity(city)}</a>` : ""
  }${tag ? html` · <a href="${webcal(venue.origin, feeds.tag(tag))}">${t.subscribeTag(tag)}</a>` : ""} · <a href="${feeds.atom(feedQuery(filters))}" type="application/atom+xml">${t.atomFeed}</a></p>`;
}

/** The worldwide programme as an agenda, with filters and the node's own identity beside it. */
export function renderHome(ctx: PageContext, data: HomeData): string {
  const { t } = ctx;
  const keep = { q: data.filters.q, tag: data.filters.tag, city: data.filters.city, day: data.day };
  const dayLink = (day: string) => withQuery(ctx, { day, page: undefined, from: undefined }, "/");
  const more = data.day ? undefined : { limit: DAY_LIMIT, totals: data.dayTotals ?? new Map<string, number>(), href: dayLink };
  const body = html`<div class="columns">
<div class="primary">
<h1>${t.homeTitle}</h1>
<p class="lead">${t.homeIntro}</p>
${filterForm(ctx, "/", data.filters, data.cities, { day: data.day })}
${data.day ? html`<p class="day-view"><strong>${t.dayView(formatDayHeading(data.day, ctx.intl))}</strong> · <a href="${withQuery(ctx, { day: undefined, page: undefined }, "/")}">${t.allDates}</a></p>` : ""}
${nowList(ctx, data.happeningNow)}
<p class="count" role="status">${t.eventsFound(data.total)}. ${t.timesShownIn(zoneLabel(ctx.tz, ctx.now.toISOString(), ctx.intl))} <a href="#tz">${t.changeZone}</a></p>
${zoneSuggestion(ctx)}
${data.entries.length ? agenda(ctx, data.entries, { series: !data.day, more }) : noEvents(ctx, data.nothingYet)}
${pager(ctx, data)}
${subscribe(ctx, data.filters)}
${zoneForm(ctx, "/", keep)}
</div>
${identity(ctx)}
</div>`;
  return renderPage(ctx, { title: `${t.homeTitle} — ${ctx.venue.name}`, body, section: "agenda", feeds: programmeFeeds(ctx, data.filters) });
}
