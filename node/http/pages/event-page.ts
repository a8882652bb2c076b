import type { CantineEvent } from "../../domain/event.ts";
import type { Project } from "../../domain/project.ts";
import { escapeHtml } from "../../domain/text.ts";
import type { Venue } from "../../domain/venue.ts";
import { renderPage } from "./layout.ts";

function when(event: CantineEvent, locale: string): string {
  const options: Intl.DateTimeFormatOptions = event.allDay
    ? { dateStyle: "full", timeZone: event.timezone }
    : { dateStyle: "full", timeStyle: "short", timeZone: event.timezone };
  const format = new Intl.DateTimeFormat(locale, options);
  const start = format.format(new Date(event.startsAt));
  const range = event.endsAt && !event.allDay ? format.formatRange(new Date(event.startsAt), new Date(event.endsAt)) : start;
  return event.allDay ? range : `${range} (${event.timezone})`;
}

/** A minimal event page; the full calendar pages come with the web front end. */
export function renderEventPage(event: CantineEvent, venue: Venue): string {
  const place = event.location
    ? [event.location.name, event.location.room, event.location.address].filter(Boolean).map((s) => escapeHtml(s!)).join(", ")
    : "";
  const online = event.location?.url ? `<p><a href="${escapeHtml(event.location.url)}" rel="nofollow noopener">${escapeHtml(event.location.url)}</a></p>` : "";
  return renderPage({
    title: `${event.title} — ${venue.name}`,
    lang: event.language ?? venue.locale,
    head: `<link rel="alternate" type="application/activity+json" href="${escapeHtml(event.apId)}">`,
    body: `<main>
<p class="muted"><a href="/users/${escapeHtml(venue.slug)}">${escapeHtml(venue.name)}</a></p>
<h1>${event.status === "cancelled" ? "<s>" : ""}${escapeHtml(event.title)}${event.status === "cancelled" ? "</s>" : ""}</h1>
${event.status !== "scheduled" ? `<p><strong>${escapeHtml(event.status.toUpperCase())}</strong></p>` : ""}
<p><time datetime="${escapeHtml(event.startsAt)}">${escapeHtml(when(event, venue.locale))}</time></p>
${place ? `<p>${place}</p>` : ""}${online}
${event.descriptionHtml}
${event.tags.length ? `<p>${event.tags.map((t) => `#${escapeHtml(t)}`).join(" ")}</p>` : ""}
</main>`,
  });
}

export function renderProjectPage(project: Project, venue: Venue): string {
  return renderPage({
    title: `${project.title} — ${venue.name}`,
    lang: project.language ?? venue.locale,
    head: `<link rel="alternate" type="application/activity+json" href="${escapeHtml(project.apId)}">`,
    body: `<main>
<p class="muted"><a href="/users/${escapeHtml(venue.slug)}">${escapeHtml(venue.name)}</a></p>
<h1>${escapeHtml(project.title)}</h1>
<p>${escapeHtml(project.summary)}</p>
<p class="muted">${escapeHtml(project.stage)}${project.lookingFor.length ? ` · ${project.lookingFor.map(escapeHtml).join(", ")}` : ""}</p>
${project.descriptionHtml}
</main>`,
  });
}

/** What a browser sees at the URL of something deleted. */
export function renderGonePage(kind: string, venue: Venue): string {
  return renderPage({ title: `Deleted ${kind}`, lang: venue.locale, body: `<main><h1>This ${escapeHtml(kind)} was deleted</h1></main>` });
}
