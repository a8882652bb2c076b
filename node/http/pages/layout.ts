import { escapeHtml } from "../../domain/text.ts";

export type PageOptions = { title: string; lang: string; body: string; head?: string };

/** The HTML frame every page shares: semantic, readable on a phone, no script needed. */
export function renderPage({ title, lang, body, head = "" }: PageOptions): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:46rem;padding:1rem;color:#1d1d1d;background:#fffaf3}
a{color:#8a2a0f}h1{margin-bottom:.25rem}.muted{color:#555}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}img.avatar{border-radius:12px;width:96px;height:96px}
</style>
</head>
<body>
${body}
</body>
</html>`;
}
