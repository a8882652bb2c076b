// A quick reading of served HTML for what must never be live in it: script elements other than
// JSON-LD data, event handlers, inline styles, script URLs, embedded frames and objects. Pages
// are also loaded in Chromium by stored-xss.test.ts; this check runs on every HTML answer.

const DANGEROUS_ELEMENTS = /<(iframe|frame|object|embed|svg|math|style|base|applet|link\s[^>]*rel=["']?import)\b/gi;
const TAG = /<[a-zA-Z][^>]*>/g;
const HANDLER = /\son[a-z]+\s*=/i;
const STYLE = /\sstyle\s*=/i;
const SCRIPT_URL =
  /\s(href|src|action|formaction|data|poster|background|xlink:href|srcdoc)\s*=\s*["']?\s*(javascript|vbscript|data):(?!image\/(png|gif|jpeg|webp);base64,)/i;
const META_REFRESH = /<meta[^>]+http-equiv\s*=\s*["']?refresh/i;

/** What is unsafe in `html`, described (empty when nothing is). */
export function unsafeMarkup(html: string): string[] {
  const found: string[] = [];
  // Only JSON-LD data and the node's own static scripts, from its /assets/ folder, never inline.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  if (scripts.length !== (html.match(/<script\b/gi) ?? []).length) found.push("a script element that is never closed");
  for (const [script, attributes, body] of scripts) {
    const data = attributes === ` type="application/ld+json"`;
    const own = /^ src="\/assets\/[\w.-]+\.js"( defer)?$/.test(attributes!) && body === "";
    if (!data && !own) found.push(`script element ${script.slice(0, 120)}`);
  }
  // JSON-LD data must not close its own element early.
  for (const [, data] of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/gi)) {
    try {
      JSON.parse(data!);
    } catch {
      found.push(`JSON-LD that is not JSON: ${data!.slice(0, 80)}`);
    }
  }
  for (const match of html.match(DANGEROUS_ELEMENTS) ?? []) found.push(`element ${match}`);
  if (META_REFRESH.test(html)) found.push("meta refresh");
  for (const tag of html.match(TAG) ?? []) {
    if (HANDLER.test(tag)) found.push(`event handler in ${tag.slice(0, 120)}`);
    if (STYLE.test(tag)) found.push(`inline style in ${tag.slice(0, 120)}`);
    if (SCRIPT_URL.test(tag)) found.push(`script URL in ${tag.slice(0, 120)}`);
  }
  return found;
}

/** URLs a stored item may carry: absent, or http(s) (and mailto: where a reader keeps it). */
export function isSafeUrl(value: unknown, schemes: readonly string[] = ["http:", "https:"]): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== "string") return false;
  try {
    return schemes.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
