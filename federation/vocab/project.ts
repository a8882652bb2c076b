// Project ↔ ActivityStreams Article. Mastodon renders an Article as `<h2>name</h2>` + summary +
// link and drops content (MASTODON.md §3.1), so the summary also says the stage and what the
// project looks for. Cantine nodes read the structured values from our `cantine:` terms.

import type { Project, ProjectLink, ReceivedProject } from "../../node/domain/projects/project.ts";
import { htmlToText, sanitizeHtml, truncate } from "../../node/domain/rich-text.ts";
import { escapeHtml } from "../../node/domain/text.ts";
import { AS_PUBLIC } from "./context.ts";
import type { EventUris } from "./event.ts";
import {
  firstActor,
  httpUrl,
  isRecord,
  listOf,
  nameText,
  plainText,
  readHashtags,
  readImage,
  readInstant,
  readLanguage,
  readRichText,
  typesOf,
} from "./read.ts";
import { imageJson, isoInstant, toHashtagJson } from "./write.ts";

export type ProjectReadResult = { ok: true; project: ReceivedProject } | { ok: false; reason: string };

type Labels = { stage: string; lookingFor: string; cities: string; colon?: string; values: Record<string, string> };

// Labels for the summary line, in the project's language (values are the domain ids).
const LABELS: Record<string, Labels> = {
  en: { stage: "Stage", lookingFor: "Looking for", cities: "Cities", values: {} },
  fr: {
    stage: "Étape",
    lookingFor: "Recherche",
    cities: "Villes",
    colon: " : ",
    values: {
      idea: "idée",
      launched: "lancé",
      growing: "en croissance",
      paused: "en pause",
      skills: "compétences",
      partners: "partenaires",
      funding: "financement",
      space: "lieu",
      mentoring: "mentorat",
      volunteers: "bénévoles",
      users: "utilisateurs",
    },
  },
  es: {
    stage: "Etapa",
    lookingFor: "Busca",
    cities: "Ciudades",
    values: {
      prototype: "prototipo",
      launched: "lanzado",
      growing: "en crecimiento",
      paused: "en pausa",
      skills: "habilidades",
      partners: "socios",
      funding: "financiación",
      space: "espacio",
      mentoring: "mentoría",
      volunteers: "voluntarios",
      users: "usuarios",
    },
  },
  pt: {
    stage: "Estágio",
    lookingFor: "Procura",
    cities: "Cidades",
    values: {
      idea: "ideia",
      prototype: "protótipo",
      launched: "lançado",
      growing: "em crescimento",
      paused: "pausado",
      skills: "habilidades",
      partners: "parceiros",
      funding: "financiamento",
      space: "espaço",
      mentoring: "mentoria",
      volunteers: "voluntários",
      users: "usuários",
    },
  },
};

/** "Stage: prototype · Looking for: funding, partners · Cities: Paris" (empty when there is nothing). */
export function projectMetaLine(stage: string | null, lookingFor: readonly string[], cities: readonly string[], language: string | null): string {
  const labels = LABELS[(language ?? "en").toLowerCase().split("-")[0]!] ?? LABELS.en!;
  const word = (id: string) => labels.values[id] ?? id;
  const colon = labels.colon ?? ": ";
  return [
    stage ? `${labels.stage}${colon}${word(stage)}` : "",
    lookingFor.length ? `${labels.lookingFor}${colon}${lookingFor.map(word).join(", ")}` : "",
    cities.length ? `${labels.cities}${colon}${cities.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The links list appended to content, in the sanitiser's canonical form (so a reader can strip it). */
function linksHtml(links: readonly ProjectLink[]): string {
  const items = links.filter((l) => httpUrl(l.url)).map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.name || l.url)}</a></li>`);
  return items.length ? sanitizeHtml(`<ul>${items.join("")}</ul>`) : "";
}

const paragraph = (text: string) => `<p>${escapeHtml(text).replace(/\r?\n/g, "<br>")}</p>`;

