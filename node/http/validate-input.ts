// The edge's one check of an operator's input (admin API, web admin, CLI): its shapes against the
// JSON Schemas in schemas/, each compiled once, with every offending field named in the words the
// domain's problems use. What a schema cannot say (real dates, zones, end after start…) is the
// domain's: it gets the fields that passed and the problems of the others (node/domain/input.ts).
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import Ajv2020 from "ajv/dist/2020.js";
import type { FieldProblem } from "../domain/errors.ts";
import type { EventInput } from "../domain/events/event.ts";
import { applyEventPatch } from "../domain/events/validate-event.ts";
import type { CheckedInput, InputChange, Json } from "../domain/input.ts";
import { allProblems, inFieldOrder, isObject, shown } from "../domain/input.ts";
import type { ProjectInput } from "../domain/projects/project.ts";
import { applyProjectPatch } from "../domain/projects/validate-project.ts";

type Schema = { properties: Record<string, unknown> } & Json;

/** Reads one of schemas/*.json (data that ships with the code). */
export function loadSchema(name: string): Schema {
  return JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), "utf8")) as Schema;
}

/**
 * The words for a failed `pattern`, `format` or `anyOf`, kept in the schema beside the rule they
 * explain ("{value}" stands for the value as given). An annotation: validators that do not know
 * it ignore it, as JSON Schema asks.
 */
const PROBLEM_KEYWORD = "x-problem";

function compile(schema: Schema): ValidateFunction {
  // ajv is CommonJS: under Node ESM (and for tsc) the class is the `default` property.
  // verbose: each error carries the value and the subschema it failed, for the messages below.
  // The schemas are checked against JSON Schema's meta-schema by a test (test/schemas.test.ts), not here.
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, verbose: true, validateSchema: false });
  ajv.addKeyword({ keyword: PROBLEM_KEYWORD, schemaType: "string" });
  // Links are read as browsers read them (the WHATWG URL Standard), not by RFC 3986's stricter grammar.
  ajv.addFormat("http-url", { type: "string", validate: (text) => URL.canParse(text) });
  return ajv.compile(schema);
}

const eventSchema = loadSchema("event-input.schema.json");
const projectSchema = loadSchema("project-input.schema.json");
// Compiled on first use: compiling both takes about a tenth of a second, which a node's start
// (and a CLI command that validates nothing) need not pay.
let compiledEvent: ValidateFunction | undefined;
let compiledProject: ValidateFunction | undefined;
const validateEvent = () => (compiledEvent ??= compile(eventSchema));
const validateProject = () => (compiledProject ??= compile(projectSchema));

/** An event input (POST body, form, CLI flags) checked against schemas/event-input.schema.json. */
export function checkEventInput(raw: unknown): CheckedInput<EventInput> {
  return check(validateEvent(), eventSchema, raw) as CheckedInput<EventInput>;
}

/** A project input checked against schemas/project-input.schema.json. */
export function checkProjectInput(raw: unknown): CheckedInput<ProjectInput> {
  return check(validateProject(), projectSchema, raw) as CheckedInput<ProjectInput>;
}

/** A merge patch of an event (or a series): merged into the current input, the whole checked. */
export function eventPatch(patch: unknown): InputChange<EventInput> {
  return (current) => {
    const { merged, problems } = applyEventPatch(current, patch);
    if (!merged) return { input: {}, problems };
    const checked = checkEventInput(merged);
    return { input: checked.input, problems: inFieldOrder(allProblems(problems, checked.problems), Object.keys(eventSchema.properties)) };
  };
}

/** A merge patch of a project: merged into the current input, the whole checked. */
export function projectPatch(patch: unknown): InputChange<ProjectInput> {
  return (current) => {
    const { merged, problems } = applyProjectPatch(current, patch);
    if (!merged) return { input: {}, problems };
    const checked = checkProjectInput(merged);
    return { input: checked.input, problems: inFieldOrder(allProblems(problems, checked.problems), Object.keys(projectSchema.properties)) };
  };
}

/**
 * Checks `raw` (nulls dropped first: a null field counts as absent) and returns the fields that
 * passed with the problems of the others: unknown fields first, then in the schema's order of fields.
 */
function check(validate: ValidateFunction, schema: Schema, raw: unknown): CheckedInput<unknown> {
  if (!isObject(raw)) return { input: {}, problems: [{ field: "", message: "must be a JSON object" }] };
  const input = withoutNulls(raw) as Json;
  if (validate(input)) return { input, problems: [] };
  const problems = inFieldOrder(problemsOf(validate.errors ?? []), Object.keys(schema.properties));
  const bad = new Set(problems.map((p) => topField(p.field)));
  const kept = Object.fromEntries(Object.entries(input).filter(([key]) => !bad.has(key)));
  return { input: kept, problems };
}

