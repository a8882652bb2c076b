import type { BoardEntry, CalendarEntry } from "../../../domain/network/cantines.ts";
import type { PageContext } from "./context.ts";
import { handleOf } from "./context.ts";
import { agenda } from "./event-card.ts";
import { followBlock } from "./forms.ts";
import { html, safeUrl } from "./html.ts";
import { renderPage } from "./layout.ts";
import { feeds, mapUrl, webcal } from "./links.ts";
import { projectPath } from "./projects.ts";

export type ProfileData = Readonly<{ actorUrl: string; followers: number; upcoming: CalendarEntry[]; projects: BoardEntry[] }>;

/** The cantine's profile page for browsers (the same URL serves its actor to ActivityPub clients). */
export function renderProfile(ctx: PageContext, data: ProfileData): string {
  const { venue, t } = ctx;
  const handle = handleOf(venue);
  const icon = safeUrl(venue.icon) ?? "/icon.png";
  const website = safeUrl(venue.website);
  const map = mapUrl({ address: venue.address }, venue.city);
  const head = html`<link rel="alternate" type="application/activity+json" href="${data.actorUrl}">
<meta name="description" content="${venue.summary ?? venue.name}">
<meta property="og:type" content="profile">
<meta property="og:title" content="${venue.name} (@${handle})">
<meta property="og:description" content="${venue.summary ?? `${venue.city}, ${venue.country}`}">
<meta property="og:url" content="${data.actorUrl}">
<meta property="og:image" content="${new URL(icon, venue.origin).href}">`;
  const body = html`<header class="profile-head">
<img class="avatar" src="${icon}" alt="" width="96" height="96">
<div><h1>${venue.name}</h1>
<p class="handle">@${handle}</p></div>
</header>
${venue.summary ? html`<p class="lead">${venue.summary}</p>` : ""}
<div class="columns">
<div class="primary">
<dl class="facts">
${venue.address ? html`<dt>${t.address}</dt><dd>${venue.address}${map ? html` <a href="${map}" rel="noopener">${t.openMap}</a>` : ""}</dd>` : ""}
<dt>${t.city}</dt><dd>${venue.city}, ${venue.country}</dd>
<dt>${t.timezone}</dt><dd>${venue.timezone}</dd>
${website ? html`<dt>${t.website}</dt><dd><a href="${website}" rel="me noopener">${website}</a></dd>` : ""}
<dt>${t.followers}</dt><dd>${data.followers}</dd>
</dl>
<h2>${t.upcoming}</h2>
${data.upcoming.length ? agenda(ctx, data.upcoming) : html`<p class="empty">${t.noEventsYet}</p>`}
<p class="subscribe"><a href="${webcal(venue.origin, feeds.cantine(handle))}">${t.subscribe}${t.colon}${t.subscribeCantine(venue.name)}</a></p>
${data.projects.length ? html`<h2>${t.navProjects}</h2><ul>${data.projects.map(({ project }) => html`<li><a href="${projectPath(project)}">${project.title}</a> — ${project.summary}</li>`)}</ul>` : ""}
</div>
<aside class="identity">${followBlock(ctx)}</aside>
</div>`;
  const calendar = { type: "text/calendar", href: feeds.cantine(handle), title: `${t.subscribeCantine(venue.name)} (iCalendar)` } as const;
  return renderPage(ctx, { title: `${venue.name} (@${handle})`, head, body, section: "about", feeds: [calendar] });
}
