import type { Reply } from "../../../domain/conversation/replies.ts";
import { sanitizeHtml } from "../../../domain/rich-text.ts";
import { conversationMessages } from "../../i18n/conversation.ts";
import type { PageContext } from "./context.ts";
import type { Html } from "./html.ts";
import { html, raw, safeUrl } from "./html.ts";

/** What is shown under one of our events or projects: its counters and the replies it received. */
export type ConversationView = Readonly<{ likes: number; shares: number; replies: readonly Reply[]; totalReplies: number }>;

function when(ctx: PageContext, instant: string): string {
  return new Intl.DateTimeFormat(ctx.intl, { dateStyle: "medium", timeStyle: "short", timeZone: ctx.tz }).format(new Date(instant));
}

function reply(ctx: PageContext, item: Reply): Html {
  const t = conversationMessages[ctx.locale];
  const { author } = item;
  const name = author.name ?? author.handle ?? new URL(author.actorId).host;
  const profile = safeUrl(author.url) ?? safeUrl(author.actorId);
  // Remote pictures are shown over https only (the pages' Content-Security-Policy).
  const avatar = safeUrl(author.icon, ["https:"]);
  const permalink = safeUrl(item.url) ?? safeUrl(item.apId);
  return html`<li class="reply" id="reply-${item.id}">
<header class="reply-author">${avatar ? html`<img class="reply-avatar" src="${avatar}" alt="${t.avatarOf(name)}" width="40" height="40" loading="lazy" referrerpolicy="no-referrer">` : ""}
<a class="author-name" href="${profile ?? "#"}" rel="nofollow noopener">${name}</a>${author.handle ? html` <span class="author-handle">@${author.handle}</span>` : ""}
<a class="reply-time" href="${permalink ?? "#"}" rel="nofollow noopener"><time datetime="${item.publishedAt}">${when(ctx, item.publishedAt)}</time></a>
</header>
<div class="reply-content">${raw(sanitizeHtml(item.contentHtml))}</div>
</li>`;
}

/** The conversation section: "N interested", "shared N times", then the replies, oldest first. */
export function conversationSection(ctx: PageContext, view: ConversationView): Html {
  const t = conversationMessages[ctx.locale];
  return html`<section class="conversation" aria-labelledby="conversation-title">
<h2 id="conversation-title">${t.title}</h2>
<p class="counters"><span class="likes">${t.interested(view.likes)}</span> · <span class="shares">${t.shared(view.shares)}</span> · <span class="reply-count">${t.replies(view.totalReplies)}</span></p>
${view.replies.length ? html`<ol class="replies">${view.replies.map((item) => reply(ctx, item))}</ol>` : html`<p class="no-replies">${t.noReplies}</p>`}
<p class="reply-help">${t.howToReply}</p>
</section>`;
}
