import type { Venue } from "../../domain/venue.ts";
import { escapeHtml } from "../../domain/text.ts";
import { renderPage } from "./layout.ts";

export type ProfileFacts = { actorUrl: string; handle: string; followers: number; iconUrl: string };

/** The cantine's profile page for browsers (the actor URL serves JSON to ActivityPub clients). */
export function renderProfile(venue: Venue, facts: ProfileFacts): string {
  const rows: [string, string | undefined][] = [
    ["Address", venue.address && escapeHtml(venue.address)],
    ["City", `${escapeHtml(venue.city)}, ${escapeHtml(venue.country)}`],
    ["Time zone", escapeHtml(venue.timezone)],
    ["Website", venue.website && `<a href="${escapeHtml(venue.website)}" rel="me">${escapeHtml(venue.website)}</a>`],
    ["Followers", String(facts.followers)],
  ];
  const details = rows
    .filter((row): row is [string, string] => Boolean(row[1]))
    .map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`)
    .join("\n");
  return renderPage({
    title: `${venue.name} (@${facts.handle})`,
    lang: venue.locale,
    head: `<link rel="alternate" type="application/activity+json" href="${escapeHtml(facts.actorUrl)}">`,
    body: `<header>
<img class="avatar" src="${escapeHtml(facts.iconUrl)}" alt="">
<h1>${escapeHtml(venue.name)}</h1>
<p class="muted">@${escapeHtml(facts.handle)}</p>
</header>
<main>
${venue.summary ? `<p>${escapeHtml(venue.summary)}</p>` : ""}
<dl>
${details}
</dl>
<h2>Follow from Mastodon</h2>
<p>Search for <strong>@${escapeHtml(facts.handle)}</strong> on your Mastodon server and press Follow.</p>
</main>`,
  });
}
