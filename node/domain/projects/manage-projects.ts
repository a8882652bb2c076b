import { GoneError, NotFoundError, ValidationError } from "../errors.ts";
import type { CheckedInput, InputChange } from "../input.ts";
import { describeUpload } from "../media/banner.ts";
import type { ImageCatalog } from "../media/image.ts";
import type { PublishingDeps } from "../publishing/publishing.ts";
import { commitAndAnnounce, nextUpdated, projectPublication } from "../publishing/publishing.ts";
import { renderMarkdown } from "../rich-text.ts";
import type { Project, ProjectInput } from "./project.ts";
import type { NormalizedProject } from "./validate-project.ts";
import { normalizeProjectInput } from "./validate-project.ts";

function normalizeOrThrow(input: CheckedInput<ProjectInput>, images: ImageCatalog | undefined): NormalizedProject {
  const result = normalizeProjectInput(input);
  if (!result.ok) throw new ValidationError(result.problems);
  return withUploadFacts(result.value, images);
}

/** A banner that is one of our uploads gets its real facts (size, type, blurhash); an upload needs its alt text. */
function withUploadFacts(project: NormalizedProject, images: ImageCatalog | undefined): NormalizedProject {
  if (!project.image || !images) return project;
  const image = describeUpload(project.image, images);
  if ("problem" in image) throw new ValidationError([image.problem]);
  return { ...project, image };
}

function withInput(base: Omit<Project, keyof NormalizedProject | "descriptionHtml">, input: NormalizedProject): Project {
  return { ...base, ...input, descriptionHtml: input.description ? renderMarkdown(input.description) : "" };
}

/** The operator input a project stands for, so that a change can be merged into it and checked again. */
function projectToInput(project: Project): ProjectInput {
  const input: Record<string, unknown> = {
    title: project.title,
    summary: project.summary,
    description: project.description ?? undefined,
    stage: project.stage,
    lookingFor: project.lookingFor,
    cities: project.cities,
    tags: project.tags,
    links: project.links,
    contact: project.contact ?? undefined,
    language: project.language ?? undefined,
    image: project.image
      ? Object.fromEntries(
          Object.entries({ url: project.image.url, alt: project.image.alt, mediaType: project.image.mediaType }).filter(([, v]) => v !== undefined),
        )
      : undefined,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as ProjectInput;
}

/** Announces a new project to every follower (Create of an Article). */
export function publishProject(deps: PublishingDeps, input: CheckedInput<ProjectInput>): Project {
  const normalized = normalizeOrThrow(input, deps.images);
  const id = deps.newId();
  const now = deps.now().toISOString();
  const project = withInput(
    { id, apId: deps.uris.project(id), url: deps.uris.project(id), local: true, actorId: deps.uris.actor, publishedAt: now, updatedAt: now, sequence: 0 },
    normalized,
  );
  commitAndAnnounce(deps, () => {
    deps.projects.insert(project);
    return [projectPublication(deps, "Create", project)];
  });
  return project;
}

export function localProject(deps: PublishingDeps, id: string): Project {
  const stored = deps.projects.get(id);
  if (!stored?.value.local) throw new NotFoundError("project", id);
  if (stored.deletedAt) throw new GoneError("project", id);
  return stored.value;
}

/**
 * Edits a project: followers get an Update with a later `updated`. `change` makes the edited input
 * from the current one (at the edge: a PATCH merged and checked against the schema).
 */
export function updateProject(deps: PublishingDeps, id: string, change: InputChange<ProjectInput>): Project {
  const current = localProject(deps, id);
  const normalized = normalizeOrThrow(change(projectToInput(current)), deps.images);
  const project = withInput({ ...current, updatedAt: nextUpdated(current.updatedAt, deps.now()), sequence: current.sequence + 1 }, normalized);
  commitAndAnnounce(deps, () => {
    deps.projects.update(project);
    return [projectPublication(deps, "Update", project)];
  });
  return project;
}

/** Withdraws a project: followers get a Delete and its URL answers 410. */
export function deleteProject(deps: PublishingDeps, id: string): void {
  const current = localProject(deps, id);
  commitAndAnnounce(deps, () => {
    deps.projects.markDeleted(id, deps.now().toISOString());
    return [projectPublication(deps, "Delete", current)];
  });
}
