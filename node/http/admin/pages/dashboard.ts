import { mayUse } from "../../../domain/accounts/account.ts";
import type { CantineEvent } from "../../../domain/events/event.ts";
import type { Follower } from "../../../domain/network/followers.ts";
import type { FollowSummary } from "../../../domain/network/network.ts";
import type { QueueHealth } from "../../ops/health.ts";
import { formatWhen } from "../../public/pages/format.ts";
import type { Html } from "../../public/pages/html.ts";
import { html } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import type { FailingServer } from "../deps.ts";
import { csrfField, renderAdminPage } from "../layout.ts";

export type DashboardData = Readonly<{
  events: readonly CantineEvent[];
  pending: readonly Follower[];
  follows: readonly FollowSummary[];
  queues: readonly QueueHealth[];
  oldestAgeSeconds: number | null;
  failing: readonly FailingServer[];
}>;

/** "3 min", "2 h", "4 days": how long something has waited. */
function age(seconds: number, locale: string): string {
  const format = (value: number, unit: Intl.RelativeTimeFormatUnit) =>
    new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short" }).format(value);
  if (seconds < 60) return format(seconds, "second" as Intl.RelativeTimeFormatUnit);
  if (seconds < 3600) return format(Math.round(seconds / 60), "minute" as Intl.RelativeTimeFormatUnit);
  if (seconds < 172_800) return format(Math.round(seconds / 3600), "hour" as Intl.RelativeTimeFormatUnit);
  return format(Math.round(seconds / 86_400), "day" as Intl.RelativeTimeFormatUnit);
}

export function dateTime(instant: string | null, ctx: AdminContext): string {
  if (!instant) return ctx.a.never;
  return new Intl.DateTimeFormat(ctx.intl, { dateStyle: "medium", timeStyle: "short", timeZone: ctx.tz }).format(new Date(instant));
}

export function followRequestRow(ctx: AdminContext, follower: Follower): Html {
  const { a } = ctx;
  const name = follower.handle ? `@${follower.handle}` : follower.actorId;
  const canAnswer = ctx.account && mayUse(ctx.account.role, "network");
  return html`<li><span class="who-follows">${name}</span> <span class="hint">${dateTime(follower.createdAt, ctx)}</span>${
    canAnswer
      ? html` <form method="post" action="/admin/network/followers/answer" class="inline">${csrfField(ctx)}<input type="hidden" name="actor" value="${follower.actorId}">
<button type="submit" name="answer" value="accept">${a.approve}</button> <button type="submit" name="answer" value="reject" class="secondary">${a.reject}</button></form>`
      : ""
  }</li>`;
}

export function followState(ctx: AdminContext, follow: FollowSummary): Html {
  const { a, t } = ctx;
  return html`<span class="state-${follow.followState}">${t.followStates[follow.followState] ?? follow.followState}</span>${
    follow.lastError ? html` <strong class="badge badge-cancelled">${a.syncFailing}</strong>` : ""
  }`;
}

export function renderDashboard(ctx: AdminContext, data: DashboardData): string {
  const { a } = ctx;
  const delivering = data.queues.some((q) => q.ready + q.delayed + q.leased > 0);
  const body = html`<h1>${a.dashboardTitle}</h1>
<div class="panels">
<section class="panel" aria-labelledby="next-title">
<h2 id="next-title">${a.nextEvents}</h2>
${
  data.events.length
    ? html`<ul class="plain">${data.events.map((e) => html`<li><a href="/admin/events/${e.id}/edit">${e.title}</a> <span class="hint">${formatWhen(e, e.timezone, ctx.intl)}</span>${e.status === "cancelled" ? html` <strong class="badge badge-cancelled">${a.cancelledBadge}</strong>` : ""}</li>`)}</ul>`
    : html`<p class="empty">${a.noNextEvents}</p>`
}
<p><a class="button" href="/admin/events/new">${a.newEvent}</a></p>
</section>
<section class="panel" aria-labelledby="pending-title">
<h2 id="pending-title">${a.pendingRequests}</h2>
${data.pending.length ? html`<ul class="plain">${data.pending.map((f) => followRequestRow(ctx, f))}</ul>` : html`<p>${a.noPendingRequests}</p>`}
</section>
<section class="panel" aria-labelledby="follows-title">
<h2 id="follows-title">${a.followedCantines}</h2>
${
  data.follows.length
    ? html`<ul class="plain">${data.follows.map((f) => html`<li><strong>${f.name}</strong>${f.city ? ` (${f.city})` : ""} — ${followState(ctx, f)} <span class="hint">${a.lastSync}${ctx.t.colon}${dateTime(f.lastSyncAt, ctx)} · ${a.backfill(f.upcomingEvents, f.projects)}</span></li>`)}</ul>`
    : html`<p>${a.noFollowed}</p>`
}
</section>
<section class="panel" aria-labelledby="delivery-title">
<h2 id="delivery-title">${a.deliveryHealth}</h2>
<p>${delivering ? a.queueDepth : a.allDelivered}</p>
${delivering ? html`<ul class="plain">${data.queues.map((q) => html`<li>${a.queueRow(q.queue, q.ready, q.delayed, q.leased)}</li>`)}</ul>` : ""}
${data.oldestAgeSeconds !== null ? html`<p>${a.oldestUndelivered(age(data.oldestAgeSeconds, ctx.intl))}</p>` : ""}
<h3>${a.failingServers}</h3>
${data.failing.length ? html`<ul class="plain">${data.failing.map((s) => html`<li><strong>${s.host}</strong> <span class="hint">${a.failures(s.failed, s.sent)}</span></li>`)}</ul>` : html`<p>${a.noFailingServers}</p>`}
</section>
</div>`;
  return renderAdminPage(ctx, { title: a.dashboardTitle, body, section: "dashboard" });
}
