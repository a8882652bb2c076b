// Domain blocks in the CSV format Mastodon imports and exports (Administration › Federation ›
// Export): a header row `#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate`,
// then one row per domain. Written as Ruby's CSV writes it, so that a list exported by Mastodon
// and imported here exports byte for byte the same: fields quoted only when they hold a comma,
// a quote or a line break, an empty comment quoted ("") and a missing one left empty.

import type { FieldProblem } from "../errors.ts";
import type { BlockFields, Severity } from "./blocks.ts";
import { parseDomain, SEVERITIES } from "./blocks.ts";

const CSV_HEADERS = ["#domain", "#severity", "#reject_media", "#reject_reports", "#public_comment", "#obfuscate"] as const;

export type DomainBlockRow = Readonly<{ domain: string } & Omit<BlockFields, "reason">>;

/** Rows past this many are refused: Mastodon reads at most 20,000 too. */
const MAX_ROWS = 20_000;

type Cell = { text: string; quoted: boolean };

/** RFC 4180 records, tolerant of LF or CRLF line ends and a byte order mark. */
function records(text: string): { cells: Cell[]; line: number }[] {
  const out: { cells: Cell[]; line: number }[] = [];
  let cells: Cell[] = [];
  let cell = "";
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const source = text.replace(/^\uFEFF/, "");
  const endCell = () => {
    cells.push({ text: cell, quoted });
    cell = "";
    quoted = false;
  };
  const endRecord = () => {
    endCell();
    if (!(cells.length === 1 && cells[0]!.text === "" && !cells[0]!.quoted)) out.push({ cells, line: recordLine });
    cells = [];
    recordLine = line;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (inQuotes) {
      if (c === '"' && source[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') inQuotes = false;
      else {
        if (c === "\n") line++;
        cell += c;
      }
    } else if (c === '"' && cell === "") (inQuotes = true), (quoted = true);
    else if (c === ",") endCell();
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && source[i + 1] === "\n") i++;
      line++;
      endRecord();
    } else cell += c;
  }
  if (cell !== "" || quoted || cells.length > 0) endRecord();
  return out;
}

function flag(cell: Cell | undefined, field: string, problems: FieldProblem[]): boolean {
  const text = cell?.text.trim().toLowerCase() ?? "";
  if (text === "" || text === "false" || text === "0" || text === "no") return false;
  if (text === "true" || text === "1" || text === "yes") return true;
  problems.push({ field, message: `must be true or false, not ${JSON.stringify(cell!.text)}` });
  return false;
}

/**
 * Reads a domain-block CSV: Mastodon's export (columns found by their `#…` headers, in any
 * order), or a bare list with one domain per line. Rows that cannot be read are named in
 * `problems` (field `line N`); the others are returned.
 */
export function parseDomainBlocksCsv(text: string): { rows: DomainBlockRow[]; problems: FieldProblem[] } {
  const all = records(text);
  const problems: FieldProblem[] = [];
  if (all.length === 0) return { rows: [], problems: [{ field: "", message: "the file holds no domain" }] };
  const header = all[0]!.cells.map((c) => c.text.trim().toLowerCase().replace(/^#?/, "#"));
  const hasHeader = header.includes("#domain");
  const column = (name: string) => (hasHeader ? header.indexOf(name) : name === "#domain" ? 0 : -1);
  const body = hasHeader ? all.slice(1) : all;
  if (body.length > MAX_ROWS) return { rows: [], problems: [{ field: "", message: `at most ${MAX_ROWS} rows, not ${body.length}` }] };
  const rows: DomainBlockRow[] = [];
  const seen = new Set<string>();
  for (const { cells, line } of body) {
    const field = `line ${line}`;
    const at = (name: string) => {
      const index = column(name);
      return index >= 0 ? cells[index] : undefined;
    };
    const raw = at("#domain")?.text.trim() ?? "";
    if (raw === "" || raw.startsWith("#")) continue; // a blank line, or a comment in a plain list
    const domain = parseDomain(raw);
    if (!domain.ok) {
      problems.push({ field, message: domain.reason });
      continue;
    }
    const rowProblems: FieldProblem[] = [];
    const severityText = at("#severity")?.text.trim().toLowerCase() || "suspend";
    if (!SEVERITIES.includes(severityText as Severity))
      rowProblems.push({ field, message: `severity must be one of ${SEVERITIES.join(", ")}, not ${JSON.stringify(severityText)}` });
    const comment = at("#public_comment");
    const row: DomainBlockRow = {
      domain: domain.target,
      severity: severityText as Severity,
      rejectMedia: flag(at("#reject_media"), field, rowProblems),
      rejectReports: flag(at("#reject_reports"), field, rowProblems),
      publicComment: comment === undefined || (comment.text === "" && !comment.quoted) ? null : comment.text,
      obfuscate: flag(at("#obfuscate"), field, rowProblems),
    };
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    if (seen.has(row.domain)) {
      problems.push({ field, message: `${row.domain} is listed twice` });
      continue;
    }
    seen.add(row.domain);
    rows.push(row);
  }
  return { rows, problems };
}

/** One field as Ruby's CSV writes it: null empty, "" quoted, quoted when it must be. */
function cellText(value: string | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return text === "" || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes domain blocks as Mastodon exports them. */
export function formatDomainBlocksCsv(rows: readonly DomainBlockRow[]): string {
  const lines = [CSV_HEADERS.join(",")];
  for (const row of rows) {
    lines.push([row.domain, row.severity, row.rejectMedia, row.rejectReports, row.publicComment, row.obfuscate].map(cellText).join(","));
  }
  return `${lines.join("\n")}\n`;
}
