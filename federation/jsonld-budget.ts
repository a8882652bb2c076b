// What a remote JSON-LD document may cost us before Fedify expands it. JSON-LD processing is
// paid per term definition and per level of nesting: a 134 KB body whose `@context` holds 4,000
// inline terms took a node from 174 MiB to 2.3 GiB for nine seconds, and a document nested
// 20,000 levels deep overflows the stack. Every inbox body and every fetched document (keys,
// objects, outbox pages) is measured here first, on the plain JSON, in one linear walk.
import { preloadedContexts } from "@fedify/vocab-runtime";

export type JsonLdLimits = Readonly<{
  /** Nesting of objects and arrays. Real activities stay under 10. */
  maxDepth: number;
  /** Objects, arrays and values in the whole document. A Create(Event) has about 150. */
  maxNodes: number;
  /** Term definitions across every inline `@context`. Mobilizon's context has about 60. */
  maxContextTerms: number;
}>;

/** For documents we fetch: an outbox page of twenty events holds about 2,400 values, fifty upcoming events 5,500. */
export const DEFAULT_JSONLD_LIMITS: JsonLdLimits = { maxDepth: 32, maxNodes: 10_000, maxContextTerms: 400 };

/**
 * For inbox bodies: one activity, which anyone with a key may send. A Mastodon Create(Note) holds
 * about 100 values, ours about 150; 2,000 places in one body cost Fedify seconds of CPU and over
 * 100 MiB while it parses them, so a body gets a fifth of a fetched document's budget.
 */
export const INBOX_JSONLD_LIMITS: JsonLdLimits = { ...DEFAULT_JSONLD_LIMITS, maxNodes: 2_000 };

export type BudgetVerdict = { ok: true } | { ok: false; reason: string };

// Properties Fedify parses with string functions as it builds its objects: anything but a string
// (a number, an object without @value) makes it throw a TypeError, which its inbox answers with a
// 500 instead of refusing the activity. A Link's `hreflang` goes to `new Intl.Locale()`, which
// throws on any string that is not a language tag.
const STRING_KEYS: ReadonlyMap<string, string> = new Map([
  ["published", "a date-time"],
  ["updated", "a date-time"],
  ["startTime", "a date-time"],
  ["endTime", "a date-time"],
  ["deleted", "a date-time"],
  ["duration", "a duration"],
  ["href", "a URL"],
  ["hreflang", "a language tag"],
]);

/** Remote contexts Fedify resolves without fetching: the only ones a document may name. */
function knownContextUrls(): ReadonlySet<string> {
  return new Set(Object.keys(preloadedContexts));
}

// Identical inline contexts are processed once (jsonld.js caches a context by its JSON), so they
// are counted once: each item of an outbox page repeats the context of its object.
type Walk = { nodes: number; terms: number; seenContexts: Set<string>; reason?: string };

/**
 * Measures a parsed JSON document against the limits. Refuses remote `@context` URLs outside
 * the known set (they would be fetched while processing a request) and `@import`.
 */
export function checkJsonLdBudget(
  document: unknown,
  limits: JsonLdLimits = DEFAULT_JSONLD_LIMITS,
  known: ReadonlySet<string> = knownContextUrls(),
): BudgetVerdict {
  const walk: Walk = { nodes: 0, terms: 0, seenContexts: new Set() };
  // An explicit stack: a hostile depth must not cost us our own call stack.
  const stack: { value: unknown; depth: number; key: string | null }[] = [{ value: document, depth: 0, key: null }];
  while (stack.length > 0 && walk.reason === undefined) {
    const { value, depth, key } = stack.pop()!;
    if (++walk.nodes > limits.maxNodes) return refuse(`document has more than ${limits.maxNodes} values`);
    if (depth > limits.maxDepth) return refuse(`document is nested more than ${limits.maxDepth} levels deep`);
    if (key === "@context") {
      checkContext(value, walk, limits, known, 0);
      continue;
    }
    const expected = key === null ? undefined : STRING_KEYS.get(key);
    if (expected !== undefined && !isStringValue(value, key === "href" ? "@id" : "@value")) {
      return refuse(`"${key}" must be ${expected} string, got ${describe(value)}`);
    }
    if (key === "hreflang" && !isLanguageTagValue(value)) return refuse(`"hreflang" must be a language tag, got ${JSON.stringify(String(value).slice(0, 40))}`);
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1, key: expected !== undefined ? key : null });
    } else if (typeof value === "object" && value !== null) {
      for (const [childKey, child] of Object.entries(value)) stack.push({ value: child, depth: depth + 1, key: childKey });
    }
  }
  return walk.reason === undefined ? { ok: true } : refuse(walk.reason);
}

function refuse(reason: string): BudgetVerdict {
  return { ok: false, reason };
}

/** A string, a JSON-LD node holding one (`@value` for literals, `@id` or `id` for a URL), or a list of them. */
function isStringValue(value: unknown, holder: "@value" | "@id"): boolean {
  if (typeof value === "string") return true;
  if (Array.isArray(value)) return value.every((item) => isStringValue(item, holder));
  if (typeof value !== "object" || value === null) return false;
  const node = value as Record<string, unknown>;
  return typeof node[holder] === "string" || (holder === "@id" && typeof node.id === "string");
}

function isLanguageTagValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isLanguageTagValue);
  const tag = typeof value === "string" ? value : (value as Record<string, unknown>)["@value"];
  try {
    return typeof tag === "string" && Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

// Scoped contexts (a term definition with its own @context) nest; more than this is never legitimate.
const MAX_CONTEXT_NESTING = 3;

function checkContext(context: unknown, walk: Walk, limits: JsonLdLimits, known: ReadonlySet<string>, nesting: number): void {
  if (walk.reason !== undefined) return;
  if (nesting > MAX_CONTEXT_NESTING) {
    walk.reason = `@context nests scoped contexts more than ${MAX_CONTEXT_NESTING} levels deep`;
    return;
  }
  for (const entry of Array.isArray(context) ? context : [context]) {
    if (entry === null) continue;
    if (typeof entry === "string") {
      if (!known.has(entry))
        walk.reason = `@context ${JSON.stringify(entry.slice(0, 200))} is not a context this node knows (remote contexts are never fetched)`;
    } else if (typeof entry === "object" && !Array.isArray(entry)) {
      const key = JSON.stringify(entry);
      if (walk.seenContexts.has(key)) continue;
      walk.seenContexts.add(key);
      for (const [term, definition] of Object.entries(entry)) {
        if (term === "@import") walk.reason = "@context uses @import (remote contexts are never fetched)";
        if (++walk.terms > limits.maxContextTerms) walk.reason = `@context defines more than ${limits.maxContextTerms} terms`;
        if (typeof definition === "object" && definition !== null && "@context" in definition) {
          checkContext((definition as Record<string, unknown>)["@context"], walk, limits, known, nesting + 1);
        }
        if (walk.reason !== undefined) return;
      }
    } else {
      walk.reason = `@context entries must be URLs or objects, got ${describe(entry)}`;
    }
    if (walk.reason !== undefined) return;
  }
}
