import { escapeHtml } from "../../../domain/text.ts";

/**
 * Markup that is already safe. Pages are built with the `html` tag below, which escapes every
 * interpolated string, so a remote title or organiser can never become markup by accident:
 * only values wrapped in `Html` (our own templates, re-sanitised descriptions) pass through.
 */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export type Fragment = Html | string | number | null | undefined | false | readonly Fragment[];

/** Trusted markup; use only for our own strings or output of the sanitiser. */
export function raw(markup: string): Html {
  return new Html(markup);
}

function render(value: Fragment): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/** Template tag: literal parts are trusted, interpolations are escaped unless they are `Html`. */
export function html(strings: TemplateStringsArray, ...values: Fragment[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new Html(out);
}

/** Plain text whose `backquoted` parts are shown as code (commands in a hint): "Run `cantine help`". */
export function withCode(text: string): Html {
  return html`${text.split("`").map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part))}`;
}

/** An absolute http(s) URL as given, or null: `javascript:`, `data:` and relative links never reach an href. */
export function safeUrl(url: string | null | undefined, schemes: readonly string[] = ["http:", "https:"]): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return schemes.includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * JSON for a `<script type="application/ld+json">` block: `<`, `>`, `&` and the JS line
 * separators are escaped so that no string can close the element or open a comment.
 */
export function jsonForScript(data: unknown): Html {
  const json = JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return raw(json);
}
