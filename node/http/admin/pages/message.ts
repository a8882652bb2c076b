import { html } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import { renderAdminPage } from "../layout.ts";

/** A page that says one thing (a refusal, an expired link) and where to go next. */
export function renderMessage(ctx: AdminContext, { title, text, link }: { title: string; text: string; link?: [string, string] }): string {
  return renderAdminPage(ctx, {
    title,
    body: html`<div class="narrow"><h1>${title}</h1><p class="message" role="alert">${text}</p>${link ? html`<p><a href="${link[0]}">${link[1]}</a></p>` : ""}</div>`,
  });
}