/** Our project as a compact Article (no `@context`: the activity carries CANTINE_CONTEXT). */
export function toProjectJson(project: Project, uris: EventUris): Record<string, unknown> {
  const meta = projectMetaLine(project.stage || null, project.lookingFor, project.cities, project.language);
  const links = project.links.filter((l) => httpUrl(l.url));
  const content = project.descriptionHtml + linksHtml(links);
  const origin = new URL(project.apId).origin;
  const image = project.image ? imageJson(project.image) : null;
  return {
    id: project.apId,
    type: "Article",
    name: project.title,
    summary: paragraph(project.summary) + (meta ? paragraph(meta) : ""),
    content,
    mediaType: "text/html",
    url: project.url,
    attributedTo: uris.actorId,
    tag: project.tags.map((tag) => toHashtagJson(tag, origin)).filter((tag) => tag !== null),
    attachment: [
      // The banner first, as for events (FEP-8a8e isBannerImage); Mastodon shows it as media.
      ...(image ? [{ ...image, isBannerImage: true }] : []),
      ...links.map((l) => ({ type: "Link", name: l.name, mediaType: "text/html", href: l.url })),
    ],
    ...(image ? { image } : {}),
    ...(project.stage ? { stage: project.stage } : {}),
    lookingFor: [...project.lookingFor],
    cities: [...project.cities],
    ...(project.contact ? { contact: project.contact } : {}),
    ...(project.language ? { inLanguage: project.language, contentMap: { [project.language]: content } } : {}),
    published: isoInstant(project.publishedAt),
    updated: isoInstant(project.updatedAt),
    to: [AS_PUBLIC],
    cc: [uris.followersUrl],
  };
}

class Rejected extends Error {}

/** Any Article from another cantine → ReceivedProject, or why it was refused. Never throws. */
export function fromProjectJson(json: unknown): ProjectReadResult {
  try {
    return { ok: true, project: readProject(json) };
  } catch (error) {
    return { ok: false, reason: error instanceof Rejected ? error.message : `malformed project (${error instanceof Error ? error.name : typeof error})` };
  }
}

const ID = /^[a-z][a-z0-9_-]{0,29}$/;

function ids(value: unknown): string[] {
  const out = listOf(value, 20)
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.trim().toLowerCase());
  return [...new Set(out.filter((v) => ID.test(v)))];
}

function readProject(json: unknown): ReceivedProject {
  if (!isRecord(json)) throw new Rejected("not a JSON object");
  if (!typesOf(json.type).includes("Article")) throw new Rejected("type is not Article");
  const apId = typeof json.id === "string" ? httpUrl(json.id) : undefined;
  if (!apId) throw new Rejected("id is not an http(s) URL");
  const title =
    nameText(json.name, 200) ??
    (isRecord(json.nameMap)
      ? Object.values(json.nameMap)
          .map((v) => nameText(v, 200))
          .find(Boolean)
      : undefined);
  if (!title) throw new Rejected("name is missing or empty");
  const actorId = firstActor(json.attributedTo) ?? firstActor(json.actor);
  if (!actorId) throw new Rejected("attributedTo is missing");

  const stageValue = typeof json.stage === "string" ? json.stage.trim().toLowerCase() : "";
  const stage = ID.test(stageValue) ? stageValue : null;
  const lookingFor = ids(json.lookingFor);
  const cities = [
    ...new Set(
      listOf(json.cities, 20)
        .map((c) => plainText(c, 100))
        .filter((c): c is string => Boolean(c)),
    ),
  ];
  const language = readLanguage(json.inLanguage, json.contentMap, json.nameMap);
  const links = readLinks(json.attachment);

  // Undo what toProjectJson added for Mastodon readers: the meta paragraph and the links list.
  const meta = projectMetaLine(stage, lookingFor, cities, language);
  let summary = typeof json.summary === "string" ? htmlToText(json.summary) : "";
  if (meta && summary.endsWith(meta)) summary = summary.slice(0, -meta.length).trim();
  let descriptionHtml = readRichText(json.content, json.contentMap);
  const list = linksHtml(links);
  if (list && descriptionHtml.endsWith(list)) descriptionHtml = descriptionHtml.slice(0, -list.length);

  return {
    apId,
    url: httpUrl(json.url) ?? apId,
    actorId,
    title,
    summary: truncate(summary, 1000) || plainText(descriptionHtml, 300) || "",
    descriptionHtml,
    stage,
    lookingFor,
    cities,
    tags: readHashtags(json.tag),
    links,
    contact: readContact(json.contact),
    image: readImage(json),
    language,
    publishedAt: readInstant(json.published, "UTC")?.toString() ?? null,
    updatedAt: readInstant(json.updated, "UTC")?.toString() ?? null,
  };
}

/** Links from `attachment` Link entries (http(s) only), at most 20. */
function readLinks(value: unknown): ProjectLink[] {
  const links: ProjectLink[] = [];
  for (const item of listOf(value, 50)) {
    if (!isRecord(item) || !typesOf(item.type).includes("Link")) continue;
    const url = httpUrl(item.href);
    if (url) links.push({ name: plainText(item.name, 100) ?? url, url });
    if (links.length === 20) break;
  }
  return links;
}

/** An email address, fediverse handle or web/mailto URL; any other scheme (javascript:…) is dropped. */
function readContact(value: unknown): string | null {
  const text = plainText(value, 200);
  if (!text) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^(https?|mailto):/i.test(text)) return null;
  if (/^(https?|mailto):/i.test(text) && !httpUrl(text, ["http:", "https:", "mailto:"])) return null;
  return text;
}
