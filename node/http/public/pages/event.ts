import type { CantineEvent } from "../../../domain/events/event.ts";
import { pathOf } from "../../../domain/local-urls.ts";
import type { Cantine } from "../../../domain/network/cantines.ts";
import { participationMode } from "../../../domain/participation/modes.ts";
import type { Attendance } from "../../../domain/participation/participant.ts";
import { sanitizeHtml } from "../../../domain/rich-text.ts";
import { banner } from "./banner.ts";
import type { PageContext } from "./context.ts";
import type { ConversationView } from "./conversation.ts";
import { conversationSection } from "./conversation.ts";
import { cantineLink, editLink, eventPath, statusBadge } from "./event-card.ts";
import { eventHead } from "./event-meta.ts";
import { formatWhen, zoneLabel } from "./format.ts";
import { serverForm, zoneForm, zoneSuggestion } from "./forms.ts";
import type { Html } from "./html.ts";
import { html, raw, safeUrl } from "./html.ts";
import { renderPage } from "./layout.ts";
import { feeds, mapUrl, placeLines, tagPath, webcal } from "./links.ts";

/** `attendance`: the counts of one of our events that takes participants here, else null. */
export type EventPageData = Readonly<{
  event: CantineEvent;
  source: Cantine;
  via: Cantine | null;
  attendance?: Attendance | null;
  conversation?: ConversationView | null;
}>;

function when(ctx: PageContext, event: CantineEvent): Html {
  const { t } = ctx;
  const own = html`<dt>${t.eventZone(zoneLabel(event.timezone, event.startsAt, ctx.intl))}</dt>
<dd class="event-time"><time datetime="${event.startsAt}">${formatWhen(event, event.timezone, ctx.intl)}</time></dd>`;
  // All-day dates do not move with the viewer; the same zone needs no second line.
  if (event.allDay || ctx.tz === event.timezone) return html`<dl class="times">${own}</dl>`;
  return html`<dl class="times">${own}
<dt>${t.yourZone(zoneLabel(ctx.tz, event.startsAt, ctx.intl))}</dt>
<dd class="viewer-time"><time datetime="${event.startsAt}">${formatWhen(event, ctx.tz, ctx.intl)}</time></dd>
</dl>`;
}

function where(ctx: PageContext, event: CantineEvent, source: Cantine): Html | "" {
  const lines = placeLines(event.location);
  const online = safeUrl(event.location?.url);
  if (!lines.length && !online) return "";
  const map = mapUrl(event.location, source.city);
  return html`<dt>${ctx.t.where}</dt><dd>${lines.length ? html`<span class="place">${lines.join(", ")}</span>` : ""}${
    map ? html` <a href="${map}" rel="noopener">${ctx.t.openMap}</a>` : ""
  }${online ? html`${lines.length ? html`<br>` : ""}${ctx.t.online}${ctx.t.colon}<a href="${online}" rel="nofollow noopener">${new URL(online).host}</a>` : ""}</dd>`;
}

function facts(ctx: PageContext, data: EventPageData): Html {
  const { event, source, via } = data;
  const { t } = ctx;
  const registration = safeUrl(event.registrationUrl);
  const original = event.local ? null : safeUrl(event.url);
  return html`<dl class="facts">
${where(ctx, event, source)}
${event.organizer ? html`<dt>${t.organiser}</dt><dd class="organiser">${event.organizer}</dd>` : ""}
<dt>${t.fromCantine}</dt><dd class="source">${cantineLink(source, pathOf("actor", { identifier: ctx.venue.slug }))}${source.city ? html` (${source.city})` : ""}${
    via ? html` <span class="via">${t.via(via.name)}</span>` : ""
  }${original ? html` · <a href="${original}" rel="nofollow noopener">${t.original}</a>` : ""}</dd>
<dt>${t.status}</dt><dd class="status">${statusBadge(ctx, event.status) || t.statusScheduled}</dd>
${event.tags.length ? html`<dt>${t.tags}</dt><dd><ul class="tags">${event.tags.map((tag) => html`<li><a href="${tagPath(tag)}" rel="tag">#${tag}</a></li>`)}</ul></dd>` : ""}
${event.capacity ? html`<dt>${t.capacity}</dt><dd>${event.capacity}</dd>` : ""}
${attendanceFact(ctx, data.attendance)}
${registration ? html`<dt>${t.register}</dt><dd><a href="${registration}" rel="nofollow noopener">${new URL(registration).host}</a></dd>` : ""}
</dl>`;
}

