// Rich text for events and projects: Markdown written by operators, HTML received from peers.
// Both end up as the same small HTML subset, close to what Mastodon keeps (MASTODON.md §3.3),
// so a description looks the same on our pages, in Mastodon and in Mobilizon/Gancio.

import { createRequire } from "node:module";
import { Marked } from "marked";
import type sanitizeHtmlModule from "sanitize-html";
import type { IOptions } from "sanitize-html";
import { escapeHtml } from "./text.ts";

// sanitize-html (and the HTML parser under it) is loaded with the first text to clean, not at
// start: a node answers its first requests without it.
const load = createRequire(import.meta.url);
let loaded: typeof sanitizeHtmlModule | undefined;
/** sanitize-html's function, loaded on first use. */
export function sanitize(html: string, options: IOptions): string {
  loaded ??= load("sanitize-html") as typeof sanitizeHtmlModule;
  return loaded(html, options);
}

/** Inputs above this many characters are cut before parsing (a 1 MB payload must stay cheap). */
export const MAX_HTML_LENGTH = 100_000;
const MAX_MARKDOWN_LENGTH = 50_000;

const LINK_REL = "nofollow noopener noreferrer";
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);

// Elements whose *content* goes too (the default only covers script/style/textarea/option).
const DROP_WITH_CONTENT = [
  "script",
  "style",
  "iframe",
  "frame",
  "frameset",
  "svg",
  "math",
  "object",
  "embed",
  "applet",
  "template",
  "noscript",
  "noembed",
  "noframes",
  "textarea",
  "select",
  "option",
  "title",
  "head",
  "xmp",
  "plaintext",
  "canvas",
  "audio",
  "video",
];

const ALLOWED_TAGS = [
  "p",
  "br",
  "span",
  "a",
  "del",
  "s",
  "pre",
  "blockquote",
  "code",
  "b",
  "strong",
  "u",
  "i",
  "em",
  "ul",
  "ol",
  "li",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
];

/** An absolute http(s)/mailto URL, else null (relative links would resolve against our origin). */
function safeHref(href: string | undefined): string | null {
  if (!href) return null;
  try {
    // Keep the author's spelling: browsers parse it with the same (WHATWG) parser, so it stays absolute.
    const trimmed = href.trim();
    return LINK_SCHEMES.has(new URL(trimmed).protocol) ? trimmed : null;
  } catch {
    return null;
  }
}

const htmlOptions: IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { "*": ["lang"], a: ["href", "rel", "lang"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  nonTextTags: DROP_WITH_CONTENT,
  disallowedTagsMode: "discard",
  transformTags: {
    // A link we cannot vouch for keeps its text and loses its target.
    a: (_tag, attribs) => {
      const href = safeHref(attribs.href);
      const kept: Record<string, string> = attribs.lang ? { lang: attribs.lang } : {};
      return href ? { tagName: "a", attribs: { href, rel: LINK_REL, ...kept } } : { tagName: "span", attribs: kept };
    },
  },
};

function sanitizeBounded(html: string, max: number): string {
  // Closing tags and rel="…" can make the output longer than the input: cut shorter and retry.
  let limit = max;
  for (let attempt = 0; attempt < 4 && limit > 0; attempt++) {
    const out = sanitize(html.length > limit ? html.slice(0, limit) : html, htmlOptions);
    if (out.length <= max) return out;
    limit -= out.length - max + 1024;
  }
  return "";
}

/** Remote HTML → the allowed subset; safe to insert into our pages as is. */
export function sanitizeHtml(html: string): string {
  if (typeof html !== "string" || html === "") return "";
  return sanitizeBounded(html, MAX_HTML_LENGTH);
}

// Markdown images become links: we do not hot-link remote images into descriptions.
const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    image({ href, text }) {
      return `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`;
    },
  },
});

/** Operator Markdown → sanitised HTML (raw HTML inside the Markdown goes through the sanitiser). */
export function renderMarkdown(md: string): string {
  if (typeof md !== "string" || md.trim() === "") return "";
  const source = md.length > MAX_MARKDOWN_LENGTH ? md.slice(0, MAX_MARKDOWN_LENGTH) : md;
  const html = marked.parse(source, { async: false });
  return sanitizeBounded(html, MAX_HTML_LENGTH);
}

const LINE_END = /<br \/>|<br>|<\/(?:li|tr)>/g;
const BLOCK_END = /<\/(?:p|div|h[1-6]|blockquote|pre|ul|ol)>/g;
const textOptions: IOptions = {
  allowedTags: ["br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "ul", "ol"],
  allowedAttributes: {},
  nonTextTags: DROP_WITH_CONTENT,
};

/** HTML → plain text: block ends become line breaks, entities are decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (typeof html !== "string" || html === "") return "";
  const clean = sanitize(html.length > MAX_HTML_LENGTH ? html.slice(0, MAX_HTML_LENGTH) : html, textOptions);
  const text = clean
    .replace(/\s+/g, " ")
    .replace(LINE_END, "\n")
    .replace(BLOCK_END, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
  return text
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Cuts text to at most `max` characters (code points), at a word boundary when one is close, with "…". */
export function truncate(text: string, max: number): string {
  if (typeof text !== "string" || !(max > 0)) return "";
  if (text.length <= max) return text;
  // A code point is at most two UTF-16 units: never split more than needed of a huge string.
  const window = text.slice(0, max * 2 + 2);
  const chars = Array.from(window);
  if (chars.length <= max && window.length === text.length) return text;
  if (max === 1) return "…";
  const head = chars.slice(0, max - 1).join("");
  const space = head.search(/\s\S*$/);
  const cut = space >= head.length * 0.8 ? head.slice(0, space) : head;
  return `${cut.trimEnd()}…`;
}
