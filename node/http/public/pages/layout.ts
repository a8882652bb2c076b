import { pathOf } from "../../../domain/local-urls.ts";
import { LOCALES, languageNames } from "../../i18n/index.ts";
import type { PageContext } from "./context.ts";
import { withQuery } from "./context.ts";
import type { Fragment, Html } from "./html.ts";
import { html, safeUrl } from "./html.ts";

export type PageOptions = {
  title: string;
  body: Html;
  /** Extra `<head>` markup (OpenGraph, JSON-LD, alternate links). */
  head?: Html;
  /** Which menu entry to mark as the current page. */
  section?: "agenda" | "month" | "projects" | "network" | "about";
  /** Language of the main content, when it differs from the interface (a remote event in Spanish…). */
  contentLang?: string | null;
  /** Feeds of what the page shows, announced in `<head>` so that feed readers and calendar apps find them. */
  feeds?: readonly Alternate[];
};

/** A feed of the page's content: Atom for feed readers, iCalendar for calendar apps. */
export type Alternate = Readonly<{ type: "application/atom+xml" | "text/calendar"; href: string; title: string }>;

function alternates(feeds: readonly Alternate[]): Html {
  return html`${feeds.map((feed) => html`<link rel="alternate" type="${feed.type}" title="${feed.title}" href="${feed.href}">\n`)}`;
}

function menu(ctx: PageContext, current: PageOptions["section"]): Html {
  const { t, venue } = ctx;
  const entries: [NonNullable<PageOptions["section"]>, string, string][] = [
    ["agenda", "/", t.navAgenda],
    ["month", "/month", t.navMonth],
    ["projects", "/projects", t.navProjects],
    ["network", "/network", t.navNetwork],
    ["about", pathOf("actor", { identifier: venue.slug }), t.navAbout],
  ];
  return html`<nav class="menu" aria-label="${t.mainNav}"><ul>${entries.map(
    ([key, href, label]) => html`<li><a href="${href}"${key === current ? html` aria-current="page"` : ""}>${label}</a></li>`,
  )}</ul></nav>`;
}

function languageSwitch(ctx: PageContext): Html {
  return html`<nav class="langs" aria-label="${ctx.t.language}"><ul>${LOCALES.map(
    (locale) =>
      html`<li><a href="${withQuery(ctx, { lang: locale })}" hreflang="${locale}" lang="${locale}"${
        locale === ctx.locale ? html` aria-current="true"` : ""
      }>${languageNames[locale]}</a></li>`,
  )}</ul></nav>`;
}

/** A discreet way in for the team; once signed in, the admin and a sign-out button (a form: it changes state). */
function operatorLinks(ctx: PageContext): Html {
  const { t, operator } = ctx;
  if (!operator) return html`<nav class="operator" aria-label="${t.operatorNav}"><a href="/admin" rel="nofollow">${t.signIn}</a></nav>`;
  return html`<nav class="operator" aria-label="${t.operatorNav}"><span class="operator-name">${operator.name}</span> · <a href="/admin">${t.adminLink}</a> · <form method="post" action="/admin/sign-out" class="inline"><input type="hidden" name="_csrf" value="${operator.csrf}"><button type="submit" class="link">${t.signOut}</button></form></nav>`;
}

/** Where an operator edits one of this node's events (null for remote events and visitors). */
export function editPath(ctx: PageContext, event: { local: boolean; id: string }): string | null {
  return ctx.operator && event.local ? `/admin/events/${encodeURIComponent(event.id)}/edit` : null;
}

/**
 * The frame every page shares: semantic landmarks, a skip link, CSS from /assets, and one small
 * script of our own (/assets/tz.js, which offers the viewer's time zone); pages work without it.
 */
export function renderPage(ctx: PageContext, { title, body, head, section, contentLang, feeds }: PageOptions): string {
  const { venue, t } = ctx;
  const icon = safeUrl(venue.icon ?? null) ?? "/icon.png";
  const lang: Fragment = contentLang && contentLang !== ctx.locale ? html` lang="${contentLang}"` : "";
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="${icon}">
<script src="/assets/tz.js" defer></script>
${alternates(feeds ?? [])}${head ?? ""}
</head>
<body>
<a class="skip" href="#main">${t.skipToContent}</a>
<header class="site">
<div class="wrap bar">
<a class="brand" href="/"><img src="${icon}" alt="" width="40" height="40"><span>${venue.name}</span></a>
${menu(ctx, section)}
${languageSwitch(ctx)}
</div>
</header>
<main id="main" class="wrap" tabindex="-1"${lang}>
${body}
</main>
<footer class="site"><div class="wrap"><p>${t.footer}</p>${operatorLinks(ctx)}</div></footer>
</body>
</html>`.value;
}
