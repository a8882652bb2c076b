import { MIN_PASSWORD } from "../../../domain/accounts/manage-accounts.ts";
import { html } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import type { FormErrors, FormValues } from "../fields.ts";
import { errorSummary, input } from "../fields.ts";
import { csrfField, renderAdminPage } from "../layout.ts";

export function renderSignIn(ctx: AdminContext, values: FormValues, failure: string | null, next: string): string {
  const { a } = ctx;
  const body = html`<div class="narrow">
<h1>${a.signInTitle}</h1>
<p class="lead">${a.signInIntro(ctx.venue.name)}</p>
${failure ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${failure}</p></div>` : ""}
<form method="post" action="/admin/sign-in" class="stack">
${csrfField(ctx)}
<input type="hidden" name="next" value="${next}">
${input(a.name, "name", values, {}, { required: true, attrs: html` autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="60"` })}
${input(a.password, "password", {}, {}, { type: "password", required: true, attrs: html` autocomplete="current-password" maxlength="200"` })}
<p><button type="submit">${a.signIn}</button></p>
</form>
</div>`;
  return renderAdminPage(ctx, { title: a.signIn, body });
}

function passwordFields(ctx: AdminContext, errors: FormErrors): ReturnType<typeof html> {
  const { a } = ctx;
  return html`${input(a.newPassword, "password", {}, errors, { type: "password", required: true, hint: a.passwordHint(MIN_PASSWORD), attrs: html` autocomplete="new-password" minlength="${MIN_PASSWORD}" maxlength="200"` })}
${input(a.confirmPassword, "confirm", {}, errors, { type: "password", required: true, attrs: html` autocomplete="new-password" maxlength="200"` })}`;
}

export function renderInvite(ctx: AdminContext, name: string, token: string, errors: FormErrors): string {
  const { a } = ctx;
  const body = html`<div class="narrow">
<h1>${a.inviteTitle(name)}</h1>
<p class="lead">${a.inviteIntro}</p>
${errorSummary(ctx, errors, { password: a.newPassword, confirm: a.confirmPassword })}
<form method="post" action="/admin/invite/${token}" class="stack">
${csrfField(ctx)}
<input type="text" name="username" value="${name}" autocomplete="username" hidden>
${passwordFields(ctx, errors)}
<p><button type="submit">${a.inviteSave}</button></p>
</form>
</div>`;
  return renderAdminPage(ctx, { title: a.inviteTitle(name), body });
}

export function renderPassword(ctx: AdminContext, errors: FormErrors): string {
  const { a } = ctx;
  const body = html`<div class="narrow">
<h1>${a.passwordTitle}</h1>
${errorSummary(ctx, errors, { current: a.currentPassword, password: a.newPassword, confirm: a.confirmPassword })}
<form method="post" action="/admin/password" class="stack">
${csrfField(ctx)}
<input type="text" name="username" value="${ctx.account?.name ?? ""}" autocomplete="username" hidden>
${input(a.currentPassword, "current", {}, errors, { type: "password", required: true, attrs: html` autocomplete="current-password" maxlength="200"` })}
${passwordFields(ctx, errors)}
<p><button type="submit">${a.changePassword}</button></p>
</form>
<h2>${a.sessionsTitle}</h2>
<p>${a.sessionsHint}</p>
<form method="post" action="/admin/sign-out-everywhere">${csrfField(ctx)}<button type="submit" class="secondary">${a.signOutEverywhere}</button></form>
</div>`;
  return renderAdminPage(ctx, { title: a.passwordTitle, body, section: "own-password" });
}
