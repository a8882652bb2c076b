import type { PageContext } from "./context.ts";
import { followBlock, serverForm } from "./forms.ts";
import { html } from "./html.ts";
import { renderPage } from "./layout.ts";

export type ServerPageOptions = { error?: boolean; value?: string; shareEvent?: string };

/** The follow (or share) form on its own page; shown again with the error after garbage (400). */
export function renderFollowPage(ctx: PageContext, options: ServerPageOptions = {}): string {
  const { t } = ctx;
  const { shareEvent, ...form } = options;
  const title = shareEvent ? t.shareOnMastodon : t.followFromMastodon;
  const block = shareEvent
    ? html`<section class="follow"><h2>${title}</h2>${serverForm(ctx, { action: "/share", button: t.shareButton, extra: { event: shareEvent }, ...form })}</section>`
    : followBlock(ctx, form);
  const body = html`<h1>${options.error ? t.badRequestTitle : title}</h1>
<div class="narrow">${block}</div>
<p><a href="/">${t.backHome}</a></p>`;
  return renderPage(ctx, { title: `${title} — ${ctx.venue.name}`, body, section: "about" });
}
