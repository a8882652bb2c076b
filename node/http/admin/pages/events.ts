import type { CantineEvent } from "../../../domain/events/event.ts";
import { pathOf } from "../../../domain/local-urls.ts";
import { formatWhen } from "../../public/pages/format.ts";
import { html } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import { fieldId } from "../fields.ts";
import { csrfField, renderAdminPage } from "../layout.ts";

export function renderEventList(ctx: AdminContext, events: readonly CantineEvent[], past: boolean): string {
  const { a } = ctx;
  const body = html`<div class="title-row"><h1>${past ? a.pastEvents : a.upcomingEvents}</h1><a class="button" href="/admin/events/new">${a.newEvent}</a></div>
<p><a href="${past ? "/admin/events" : "/admin/events?past=1"}">${past ? a.showUpcoming : a.showPast}</a></p>
${
  events.length === 0
    ? html`<p class="empty">${a.noEvents}</p>`
    : html`<div class="table-scroll"><table class="admin-table">
<thead><tr><th scope="col">${a.fieldTitle}</th><th scope="col">${a.fieldWhen}</th><th scope="col">${a.actions}</th></tr></thead>
<tbody>${events.map(
        (e) => html`<tr${e.status === "cancelled" ? html` class="cancelled"` : ""}>
<th scope="row"><a href="/admin/events/${e.id}/edit">${e.title}</a>${e.seriesId ? html` <span class="badge">${a.seriesBadge}</span>` : ""}${e.status === "cancelled" ? html` <strong class="badge badge-cancelled">${a.cancelledBadge}</strong>` : ""}</th>
<td>${formatWhen(e, e.timezone, ctx.intl)}</td>
<td class="row-actions"><a href="/admin/events/${e.id}/edit">${a.edit}<span class="sr-only"> ${e.title}</span></a>
<a href="/admin/events/${e.id}/participants">${a.people.nav}<span class="sr-only"> ${e.title}</span></a>
<a href="/admin/events/new?from=${e.id}">${a.duplicate}<span class="sr-only"> ${e.title}</span></a>
${e.status === "cancelled" ? "" : html`<a href="/admin/events/${e.id}/cancel">${a.cancelEvent}<span class="sr-only"> ${e.title}</span></a>`}
<a href="/admin/events/${e.id}/delete">${a.delete}<span class="sr-only"> ${e.title}</span></a>
<a href="${pathOf("event", { id: e.id })}">${a.view}<span class="sr-only"> ${e.title}</span></a></td>
</tr>`,
      )}</tbody></table></div>`
}`;
  return renderAdminPage(ctx, { title: a.eventsTitle, body, section: "events" });
}

export function renderCancel(ctx: AdminContext, event: CantineEvent, message: string): string {
  const { a } = ctx;
  const body = html`<div class="narrow">
<h1>${a.cancelTitle(event.title)}</h1>
<p>${formatWhen(event, event.timezone, ctx.intl)}</p>
<p>${a.cancelIntro}</p>
<form method="post" action="/admin/events/${event.id}/cancel" class="stack" data-confirm="${a.cancelTitle(event.title)}">
${csrfField(ctx)}
<div class="field"><label for="${fieldId("message")}">${a.cancelMessage} <span class="optional">(${a.optional})</span></label>
<p class="hint" id="${fieldId("message")}-hint">${a.cancelMessageHint}</p>
<textarea id="${fieldId("message")}" name="message" rows="4" maxlength="2000" aria-describedby="${fieldId("message")}-hint">${message}</textarea></div>
<p class="buttons-row"><button type="submit" class="danger">${a.confirmCancel}</button> <a href="/admin/events/${event.id}/edit">${a.keepEvent}</a></p>
</form>
</div>`;
  return renderAdminPage(ctx, { title: a.cancelTitle(event.title), body, section: "events" });
}

export function renderDelete(ctx: AdminContext, options: { title: string; when: string; action: string; intro: string; back: string }): string {
  const { a } = ctx;
  const body = html`<div class="narrow">
<h1>${a.deleteTitle(options.title)}</h1>
<p>${options.when}</p>
<p>${options.intro}</p>
<form method="post" action="${options.action}" data-confirm="${a.deleteTitle(options.title)}">
${csrfField(ctx)}
<p class="buttons-row"><button type="submit" class="danger">${a.confirmDelete}</button> <a href="${options.back}">${a.keepEvent}</a></p>
</form>
</div>`;
  return renderAdminPage(ctx, { title: a.deleteTitle(options.title), body, section: "events" });
}
