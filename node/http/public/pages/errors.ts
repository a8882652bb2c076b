import type { PageContext } from "./context.ts";
import { html } from "./html.ts";
import { renderPage } from "./layout.ts";

/** 404 and 410 pages: a plain explanation and a way back, in the visitor's language. */
export function renderError(ctx: PageContext, status: 404 | 410): string {
  const { t } = ctx;
  const [title, text] = status === 410 ? [t.goneTitle, t.goneText] : [t.notFoundTitle, t.notFoundText];
  const body = html`<section class="error-page">
<h1>${title}</h1>
<p>${text}</p>
<p><a href="/">${t.backHome}</a></p>
</section>`;
  return renderPage(ctx, { title: `${title} — ${ctx.venue.name}`, head: html`<meta name="robots" content="noindex">`, body });
}
