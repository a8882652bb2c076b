import type { Follower } from "../../../domain/network/followers.ts";
import type { FollowSummary } from "../../../domain/network/network.ts";
import { html } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import type { FormErrors, FormValues } from "../fields.ts";
import { errorSummary, input } from "../fields.ts";
import { csrfField, renderAdminPage } from "../layout.ts";
import { dateTime, followRequestRow, followState } from "./dashboard.ts";

export type NetworkPage = {
  follows: readonly FollowSummary[];
  pending: readonly Follower[];
  followers: readonly Follower[];
  values: FormValues;
  errors: FormErrors;
};

export function renderNetworkAdmin(ctx: AdminContext, page: NetworkPage): string {
  const { a, t } = ctx;
  const actorForm = (action: string, actor: string, label: string, cls = "secondary") =>
    html`<form method="post" action="${action}" class="inline">${csrfField(ctx)}<input type="hidden" name="actor" value="${actor}"><button type="submit" class="${cls}">${label}</button></form>`;
  const body = html`<h1>${a.networkTitle}</h1>
<section class="panel narrow" aria-labelledby="follow-title">
<h2 id="follow-title">${a.followTitle}</h2>
${errorSummary(ctx, page.errors, { handle: a.followWho })}
<form method="post" action="/admin/network/follow" class="stack" novalidate>${csrfField(ctx)}
${input(a.followWho, "handle", page.values, page.errors, { hint: a.followHint, required: true, attrs: html` autocapitalize="none" spellcheck="false" maxlength="500"` })}
<p><button type="submit">${a.follow}</button></p></form>
</section>
<h2>${a.followedCantines}</h2>
${
  page.follows.length === 0
    ? html`<p class="empty">${a.noFollowed}</p>`
    : html`<div class="table-scroll"><table class="admin-table">
<thead><tr><th scope="col">${t.cantine}</th><th scope="col">${a.state}</th><th scope="col">${a.lastSync}</th><th scope="col">${a.actions}</th></tr></thead>
<tbody>${page.follows.map(
        (f) => html`<tr><th scope="row">${f.name}${f.handle ? html`<br><span class="handle">@${f.handle}</span>` : ""}</th>
<td>${followState(ctx, f)}<br><span class="hint">${a.backfill(f.upcomingEvents, f.projects)}</span></td>
<td>${dateTime(f.lastSyncAt, ctx)}${f.lastError ? html`<br><span class="error">${f.lastError}</span>` : ""}</td>
<td class="row-actions">${actorForm("/admin/network/sync", f.actorId, a.syncNow)} ${actorForm("/admin/network/unfollow", f.actorId, a.unfollow, "danger")}</td></tr>`,
      )}</tbody></table></div>`
}
<h2>${a.pendingRequests}</h2>
${page.pending.length ? html`<ul class="plain">${page.pending.map((f) => followRequestRow(ctx, f))}</ul>` : html`<p>${a.noPendingRequests}</p>`}
<h2>${a.followersTitle}</h2>
${page.followers.length ? html`<ul class="plain">${page.followers.map((f) => html`<li>${f.handle ? `@${f.handle}` : f.actorId} <span class="hint">${a.since} ${dateTime(f.acceptedAt ?? f.createdAt, ctx)}</span></li>`)}</ul>` : html`<p>${a.noFollowers}</p>`}`;
  return renderAdminPage(ctx, { title: a.networkTitle, body, section: "network" });
}
