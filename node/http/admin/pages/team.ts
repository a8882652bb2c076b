import type { Account } from "../../../domain/accounts/account.ts";
import { Roles } from "../../../domain/accounts/account.ts";
import type { OperatorToken } from "../../../domain/accounts/tokens.ts";
import { Scopes } from "../../../domain/accounts/tokens.ts";
import type { Html } from "../../public/pages/html.ts";
import { html } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import type { FormErrors, FormValues } from "../fields.ts";
import { choices, errorSummary, input } from "../fields.ts";
import { csrfField, renderAdminPage } from "../layout.ts";
import { dateTime } from "./dashboard.ts";

export function renderTokens(ctx: AdminContext, tokens: readonly OperatorToken[], form: { values: FormValues; errors: FormErrors; issued?: string }): string {
  const { a } = ctx;
  const now = ctx.now.getTime();
  const state = (t: OperatorToken) => (t.revokedAt ? "revoked" : Date.parse(t.expiresAt) <= now ? "expired" : "active");
  const body = html`<h1>${a.tokensTitle}</h1>
<p class="lead">${a.tokensIntro}</p>
${form.issued ? html`<div class="flash secret" role="status"><p>${a.tokenIssued}</p><p><label for="issued-token" class="sr-only">${a.navTokens}</label><textarea id="issued-token" readonly rows="3">${form.issued}</textarea></p></div>` : ""}
${
  tokens.length === 0
    ? html`<p class="empty">${a.noTokens}</p>`
    : html`<div class="table-scroll"><table class="admin-table">
<thead><tr><th scope="col">${a.tokenName}</th><th scope="col">${a.tokenScopes}</th><th scope="col">${a.state}</th><th scope="col">${a.expires}</th><th scope="col">${a.actions}</th></tr></thead>
<tbody>${tokens.map(
        (
          t,
        ) => html`<tr><th scope="row">${t.name}</th><td>${t.scopes.map((s) => a.scopeLabels[s] ?? s).join(", ")}</td><td>${a.tokenStates[state(t)]}</td><td>${dateTime(t.expiresAt, ctx)}</td>
<td>${state(t) === "active" ? html`<form method="post" action="/admin/tokens/revoke" class="inline">${csrfField(ctx)}<input type="hidden" name="id" value="${t.id}"><button type="submit" class="danger">${a.revoke}<span class="sr-only"> ${t.name}</span></button></form>` : ""}</td></tr>`,
      )}</tbody></table></div>`
}
<section class="panel narrow" aria-labelledby="issue-title"><h2 id="issue-title">${a.issueToken}</h2>
${errorSummary(ctx, form.errors, { name: a.tokenName, scopes: a.tokenScopes, days: a.tokenDays })}
<form method="post" action="/admin/tokens" class="stack" novalidate>${csrfField(ctx)}
${input(a.tokenName, "name", form.values, form.errors, { required: true, attrs: html` maxlength="100"` })}
${choices(
  "checkbox",
  a.tokenScopes,
  "scopes",
  Scopes.map((s) => [s, a.scopeLabels[s] ?? s] as const),
  form.values,
  form.errors,
)}
${input(a.tokenDays, "days", form.values, form.errors, { type: "number", attrs: html` min="1" max="3650"`, className: "short" })}
<p><button type="submit">${a.issueToken}</button></p></form></section>`;
  return renderAdminPage(ctx, { title: a.tokensTitle, body, section: "tokens" });
}

export function renderAccounts(
  ctx: AdminContext,
  accounts: readonly Account[],
  form: { values: FormValues; errors: FormErrors; link?: { text: string; url: string } },
): string {
  const { a } = ctx;
  const body = html`<h1>${a.accountsTitle}</h1>
${form.link ? html`<div class="flash secret" role="status"><p>${form.link.text}</p><p><label for="invite-link" class="sr-only">${a.inviteOperator}</label><input id="invite-link" type="url" readonly value="${form.link.url}"></p></div>` : ""}
<div class="table-scroll"><table class="admin-table">
<thead><tr><th scope="col">${a.name}</th><th scope="col">${a.role}</th><th scope="col">${a.actions}</th></tr></thead>
<tbody>${accounts.map(
    (
      account,
    ) => html`<tr><th scope="row">${account.name}${account.id === ctx.account?.id ? html` <span class="hint">(${a.you})</span>` : ""}${account.passwordHash ? "" : html`<br><span class="hint">${a.awaitingPassword}</span>`}</th>
<td>${a.roles[account.role] ?? account.role}</td>
<td class="row-actions">${accountAction(ctx, "/admin/accounts/reset", account, a.reset, "secondary")} ${account.id === ctx.account?.id ? "" : html`<a href="/admin/accounts/remove?name=${encodeURIComponent(account.name)}">${a.remove}<span class="sr-only"> ${account.name}</span></a>`}</td></tr>`,
  )}</tbody></table></div>
<section class="panel narrow" aria-labelledby="invite-title"><h2 id="invite-title">${a.inviteOperator}</h2>
${errorSummary(ctx, form.errors, { name: a.name, role: a.role })}
<form method="post" action="/admin/accounts/invite" class="stack" novalidate>${csrfField(ctx)}
${input(a.name, "name", form.values, form.errors, { required: true, attrs: html` maxlength="60" autocomplete="off"` })}
${choices(
  "radio",
  a.role,
  "role",
  Roles.map((r) => [r, `${a.roles[r]} — ${a.roleHints[r]}`] as const),
  { role: "editor", ...form.values },
  form.errors,
)}
<p><button type="submit">${a.inviteOperator}</button></p></form></section>`;
  return renderAdminPage(ctx, { title: a.accountsTitle, body, section: "accounts" });
}

function accountAction(ctx: AdminContext, action: string, account: Account, label: string, cls: string): Html {
  return html`<form method="post" action="${action}" class="inline">${csrfField(ctx)}<input type="hidden" name="name" value="${account.name}"><button type="submit" class="${cls}">${label}<span class="sr-only"> ${account.name}</span></button></form>`;
}

export function renderRemoveAccount(ctx: AdminContext, account: Account): string {
  const { a } = ctx;
  const body = html`<div class="narrow"><h1>${a.removeTitle(account.name)}</h1><p>${a.removeIntro}</p>
<form method="post" action="/admin/accounts/remove" data-confirm="${a.removeTitle(account.name)}">${csrfField(ctx)}<input type="hidden" name="name" value="${account.name}">
<p class="buttons-row"><button type="submit" class="danger">${a.remove}</button> <a href="/admin/accounts">${a.cancel}</a></p></form></div>`;
  return renderAdminPage(ctx, { title: a.removeTitle(account.name), body, section: "accounts" });
}
