import type { Area } from "../../domain/accounts/account.ts";
import { mayUse } from "../../domain/accounts/account.ts";
import { LOCALES, languageNames } from "../i18n/index.ts";
import { withQuery } from "../public/pages/context.ts";
import type { Html } from "../public/pages/html.ts";
import { html } from "../public/pages/html.ts";
import type { AdminContext } from "./context.ts";
import { CSRF_FIELD } from "./csrf.ts";

export type AdminPageOptions = { title: string; body: Html; section?: Area };

/** The form token, in every form. */
export function csrfField(ctx: AdminContext): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">`;
}

function menu(ctx: AdminContext, current: Area | undefined): Html | "" {
  const { a, account } = ctx;
  if (!account) return "";
  const entries: [Area, string, string][] = [
    ["dashboard", "/admin", a.navDashboard],
    ["events", "/admin/events", a.navEvents],
    ["projects", "/admin/projects", a.navProjects],
    ["network", "/admin/network", a.navNetwork],
    ["moderation", "/admin/moderation", a.moderation.nav],
    ["tokens", "/admin/tokens", a.navTokens],
    ["accounts", "/admin/accounts", a.navAccounts],
  ];
  return html`<nav class="menu" aria-label="${a.adminNav}"><ul>${entries
    .filter(([area]) => mayUse(account.role, area))
    .map(([area, href, label]) => html`<li><a href="${href}"${area === current ? html` aria-current="page"` : ""}>${label}</a></li>`)}</ul></nav>`;
}

function who(ctx: AdminContext): Html | "" {
  const { a, account } = ctx;
  if (!account) return "";
  return html`<div class="who"><span>${a.signedInAs(account.name, a.roles[account.role] ?? account.role)}</span>
<a href="/admin/password">${a.navPassword}</a>
<form method="post" action="/admin/sign-out" class="inline">${csrfField(ctx)}<button type="submit" class="link">${a.signOut}</button></form></div>`;
}

function languages(ctx: AdminContext): Html {
  return html`<nav class="langs" aria-label="${ctx.t.language}"><ul>${LOCALES.map(
    (locale) =>
      html`<li><a href="${withQuery(ctx, { lang: locale })}" hreflang="${locale}" lang="${locale}"${locale === ctx.locale ? html` aria-current="true"` : ""}>${languageNames[locale]}</a></li>`,
  )}</ul></nav>`;
}

/** The admin's frame: the public stylesheet plus the admin's, one script of ours (/assets/admin.js), never indexed. */
export function renderAdminPage(ctx: AdminContext, { title, body, section }: AdminPageOptions): string {
  const { venue, a, t } = ctx;
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} — ${a.adminTitle} — ${venue.name}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="stylesheet" href="/assets/admin.css">
<script src="/assets/admin.js" defer></script>
</head>
<body class="admin">
<a class="skip" href="#main">${t.skipToContent}</a>
<header class="site">
<div class="wrap bar">
<a class="brand" href="/admin"><span>${venue.name}</span> <span class="tag">${a.adminTitle}</span></a>
${menu(ctx, section)}
${languages(ctx)}
</div>
<div class="wrap bar sub">${who(ctx)}<a href="/">${a.viewSite}</a></div>
</header>
<main id="main" class="wrap" tabindex="-1">
${ctx.notice ? html`<p class="flash" role="status">${ctx.notice}</p>` : ""}
${body}
</main>
</body>
</html>`.value;
}