/** "12 going · 3 places left · 2 on the waiting list". */
function attendanceFact(ctx: PageContext, attendance: Attendance | null | undefined): Html | "" {
  if (!attendance) return "";
  const { t } = ctx;
  const parts = [t.going(attendance.going)];
  if (attendance.remaining !== null) parts.push(t.placesLeft(attendance.remaining));
  if (attendance.waiting > 0) parts.push(t.onWaitingList(attendance.waiting));
  return html`<dt>${t.attendance}</dt><dd class="attendance">${parts.join(" · ")}</dd>`;
}

/** How to take part from another server, for the events that take participants here. */
function joinHelp(ctx: PageContext, data: EventPageData): Html | "" {
  const { attendance, event } = data;
  if (!attendance || event.status === "cancelled") return "";
  const { t } = ctx;
  return html`<section class="join" aria-labelledby="join-title">
<h2 id="join-title">${t.joinTitle}</h2>
<p>${t.joinHow}${participationMode(event) === "restricted" ? html` ${t.joinRestricted}` : ""}${attendance.remaining === 0 ? html` ${t.joinFull}` : ""}</p>
</section>`;
}

function actions(ctx: PageContext, data: EventPageData, pageUrl: string): Html {
  const { t, venue } = ctx;
  const city = data.source.city;
  return html`<section class="actions" aria-labelledby="actions-title">
<h2 id="actions-title">${t.calendarTitle}</h2>
<ul class="buttons">
<li><a class="button" href="${feeds.event(data.event.id)}" download>${t.addToCalendar}</a></li>
<li><a href="${webcal(venue.origin, feeds.network())}">${t.subscribe}${t.colon}${t.subscribeNetwork}</a></li>
${city ? html`<li><a href="${webcal(venue.origin, feeds.city(city))}">${t.subscribe}${t.colon}${t.subscribeCity(city)}</a></li>` : ""}
</ul>
<h2 id="share-title">${t.share}</h2>
<p><label for="share-url">${t.shareLink}</label><input id="share-url" type="url" readonly value="${pageUrl}"></p>
<h3>${t.shareOnMastodon}</h3>
${serverForm(ctx, { action: "/share", button: t.shareButton, extra: { event: data.event.id } })}
<p><a href="/follow">${t.followFromMastodon}</a></p>
</section>`;
}

/** One event: times in its zone and the viewer's, place, source cantine, calendar and share links. */
export function renderEvent(ctx: PageContext, data: EventPageData): string {
  const { event } = data;
  const pageUrl = new URL(eventPath(event), ctx.venue.origin).href;
  const cancelled = event.status === "cancelled";
  const body = html`<article class="event${cancelled ? " cancelled" : ""}"${event.language && event.language !== ctx.locale ? html` lang="${event.language}"` : ""}>
<header>
<h1>${event.title}</h1>
${editLink(ctx, event)}
${event.status !== "scheduled" ? html`<p class="notice" role="status">${cancelled ? ctx.t.cancelledNotice : ctx.t.postponedNotice}</p>` : ""}
</header>
${banner(ctx, event)}
<h2 class="sr-only">${ctx.t.when}</h2>
${when(ctx, event)}
${event.allDay ? "" : zoneSuggestion(ctx)}
${zoneForm(ctx, eventPath(event))}
${facts(ctx, data)}
${event.descriptionHtml ? html`<section class="description" aria-label="${ctx.t.description}">${raw(sanitizeHtml(event.descriptionHtml))}</section>` : ""}
</article>
${data.conversation ? conversationSection(ctx, data.conversation) : ""}
${joinHelp(ctx, data)}
${actions(ctx, data, pageUrl)}`;
  return renderPage(ctx, {
    title: `${cancelled ? `${ctx.t.statusCancelled}${ctx.t.colon}` : ""}${event.title} — ${ctx.venue.name}`,
    head: eventHead(ctx, event, data.source, pageUrl),
    body,
    section: "agenda",
  });
}
