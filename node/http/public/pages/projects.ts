import { pathOf } from "../../../domain/local-urls.ts";
import type { BoardEntry, Cantine } from "../../../domain/network/cantines.ts";
import type { Project } from "../../../domain/projects/project.ts";
import { sanitizeHtml } from "../../../domain/rich-text.ts";
import { banner, shownImageUrl } from "./banner.ts";
import type { PageContext } from "./context.ts";
import type { ConversationView } from "./conversation.ts";
import { conversationSection } from "./conversation.ts";
import { cantineLink } from "./event-card.ts";
import type { CityOption, Filters } from "./forms.ts";
import { filterForm } from "./forms.ts";
import type { Html } from "./html.ts";
import { html, raw, safeUrl } from "./html.ts";
import { renderPage } from "./layout.ts";
import { feedQuery, feeds } from "./links.ts";

export function projectPath(project: Project): string {
  return pathOf("project", { id: project.id });
}

function stage(ctx: PageContext, value: string): string {
  return ctx.t.stages[value] ?? value;
}

function needs(ctx: PageContext, project: Project): string {
  return project.lookingFor.map((need) => ctx.t.needs[need] ?? need).join(", ");
}

function projectCard(ctx: PageContext, entry: BoardEntry): Html {
  const { project, source, via } = entry;
  return html`<article class="project-card"${project.language && project.language !== ctx.locale ? html` lang="${project.language}"` : ""}>
${banner(ctx, project, { small: true })}
<h2><a href="${projectPath(project)}">${project.title}</a></h2>
<p>${project.summary}</p>
<p class="meta"><span class="badge">${stage(ctx, project.stage)}</span>${project.lookingFor.length ? html` · ${ctx.t.lookingFor}${ctx.t.colon}${needs(ctx, project)}` : ""}</p>
<p class="meta">${cantineLink(source, pathOf("actor", { identifier: ctx.venue.slug }))}${source.city ? html` (${source.city})` : ""}${via ? html` <span class="via">${ctx.t.via(via.name)}</span>` : ""}${
    project.cities.length ? html` · ${project.cities.join(", ")}` : ""
  }</p>
</article>`;
}

export type BoardData = Readonly<{ entries: BoardEntry[]; total: number; cities: CityOption[]; filters: Filters }>;

/** The shared project board of the network. */
export function renderBoard(ctx: PageContext, data: BoardData): string {
  const { t } = ctx;
  const atom = feeds.projectsAtom(feedQuery(data.filters));
  const body = html`<h1>${t.projectsTitle}</h1>
<p class="lead">${t.projectsIntro}</p>
${filterForm(ctx, "/projects", data.filters, data.cities)}
${data.entries.length ? html`<ul class="cards projects">${data.entries.map((entry) => html`<li>${projectCard(ctx, entry)}</li>`)}</ul>` : html`<p class="empty">${t.noProjects}</p>`}
<p class="subscribe"><a href="${atom}" type="application/atom+xml">${t.projectsFeed}</a></p>`;
  return renderPage(ctx, {
    title: `${t.projectsTitle} — ${ctx.venue.name}`,
    body,
    section: "projects",
    feeds: [{ type: "application/atom+xml", href: atom, title: `${t.projectsTitle} (Atom)` }],
  });
}

function contact(value: string | null): Html | string {
  if (!value) return "";
  const url = safeUrl(value, ["http:", "https:", "mailto:"]) ?? (/^[^\s@<>"]+@[^\s@<>"]+\.[a-z]{2,}$/i.test(value) ? `mailto:${value}` : null);
  return url ? html`<a href="${url}" rel="nofollow noopener">${value}</a>` : value;
}

export type ProjectPageData = Readonly<{ project: Project; source: Cantine | null; via?: Cantine | null; conversation?: ConversationView | null }>;

export function renderProject(ctx: PageContext, { project, source, via, conversation }: ProjectPageData): string {
  const { t, venue } = ctx;
  const links = project.links.map((link) => ({ name: link.name, url: safeUrl(link.url) })).filter((link) => link.url);
  const original = project.local ? null : safeUrl(project.url);
  const pageUrl = new URL(projectPath(project), venue.origin).href;
  const image = shownImageUrl(ctx, project.image?.url);
  const head = html`<meta name="description" content="${project.summary}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="${venue.name}">
<meta property="og:title" content="${project.title}">
<meta property="og:description" content="${project.summary}">
<meta property="og:url" content="${pageUrl}">
${image ? html`<meta property="og:image" content="${image}">` : ""}
${image && project.image?.alt ? html`<meta property="og:image:alt" content="${project.image.alt}">` : ""}
${project.local ? html`<link rel="alternate" type="application/activity+json" href="${project.apId}">` : ""}`;
  const body = html`<article class="project"${project.language && project.language !== ctx.locale ? html` lang="${project.language}"` : ""}>
<h1>${project.title}</h1>
${banner(ctx, project)}
<p class="lead">${project.summary}</p>
<dl class="facts">
<dt>${t.stage}</dt><dd>${stage(ctx, project.stage)}</dd>
${project.lookingFor.length ? html`<dt>${t.lookingFor}</dt><dd>${needs(ctx, project)}</dd>` : ""}
${project.cities.length ? html`<dt>${t.cities}</dt><dd>${project.cities.join(", ")}</dd>` : ""}
${source ? html`<dt>${t.fromCantine}</dt><dd>${cantineLink(source, pathOf("actor", { identifier: venue.slug }))}${via ? html` <span class="via">${t.via(via.name)}</span>` : ""}${original ? html` · <a href="${original}" rel="nofollow noopener">${t.original}</a>` : ""}</dd>` : ""}
${project.tags.length ? html`<dt>${t.tags}</dt><dd>${project.tags.map((tag) => `#${tag}`).join(" ")}</dd>` : ""}
${project.contact ? html`<dt>${t.contact}</dt><dd>${contact(project.contact)}</dd>` : ""}
${links.length ? html`<dt>${t.links}</dt><dd><ul>${links.map((link) => html`<li><a href="${link.url}" rel="nofollow noopener">${link.name}</a></li>`)}</ul></dd>` : ""}
</dl>
${project.descriptionHtml ? html`<section class="description">${raw(sanitizeHtml(project.descriptionHtml))}</section>` : ""}
</article>
${conversation ? conversationSection(ctx, conversation) : ""}`;
  return renderPage(ctx, { title: `${project.title} — ${venue.name}`, head, body, section: "projects" });
}
