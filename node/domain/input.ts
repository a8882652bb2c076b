// What the domain receives from the edge: an operator's input whose shapes (types, lengths, patterns,
// enums) were checked there against the JSON Schemas in schemas/. The domain reads the fields that
// passed and applies the rules a schema cannot say; every problem is named, not just the first.
import type { FieldProblem } from "./errors.ts";

/**
 * An input after the schema check: `input` holds the fields that passed (nulls dropped: a null field
 * counts as absent), `problems` names the others. With no problems, `input` is a whole valid `T`.
 */
export type CheckedInput<T> = Readonly<{ input: Partial<T>; problems: readonly FieldProblem[] }>;

/** How the edge turns the current input into the changed one, checked (a PATCH merged, then checked). */
export type InputChange<T> = (current: T) => CheckedInput<T>;

export type Normalized<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value for a message, cut short: inputs may be huge or hostile. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? "[…]" : typeof value; // nested too deep to write out
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** One line of text, trimmed and in NFC; undefined when absent or blank. */
export function lineOf(value: string | undefined): string | undefined {
  const text = value?.trim().normalize("NFC");
  return text ? text : undefined;
}

/** Text that may span lines: trailing white space dropped, NFC; undefined when absent or blank. */
export function textOf(value: string | undefined): string | undefined {
  const text = value?.replace(/\s+$/, "").normalize("NFC");
  return text?.trim() ? text : undefined;
}

/** Drops undefined members, so that an optional field is absent rather than undefined. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Hashtags as Mastodon links them: a leading "#" dropped, spaces and hyphens removed (Mastodon stops a
 * tag at a hyphen), then 1–50 letters, digits or "_". The first spelling wins among case variants.
 * The schema has checked the raw items; what is left after removing is the domain's to judge.
 */
export function readTags(raw: readonly string[] | undefined, problems: FieldProblem[], field = "tags"): string[] {
  const tags: string[] = [];
  raw?.forEach((item, i) => {
    const tag = item
      .trim()
      .normalize("NFC")
      .replace(/^#+/, "")
      .replace(/[\s-]+/g, "");
    if (!/^[\p{L}\p{M}\p{N}_]{1,50}$/u.test(tag))
      problems.push({ field: `${field}[${i}]`, message: `must be 1 to 50 letters, digits or "_" after removing "#", spaces and hyphens (got ${shown(item)})` });
    else if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  });
  return tags;
}

/** Items without repeats; `same` decides which count as one (the first is kept). */
export function distinct<T>(items: readonly T[] | undefined, same: (a: T, b: T) => boolean = Object.is): T[] {
  const kept: T[] = [];
  for (const item of items ?? []) if (!kept.some((k) => same(k, item))) kept.push(item);
  return kept;
}

/**
 * Problems in the order of the input's fields (`fields`; "" and unknown fields first), so that the
 * edge's and the domain's read as one list; problems of one field keep their order.
 */
export function inFieldOrder(problems: readonly FieldProblem[], fields: readonly string[]): FieldProblem[] {
  const rank = (p: FieldProblem) => (p.field === "" ? -2 : fields.indexOf(/^[^.[]*/.exec(p.field)![0]));
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

/** The problems of the edge and the domain's own, each field named once (the first word wins). */
export function allProblems(...lists: readonly (readonly FieldProblem[])[]): FieldProblem[] {
  const named = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const problem of lists.flat()) {
    if (named.has(problem.field)) continue;
    named.add(problem.field);
    problems.push(problem);
  }
  return problems;
}

/**
 * Merges a JSON merge patch (RFC 7396) into `current`: absent fields stay, `null` removes a field,
 * `nested` objects merge one level deep. Removing a `required` field is a problem of the patch; the
 * current value stays, so that the merge can still be checked whole and every problem named.
 */
export function mergePatch(
  current: object,
  patch: unknown,
  required: readonly string[],
  nested: readonly string[],
): { merged?: Json; problems: FieldProblem[] } {
  if (!isObject(patch)) return { problems: [{ field: "", message: "must be a JSON object" }] };
  const problems: FieldProblem[] = [];
  const merged: Json = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null && required.includes(key)) problems.push({ field: key, message: "is required and cannot be removed" });
    else if (value === null) delete merged[key];
    else if (nested.includes(key) && isObject(value) && isObject(merged[key])) {
      const inner: Json = { ...merged[key], ...value };
      for (const k of Object.keys(value)) if (value[k] === null) delete inner[k];
      if (Object.keys(inner).length > 0) merged[key] = inner;
      else delete merged[key];
    } else Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return { merged, problems };
}

/** An input stored after it passed every check (a series' input): read again as it is. */
export function storedInput<T>(input: T): CheckedInput<T> {
  return { input, problems: [] };
}
