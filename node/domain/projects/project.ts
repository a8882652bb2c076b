/** Project stages, from a first idea to a running venture. */
export const ProjectStage = {
  idea: "idea",
  prototype: "prototype",
  launched: "launched",
  growing: "growing",
  paused: "paused",
} as const;
export type ProjectStage = (typeof ProjectStage)[keyof typeof ProjectStage];

/** What a project is looking for: it reads as "looking for skills, partners, funding, space…". */
export const LookingFor = ["skills", "partners", "funding", "space", "mentoring", "volunteers", "users"] as const;
export type LookingFor = (typeof LookingFor)[number];

import type { EventImage } from "../events/event.ts";

export type ProjectLink = Readonly<{ name: string; url: string }>;

/** A project's banner: the same shape as an event's (our uploads carry their size and blurhash). */
export type ProjectImage = EventImage;

/** What an operator sends to announce a project. */
export type ProjectInput = Readonly<{
  title: string;
  summary: string;
  description?: string;
  stage?: ProjectStage;
  lookingFor?: readonly LookingFor[];
  cities?: readonly string[];
  tags?: readonly string[];
  links?: readonly ProjectLink[];
  /** How to reach the team: an email address, a URL or a fediverse handle. */
  contact?: string;
  /** A banner: `url`, `alt` (required for our uploads), `mediaType`. */
  image?: ProjectImage;
  language?: string;
}>;

/** A project as stored and shown, local or received from another cantine. */
export type Project = Readonly<{
  id: string;
  apId: string;
  url: string;
  local: boolean;
  actorId: string;
  title: string;
  summary: string;
  description: string | null;
  descriptionHtml: string;
  stage: ProjectStage | string;
  lookingFor: readonly string[];
  cities: readonly string[];
  tags: readonly string[];
  links: readonly ProjectLink[];
  contact: string | null;
  /** The banner, if any (absent and null mean none). */
  image?: ProjectImage | null;
  language: string | null;
  publishedAt: string;
  updatedAt: string;
  sequence: number;
  /** For remote projects: the followed actor that relayed (Announced) it to us, if not its author. */
  viaActorId?: string | null;
}>;

/** A project as read from another server's Article, sanitised, before it is stored. */
export type ReceivedProject = Readonly<
  Pick<
    Project,
    "apId" | "url" | "actorId" | "title" | "summary" | "descriptionHtml" | "lookingFor" | "cities" | "tags" | "links" | "contact" | "image" | "language"
  > & {
    stage: string | null;
    /** As sent; the receiver falls back to the time it received the project. */
    publishedAt: string | null;
    updatedAt: string | null;
  }
>;
