import type { ParticipantList } from "../../../domain/participation/manage-participants.ts";
import type { Participant } from "../../../domain/participation/participant.ts";
import { formatWhen } from "../../public/pages/format.ts";
import type { Html } from "../../public/pages/html.ts";
import { html } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import { csrfField, renderAdminPage } from "../layout.ts";
import { dateTime } from "./dashboard.ts";

/** A remote address shown as a link only when it is http(s). */
function personLink(p: Participant): Html {
  const label = p.name || p.handle || p.actorId;
  const handle = p.handle ? html`<br><span class="handle">@${p.handle}</span>` : "";
  return /^https?:\/\//i.test(p.actorId) ? html`<a href="${p.actorId}" rel="nofollow noopener">${label}</a>${handle}` : html`${label}${handle}`;
}

export function renderParticipants(ctx: AdminContext, list: ParticipantList): string {
  const { a } = ctx;
  const { event, attendance } = list;
  const restricted = list.mode === "restricted";
  const action = `/admin/events/${encodeURIComponent(event.id)}/participants`;
  const decide = (p: Participant, decision: "accept" | "refuse", label: string, cls: string) =>
    html`<form method="post" action="${action}" class="inline">${csrfField(ctx)}<input type="hidden" name="actor" value="${p.actorId}"><input type="hidden" name="decision" value="${decision}"><button type="submit" class="${cls}">${label}<span class="sr-only"> ${p.name || p.handle || p.actorId}</span></button></form>`;
  const actions = (p: Participant) =>
    restricted || p.state === "pending" || p.state === "refused"
      ? html`${p.state === "going" || p.state === "waiting" ? "" : decide(p, "accept", a.people.accept, "")} ${p.state === "refused" ? "" : decide(p, "refuse", a.people.refuse, "danger")}`
      : "";
  const anyActions = list.participants.some((p) => actions(p) !== "");
  const body = html`<div class="title-row"><h1>${a.people.title(event.title)}</h1><a class="button secondary" href="${action}.csv" download>${a.people.csv}</a></div>
<p>${formatWhen(event, event.timezone, ctx.intl)} · <a href="/admin/events/${event.id}/edit">${a.edit}</a> · <a href="/events/${event.id}">${a.view}</a></p>
<p>${a.people.mode[list.mode] ?? list.mode} · ${a.people.counts(attendance.going, attendance.waiting, attendance.remaining)}</p>
${
  list.participants.length === 0
    ? html`<p class="empty">${a.people.none}</p>`
    : html`<div class="table-scroll"><table class="admin-table participants">
<thead><tr><th scope="col">${a.people.person}</th><th scope="col">${a.people.answer}</th><th scope="col">${a.state}</th><th scope="col">${a.people.time}</th>${anyActions ? html`<th scope="col">${a.actions}</th>` : ""}</tr></thead>
<tbody>${list.participants.map(
        (p) => html`<tr data-actor="${p.actorId}">
<th scope="row">${personLink(p)}</th>
<td>${a.people.answered[p.activityType] ?? p.activityType}${p.message ? html`<br><q class="hint">${p.message}</q>` : ""}</td>
<td class="state">${a.people.states[p.state] ?? p.state}</td>
<td>${dateTime(p.since, ctx)}</td>
${anyActions ? html`<td class="row-actions">${actions(p)}</td>` : ""}
</tr>`,
      )}</tbody></table></div>`
}`;
  return renderAdminPage(ctx, { title: a.people.title(event.title), body, section: "events" });
}