/**
 * Object members that are null are dropped, down to the depth of the deepest object an input has
 * (links[0].name); a null list item stays (and is refused). Deeper values are left for the schema
 * to refuse: a body nested 10,000 levels must not cost a stack.
 */
function withoutNulls(value: unknown, depth = 0): unknown {
  if (depth > 3) return value;
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item, depth + 1));
  if (!isObject(value)) return value;
  // defineProperty: a "__proto__" key stays an own field (and is refused as unknown), never a prototype.
  const copy: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) Object.defineProperty(copy, key, { value: withoutNulls(item, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function topField(field: string): string {
  return /^[^.[]*/.exec(field)![0];
}

/** "/links/0/url" → "links[0].url", as the domain names fields. */
function fieldOf(pointer: string, child?: string): string {
  const segments = pointer === "" ? [] : pointer.slice(1).split("/");
  if (child !== undefined) segments.push(child);
  return segments
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), "");
}

/**
 * One problem per field, the first. An `anyOf` speaks for its branches, which ajv reports just before
 * it at the same place, but gives way to a plainer problem of the field (too long, say).
 */
function problemsOf(errors: readonly ErrorObject[]): FieldProblem[] {
  const anyOfAt = new Map(errors.map((e, i) => [e.keyword === "anyOf" ? e.instancePath : null, i]));
  const own = errors.filter((e, i) => (anyOfAt.get(e.instancePath) ?? -1) <= i);
  const byField = new Map<string, { keyword: string; problem: FieldProblem }>();
  for (const error of own) {
    const problem = describe(error);
    const seen = byField.get(problem.field);
    if (!seen || (seen.keyword === "anyOf" && error.keyword !== "anyOf")) byField.set(problem.field, { keyword: error.keyword, problem });
  }
  return [...byField.values()].map(({ problem }) => problem);
}

const TYPE_WORDS: Record<string, string> = {
  object: "must be a JSON object",
  array: "must be a list (JSON array)",
  string: "must be a string",
  boolean: "must be true or false",
  number: "must be a number",
};
const LIST_NOUNS = new Set(["tags", "cities", "links"]);

/** An ajv error in the domain's words ("must be at most 200 characters (got 201)"). */
function describe(error: ErrorObject): FieldProblem {
  const params = error.params as Record<string, unknown>;
  const value: unknown = error.data;
  const parent = (error.parentSchema ?? {}) as Json;
  const field = fieldOf(error.instancePath);
  // Only for the messages that show the value: it may be huge (every unknown key's error carries the whole body).
  const got = () => ` (got ${shown(value)})`;
  switch (error.keyword) {
    case "required":
      return { field: fieldOf(error.instancePath, String(params.missingProperty)), message: "is required" };
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      return { field: fieldOf(error.instancePath, key.slice(0, 60)), message: `unknown field ${shown(key)}` };
    }
    case "dependentRequired":
      return {
        field: fieldOf(error.instancePath, String(params.missingProperty)),
        message: `is required with ${fieldOf(error.instancePath, String(params.property))}: give both or neither`,
      };
    case "type":
      if (params.type === "integer") return { field, message: typeof value === "number" ? "must be a whole number" : "must be a number" };
      return { field, message: TYPE_WORDS[String(params.type)] ?? `must be of type ${params.type}` };
    case "minLength":
      return { field, message: "must not be empty" };
    case "maxLength":
      return { field, message: `must be at most ${params.limit} characters (got ${[...String(value)].length})` };
    case "minimum":
    case "maximum":
      return { field, message: `must be between ${parent.minimum} and ${parent.maximum}${got()}` };
    case "maxItems": {
      const noun = LIST_NOUNS.has(topField(field)) ? topField(field) : "items";
      return { field, message: `must have at most ${params.limit} ${noun} (got ${(value as unknown[]).length})` };
    }
    case "enum":
      return { field, message: enumProblem(params.allowedValues as string[], value) };
    case "pattern":
    case "format":
    case "anyOf": {
      const words = parent[PROBLEM_KEYWORD];
      return { field, message: typeof words === "string" ? words.replace("{value}", shown(value)) : `${error.message}${got()}` };
    }
    default:
      return { field, message: `${error.message}${got()}` };
  }
}

function enumProblem(values: readonly string[], value: unknown): string {
  const near = typeof value === "string" ? values.find((v) => v.toLowerCase() === value.trim().toLowerCase()) : undefined;
  if (near) return `must be ${shown(near)} in this spelling (got ${shown(value)})`;
  const list = values.length > 8 ? `${values.slice(0, 6).join(", ")}… (${values.length} values)` : values.join(", ");
  return `must be one of ${list} (got ${shown(value)})`;
}
