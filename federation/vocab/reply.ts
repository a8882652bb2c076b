// A reply to one of our objects (a Mastodon `Note` with `inReplyTo`), and its author's actor
// document, read leniently and never trusted: text is sanitised and bounded, URLs are http(s).

import type { ReplyAuthor } from "../../node/domain/conversation/replies.ts";
import { MAX_REPLY_HTML } from "../../node/domain/conversation/replies.ts";
import { htmlToText, truncate } from "../../node/domain/rich-text.ts";
import { escapeHtml } from "../../node/domain/text.ts";
import { firstActor, httpUrl, isRecord, listOf, nameText, plainText, readRichText, typesOf } from "./read.ts";

const REPLY_TYPES = new Set(["Note", "Question", "Article", "Page"]);

export type ReadReply = Readonly<{
  apId: string;
  url: string | null;
  inReplyTo: string;
  attributedTo: string;
  contentHtml: string;
  mentionsUs: boolean;
  publishedAt: string | null;
  updatedAt: string | null;
}>;

function instant(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 64) return null;
  try {
    return Temporal.Instant.from(value).toString();
  } catch {
    return null;
  }
}

/** Sanitised HTML no longer than MAX_REPLY_HTML: past it, the text alone, cut. */
function boundedHtml(html: string): string {
  if (html.length <= MAX_REPLY_HTML) return html;
  return `<p>${escapeHtml(truncate(htmlToText(html), MAX_REPLY_HTML / 4))}</p>`;
}

/** A reply object (Note…) → what we keep of it, or why it is refused. Never throws. */
export function fromReplyJson(json: unknown, ourActorId: string): { ok: true; reply: ReadReply } | { ok: false; reason: string } {
  if (!isRecord(json)) return { ok: false, reason: "not a JSON object" };
  if (!typesOf(json.type).some((t) => REPLY_TYPES.has(t)))
    return { ok: false, reason: `a ${typesOf(json.type).join(",") || "typeless object"} is not a reply` };
  const apId = typeof json.id === "string" ? httpUrl(json.id) : undefined;
  if (!apId) return { ok: false, reason: "id is not an http(s) URL" };
  const inReplyTo = firstActor(json.inReplyTo);
  if (!inReplyTo) return { ok: false, reason: "inReplyTo is missing" };
  const attributedTo = firstActor(json.attributedTo);
  if (!attributedTo) return { ok: false, reason: "attributedTo is missing" };
  // A content warning (Mastodon's `summary`) stays in front of the text it warns about.
  const warning = plainText(json.summary, 500);
  const body = readRichText(json.content, json.contentMap);
  if (!body && !warning) return { ok: false, reason: "it has no text" };
  const contentHtml = boundedHtml(`${warning ? `<p><strong>${escapeHtml(warning)}</strong></p>` : ""}${body}`);
  const mentionsUs = listOf(json.tag, 200).some(
    (tag) => isRecord(tag) && typesOf(tag.type).includes("Mention") && (tag.href === ourActorId || (isRecord(tag.href) && tag.href.id === ourActorId)),
  );
  return {
    ok: true,
    reply: {
      apId,
      url: httpUrl(json.url) ?? null,
      inReplyTo,
      attributedTo,
      contentHtml,
      mentionsUs,
      publishedAt: instant(json.published),
      updatedAt: instant(json.updated),
    },
  };
}

/**
 * A reply's author from their actor document: name, `user@host`, profile page and avatar. The
 * avatar must be an http(s) URL (an embedded Image's `url`, or a Link's `href`); `noAvatar`
 * leaves it out (a server whose media we reject).
 */
export function fromAuthorJson(actorId: string, json: unknown, noAvatar = false): ReplyAuthor {
  const doc = isRecord(json) && json.id === actorId ? json : {};
  const username = nameText(doc.preferredUsername, 100);
  const host = new URL(actorId).host;
  const icon = listOf(doc.icon, 5)
    .map((image) => (isRecord(image) ? httpUrl(image.url) : undefined))
    .find(Boolean);
  return {
    actorId,
    name: nameText(doc.name, 200) ?? username ?? null,
    handle: username && /^[\w.-]+$/.test(username) ? `${username}@${host}` : null,
    url: httpUrl(doc.url) ?? httpUrl(actorId) ?? null,
    icon: noAvatar ? null : (icon ?? null),
  };
}
