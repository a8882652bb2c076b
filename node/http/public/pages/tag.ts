import type { CalendarEntry } from "../../../domain/network/cantines.ts";
import type { PageContext } from "./context.ts";
import { agenda } from "./event-card.ts";
import { zoneLabel } from "./format.ts";
import { zoneForm, zoneSuggestion } from "./forms.ts";
import { html } from "./html.ts";
import { renderPage } from "./layout.ts";
import { feedQuery, feeds, tagPath, webcal } from "./links.ts";
import { noEvents, pager } from "./programme.ts";

export type TagData = Readonly<{ tag: string; entries: CalendarEntry[]; total: number; page: number; pageSize: number }>;

/**
 * A hashtag's page (`/tags/NAME`): the upcoming programme of the whole network with that tag, and
 * its feeds. Mastodon links the hashtags of our events here.
 */
export function renderTag(ctx: PageContext, data: TagData): string {
  const { t, venue } = ctx;
  const { tag } = data;
  const atom = feeds.atom(feedQuery({ tag }));
  const body = html`<h1>#${tag}</h1>
<p class="lead">${t.tagIntro(tag)}</p>
<p class="count" role="status">${t.eventsFound(data.total)}. ${t.timesShownIn(zoneLabel(ctx.tz, ctx.now.toISOString(), ctx.intl))} <a href="#tz">${t.changeZone}</a></p>
${zoneSuggestion(ctx)}
${data.entries.length ? agenda(ctx, data.entries) : noEvents(ctx, false, t.noEventsWithTag)}
${pager(ctx, data)}
<section class="actions" aria-labelledby="feeds-title">
<h2 id="feeds-title">${t.calendarTitle}</h2>
<ul class="buttons">
<li><a class="button" href="${webcal(venue.origin, feeds.tag(tag))}">${t.subscribe}${t.colon}${t.subscribeTag(tag)}</a></li>
<li><a href="${feeds.tag(tag)}" type="text/calendar" download>${t.downloadIcs}</a></li>
<li><a href="${atom}" type="application/atom+xml">${t.atomFeed}</a></li>
</ul>
</section>
<p><a href="/">${t.backHome}</a></p>
${zoneForm(ctx, tagPath(tag))}`;
  return renderPage(ctx, {
    title: `#${tag} — ${venue.name}`,
    body,
    section: "agenda",
    feeds: [
      { type: "application/atom+xml", href: atom, title: `${t.subscribeTag(tag)} (Atom)` },
      { type: "text/calendar", href: feeds.tag(tag), title: `${t.subscribeTag(tag)} (iCalendar)` },
    ],
  });
}
