// The rules a project announcement must follow, applied to untrusted JSON; every problem is collected.
import type { FieldProblem } from "../errors.ts";
import type { Normalized } from "../events/validate-event.ts";
import { FieldReader, isObject, mergePatch, readImage, readLanguage, readTags, shown } from "../events/validate-event.ts";
import type { ProjectImage, ProjectInput, ProjectLink } from "./project.ts";
import { LookingFor, ProjectStage } from "./project.ts";

/** A valid project: trimmed text, defaults filled in, lists deduplicated. Optional values are null when absent. */
export type NormalizedProject = Readonly<{
  title: string;
  /** Plain text. */
  summary: string;
  /** Markdown source. */
  description: string | null;
  stage: ProjectStage;
  lookingFor: readonly LookingFor[];
  cities: readonly string[];
  tags: readonly string[];
  links: readonly ProjectLink[];
  /** An email address, an http(s) URL or a fediverse handle (@team@example.social). */
  contact: string | null;
  image: ProjectImage | null;
  language: string | null;
}>;

const PROJECT_FIELDS = [
  "title",
  "summary",
  "description",
  "stage",
  "lookingFor",
  "cities",
  "tags",
  "links",
  "contact",
  "image",
  "language",
] as const satisfies readonly (keyof ProjectInput)[];

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const HANDLE = /^@[\p{L}\p{N}_.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/u;

/** Checks a project input and normalises it. `null` counts as an absent field. */
export function normalizeProjectInput(input: unknown): Normalized<NormalizedProject> {
  if (!isObject(input)) return { ok: false, problems: [{ field: "", message: "must be a JSON object" }] };
  const problems: FieldProblem[] = [];
  const r = new FieldReader(input, "", problems);
  r.allowOnly(PROJECT_FIELDS);
  const title = r.text("title", { max: 200, required: true });
  const summary = r.text("summary", { max: 500, required: true, multiline: true });
  const description = r.text("description", { max: 20_000, multiline: true });
  const stage = r.choice("stage", Object.values(ProjectStage)) ?? ProjectStage.idea;
  const lookingFor = readLookingFor(r);
  const cities = readCities(r);
  const tags = readTags(r, "tags");
  const links = readLinks(r);
  const contact = readContact(r);
  const image = readImage(r);
  const language = readLanguage(r, "language");
  if (problems.length > 0 || title === undefined || summary === undefined) return { ok: false, problems };
  return {
    ok: true,
    value: {
      title,
      summary,
      description: description ?? null,
      stage,
      lookingFor,
      cities,
      tags,
      links,
      contact: contact ?? null,
      image,
      language: language ?? null,
    },
  };
}

/** Applies a JSON merge patch (RFC 7396; lists are replaced whole). The result still has to pass normalizeProjectInput. */
export function applyProjectPatch(current: ProjectInput, patch: unknown): Normalized<ProjectInput> & { merged?: Record<string, unknown> } {
  return mergePatch(current, patch, PROJECT_FIELDS, ["title", "summary"], ["image"]) as Normalized<ProjectInput> & { merged?: Record<string, unknown> };
}

function readLookingFor(r: FieldReader): LookingFor[] {
  const list = r.list("lookingFor", LookingFor.length, "items");
  const values: LookingFor[] = [];
  list?.forEachItem((i) => {
    const value = list.choice(i, LookingFor);
    if (value !== undefined && !values.includes(value)) values.push(value);
  });
  return values;
}

function readCities(r: FieldReader): string[] {
  const list = r.list("cities", 10, "cities");
  const cities: string[] = [];
  list?.forEachItem((i) => {
    const city = list.text(i, { max: 100, required: true });
    if (city !== undefined && !cities.some((c) => c.toLowerCase() === city.toLowerCase())) cities.push(city);
  });
  return cities;
}

function readLinks(r: FieldReader): ProjectLink[] {
  const list = r.list("links", 10, "links");
  const links: ProjectLink[] = [];
  list?.forEachItem((i) => {
    const link = list.object(i);
    if (!link) return;
    link.allowOnly(["name", "url"]);
    const [name, url] = [link.text("name", { max: 100, required: true }), link.url("url", true)];
    if (name !== undefined && url !== undefined) links.push({ name, url });
  });
  return links;
}

function readContact(r: FieldReader): string | undefined {
  const contact = r.text("contact", { max: 200 });
  if (contact === undefined || EMAIL.test(contact) || HANDLE.test(contact)) return contact;
  if (/^https?:\/\//i.test(contact)) return r.url("contact");
  return r.problem("contact", `must be an email address, an http(s) URL or a fediverse handle like "@team@example.social" (got ${shown(contact)})`);
}
