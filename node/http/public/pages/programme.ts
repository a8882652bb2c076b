import type { PageContext } from "./context.ts";
import { withQuery } from "./context.ts";
import type { Filters } from "./forms.ts";
import type { Html } from "./html.ts";
import { html, withCode } from "./html.ts";
import type { Alternate } from "./layout.ts";
import { feedQuery, feeds } from "./links.ts";

// Parts shared by the pages that list the programme: the agenda, the month grid, a tag's page.

/** Pages of a long agenda ("Earlier events", "Later events"). */
export function pager(ctx: PageContext, data: Readonly<{ total: number; page: number; pageSize: number }>): Html | "" {
  const last = Math.max(1, Math.ceil(data.total / data.pageSize));
  if (last === 1) return "";
  const link = (page: number, label: string, rel: string) =>
    html`<a href="${withQuery(ctx, { page: page === 1 ? undefined : String(page) })}" rel="${rel}">${label}</a>`;
  return html`<nav class="pager" aria-label="${ctx.t.pagination}">
${data.page > 1 ? link(data.page - 1, ctx.t.previousPage, "prev") : ""}
${data.page < last ? link(data.page + 1, ctx.t.nextPage, "next") : ""}
</nav>`;
}

/** An empty agenda: "nothing matches" when filtered; a new node says it has no events yet, and how to add some. */
export function noEvents(ctx: PageContext, nothingYet: boolean, text = ctx.t.noEvents): Html {
  if (!nothingYet) return html`<p class="empty">${text}</p>`;
  return html`<div class="empty"><p><strong>${ctx.t.noEventsYet}</strong></p><p class="hint">${withCode(ctx.t.noEventsYetHint)}</p></div>`;
}

/** What a feed of the filtered programme is called: its city, its tag, or the whole network. */
function feedTitle(ctx: PageContext, filters: Filters): string {
  return (
    [filters.city ? ctx.t.subscribeCity(filters.city) : "", filters.tag ? ctx.t.subscribeTag(filters.tag) : "", filters.q ? `“${filters.q}”` : ""]
      .filter(Boolean)
      .join(" · ") || ctx.t.subscribeNetwork
  );
}

/** The Atom and iCalendar feeds of the programme as filtered, for `<head>`. */
export function programmeFeeds(ctx: PageContext, filters: Filters): Alternate[] {
  const query = feedQuery(filters);
  const title = feedTitle(ctx, filters);
  const calendar = filters.city && !filters.tag && !filters.q ? feeds.city(filters.city) : feeds.network(query);
  return [
    { type: "application/atom+xml", href: feeds.atom(query), title: `${title} (Atom)` },
    { type: "text/calendar", href: calendar, title: `${title} (iCalendar)` },
  ];
}
