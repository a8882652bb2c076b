import { pathOf } from "../../../domain/local-urls.ts";
import type { FollowedActor } from "../../../domain/network/cantines.ts";
import type { PageContext } from "./context.ts";
import { cantineLink } from "./event-card.ts";
import { html } from "./html.ts";
import { renderPage } from "./layout.ts";

export type NetworkEntry = FollowedActor & { upcomingEvents: number; projects: number };

/** The cantines this node knows: the local one first, then those it follows, with their counts. */
export function renderNetwork(ctx: PageContext, cantines: readonly NetworkEntry[]): string {
  const { t } = ctx;
  const remote = cantines.filter((c) => !c.local);
  const rows = cantines.map(
    (c) => html`<tr${c.local ? html` class="local"` : ""}>
<th scope="row">${cantineLink(c, pathOf("actor", { identifier: ctx.venue.slug }))}${c.handle ? html`<br><span class="handle">@${c.handle}</span>` : ""}</th>
<td>${c.city ? html`<a href="/?city=${encodeURIComponent(c.city)}">${c.city}</a>` : ""}${c.country ? ` (${c.country})` : ""}</td>
<td>${c.local ? t.thisCantine : html`<span class="state state-${c.followState}">${t.followStates[c.followState] ?? c.followState}</span>`}</td>
<td class="num">${c.upcomingEvents}</td>
<td class="num">${c.projects}</td>
</tr>`,
  );
  const body = html`<h1>${t.networkTitle}</h1>
<p class="lead">${t.networkIntro}</p>
<div class="table-scroll">
<table class="network">
<caption class="sr-only">${t.networkTitle}</caption>
<thead><tr><th scope="col">${t.cantine}</th><th scope="col">${t.city}</th><th scope="col">${t.followState}</th><th scope="col" class="num">${t.eventsCount}</th><th scope="col" class="num">${t.projectsCount}</th></tr></thead>
<tbody>${rows}</tbody>
</table>
</div>
${remote.length ? "" : html`<p class="empty">${t.noCantines}</p>`}`;
  return renderPage(ctx, { title: `${t.networkTitle} — ${ctx.venue.name}`, body, section: "network" });
}
