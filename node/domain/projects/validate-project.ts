// A project announcement, read: the edge has checked each field's shape against
// schemas/project-input.schema.json; a project has no rule across fields, so what is left is
// reading: text trimmed and in NFC, lists without repeats, tags as Mastodon links them.
import type { FieldProblem } from "../errors.ts";
import { readImage } from "../events/event-reader.ts";
import type { CheckedInput, Json, Normalized } from "../input.ts";
import { allProblems, distinct, lineOf, mergePatch, readTags, textOf } from "../input.ts";
import type { LookingFor, ProjectImage, ProjectInput, ProjectLink } from "./project.ts";
import { ProjectStage } from "./project.ts";

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

/** Reads a checked project input: the edge's problems and the tags' make one list. */
export function normalizeProjectInput(checked: CheckedInput<ProjectInput>): Normalized<NormalizedProject> {
  const { input } = checked;
  const tagProblems: FieldProblem[] = [];
  const tags = readTags(input.tags, tagProblems);
  const [title, summary] = [lineOf(input.title), textOf(input.summary)];
  const problems = allProblems(checked.problems, tagProblems);
  if (problems.length > 0 || title === undefined || summary === undefined) return { ok: false, problems };
  return {
    ok: true,
    value: {
      title,
      summary,
      description: textOf(input.description) ?? null,
      stage: input.stage ?? ProjectStage.idea,
      lookingFor: distinct(input.lookingFor),
      cities: distinct(
        input.cities?.map((c) => lineOf(c)).filter((c) => c !== undefined),
        (a, b) => a.toLowerCase() === b.toLowerCase(),
      ),
      tags,
      links: input.links?.map((l) => ({ name: lineOf(l.name)!, url: lineOf(l.url)! })) ?? [],
      contact: lineOf(input.contact) ?? null,
      image: readImage(input.image),
      language: lineOf(input.language) ?? null,
    },
  };
}

/** Applies a JSON merge patch (RFC 7396; lists are replaced whole); the edge checks the result whole. */
export function applyProjectPatch(current: ProjectInput, patch: unknown): { merged?: Json; problems: FieldProblem[] } {
  return mergePatch(current, patch, ["title", "summary"], ["image"]);
}
