import type { AuditEntry } from "../../../domain/moderation/audit.ts";
import type { Block } from "../../../domain/moderation/blocks.ts";
import { SEVERITIES } from "../../../domain/moderation/blocks.ts";
import type { HiddenItem } from "../../../domain/moderation/hidden.ts";
import type { Report } from "../../../domain/moderation/reports.ts";
import type { Html } from "../../public/pages/html.ts";
import { html } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import type { FormErrors, FormValues } from "../fields.ts";
import { errorSummary, input, select } from "../fields.ts";
import { csrfField, renderAdminPage } from "../layout.ts";
import { dateTime } from "./dashboard.ts";

export type ModerationPage = {
  blocks: readonly Block[];
  reports: readonly Report[];
  hidden: readonly HiddenItem[];
  log: readonly AuditEntry[];
  values: FormValues;
  errors: FormErrors;
};

/** A URL from elsewhere: a link only when it is http(s). */
function urlLink(url: string): Html {
  return /^https?:\/\//i.test(url) ? html`<a href="${url}" rel="nofollow noopener">${url}</a>` : html`${url}`;
}

export function renderModeration(ctx: AdminContext, page: ModerationPage): string {
  const { a } = ctx;
  const m = a.moderation;
  const button = (action: string, name: string, value: string, label: string, hidden: string, cls = "secondary") =>
    html`<form method="post" action="/admin/moderation/${action}" class="inline">${csrfField(ctx)}<input type="hidden" name="${name}" value="${value}"><button type="submit" class="${cls}">${label}<span class="sr-only"> ${hidden}</span></button></form>`;
  const values = { severity: "suspend", ...page.values };
  const body = html`<h1>${m.title}</h1>
<section aria-labelledby="blocks-title">
<h2 id="blocks-title">${m.blocksTitle}</h2>
<div class="panel narrow">
<h3>${m.addBlock}</h3>
${errorSummary(ctx, page.errors, { target: m.target, reason: m.reason })}
<form method="post" action="/admin/moderation/block" class="stack" novalidate>${csrfField(ctx)}
${input(m.target, "target", values, page.errors, { hint: m.targetHint, required: true, attrs: html` autocapitalize="none" spellcheck="false" maxlength="2048"` })}
${select(
  m.severity,
  "severity",
  SEVERITIES.map((s) => [s, m.severities[s] ?? s] as const),
  values,
  page.errors,
  { hint: m.severityHint },
)}
${input(m.reason, "reason", values, page.errors, { optional: a.optional, attrs: html` maxlength="5000"` })}
<p><button type="submit" class="danger">${m.block}</button></p></form>
</div>
${
  page.blocks.length === 0
    ? html`<p class="empty">${m.noBlocks}</p>`
    : html`<div class="table-scroll"><table class="admin-table blocks">
<thead><tr><th scope="col">${m.target}</th><th scope="col">${m.severity}</th><th scope="col">${m.reason}</th><th scope="col">${m.since}</th><th scope="col">${a.actions}</th></tr></thead>
<tbody>${page.blocks.map(
        (b) => html`<tr data-target="${b.target}"><th scope="row">${b.kind === "actor" ? urlLink(b.target) : b.target}</th>
<td>${m.severities[b.severity] ?? b.severity}</td><td>${b.reason ?? ""}</td>
<td>${dateTime(b.createdAt, ctx)}<br><span class="hint">${b.createdBy}</span></td>
<td class="row-actions">${button("unblock", "target", b.target, m.unblock, b.target)}</td></tr>`,
      )}</tbody></table></div>`
}
</section>
<section aria-labelledby="reports-title">
<h2 id="reports-title">${m.reportsTitle}</h2>
${
  page.reports.length === 0
    ? html`<p class="empty">${m.noReports}</p>`
    : html`<ul class="plain reports">${page.reports.map(
        (r) => html`<li class="panel" data-report="${r.id}">
<p><strong>${m.reportFrom}</strong> ${urlLink(r.reporterId)} <span class="hint">${dateTime(r.receivedAt, ctx)}</span></p>
${r.comment ? html`<blockquote>${r.comment}</blockquote>` : html`<p class="hint">${m.noComment}</p>`}
<p>${m.about}</p><ul>${r.objectIds.map((o) => html`<li>${urlLink(o)}</li>`)}</ul>
<p>${button("resolve", "report", r.id, m.resolve, r.reporterId, "")}</p></li>`,
      )}</ul>`
}
</section>
<section aria-labelledby="hidden-title">
<h2 id="hidden-title">${m.hiddenTitle}</h2>
${
  page.hidden.length === 0
    ? html`<p class="empty">${m.noHidden}</p>`
    : html`<div class="table-scroll"><table class="admin-table hidden-items">
<thead><tr><th scope="col">${m.item}</th><th scope="col">${m.reason}</th><th scope="col">${m.since}</th><th scope="col">${a.actions}</th></tr></thead>
<tbody>${page.hidden.map(
        (h) => html`<tr><th scope="row">${h.label}<br><span class="hint">${m.kinds[h.kind] ?? h.kind} · ${urlLink(h.apId)}</span></th>
<td>${h.reason ?? ""}</td><td>${dateTime(h.hiddenAt, ctx)}<br><span class="hint">${h.hiddenBy}</span></td>
<td class="row-actions">${button("unhide", "url", h.apId, m.unhide, h.label)}</td></tr>`,
      )}</tbody></table></div>`
}
</section>
<section aria-labelledby="log-title">
<h2 id="log-title">${m.logTitle}</h2>
${
  page.log.length === 0
    ? html`<p class="empty">${m.noLog}</p>`
    : html`<div class="table-scroll"><table class="admin-table moderation-log">
<thead><tr><th scope="col">${m.when}</th><th scope="col">${m.who}</th><th scope="col">${m.action}</th><th scope="col">${m.target}</th></tr></thead>
<tbody>${page.log.map((e) => html`<tr><td>${dateTime(e.at, ctx)}</td><td>${e.who}</td><td>${m.actions[e.action] ?? e.action}</td><td>${e.target}</td></tr>`)}</tbody></table></div>`
}
</section>`;
  return renderAdminPage(ctx, { title: m.title, body, section: "moderation" });
}
