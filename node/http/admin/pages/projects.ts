import type { Project } from "../../../domain/projects/project.ts";
import { LookingFor, ProjectStage } from "../../../domain/projects/project.ts";
import { html } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import type { FormErrors, FormValues } from "../fields.ts";
import { choices, errorSummary, input, select, textarea } from "../fields.ts";
import { csrfField, renderAdminPage } from "../layout.ts";
import { imageFields } from "./event-form.ts";

export const LINK_ROWS = 3;

function projectLabels(ctx: AdminContext): Record<string, string> {
  const { a } = ctx;
  return {
    title: a.fieldTitle,
    summary: a.fieldSummary,
    description: a.fieldDescription,
    stage: a.fieldStage,
    lookingFor: a.fieldLookingFor,
    cities: a.fieldCities,
    tags: a.fieldTags,
    links: a.fieldLinks,
    contact: a.fieldContact,
    language: a.fieldLanguage,
    url: a.relayUrl,
    image: a.fieldImage,
    imageAlt: a.fieldImageAlt,
  };
}

export function renderProjectList(ctx: AdminContext, projects: readonly Project[], relay: { values: FormValues; errors: FormErrors }): string {
  const { a, t } = ctx;
  const body = html`<div class="title-row"><h1>${a.projectsTitle}</h1><a class="button" href="/admin/projects/new">${a.newProject}</a></div>
${
  projects.length === 0
    ? html`<p class="empty">${a.noProjects}</p>`
    : html`<div class="table-scroll"><table class="admin-table">
<thead><tr><th scope="col">${a.fieldTitle}</th><th scope="col">${a.fieldStage}</th><th scope="col">${a.actions}</th></tr></thead>
<tbody>${projects.map(
        (p) => html`<tr><th scope="row"><a href="/admin/projects/${p.id}/edit">${p.title}</a></th><td>${t.stages[p.stage] ?? p.stage}</td>
<td class="row-actions"><a href="/admin/projects/${p.id}/edit">${a.edit}<span class="sr-only"> ${p.title}</span></a> <a href="/admin/projects/${p.id}/delete">${a.delete}<span class="sr-only"> ${p.title}</span></a> <a href="/projects/${p.id}">${a.view}<span class="sr-only"> ${p.title}</span></a></td></tr>`,
      )}</tbody></table></div>`
}
<section class="panel narrow" aria-labelledby="relay-title">
<h2 id="relay-title">${a.relayTitle}</h2>
${errorSummary(ctx, relay.errors, projectLabels(ctx))}
<form method="post" action="/admin/projects/relay" class="stack" novalidate>${csrfField(ctx)}
${input(a.relayUrl, "url", relay.values, relay.errors, { type: "url", hint: a.relayHint, required: true })}
<p><button type="submit">${a.relay}</button></p></form>
</section>`;
  return renderAdminPage(ctx, { title: a.projectsTitle, body, section: "projects" });
}

export function renderProjectForm(ctx: AdminContext, mode: { id?: string; title?: string }, values: FormValues, errors: FormErrors): string {
  const { a, t } = ctx;
  const title = mode.id ? a.editProjectTitle(mode.title ?? "") : a.newProjectTitle;
  const rows = Array.from({ length: LINK_ROWS }, (_, i) => i + 1);
  const body = html`<h1>${title}</h1>
${errorSummary(ctx, errors, projectLabels(ctx))}
<form method="post" action="${mode.id ? `/admin/projects/${mode.id}` : "/admin/projects"}" enctype="multipart/form-data" class="event-form" novalidate>
${csrfField(ctx)}
<fieldset class="group"><legend>${a.fieldTitle}</legend>
${input(a.fieldTitle, "title", values, errors, { required: true, attrs: html` maxlength="200"` })}
${textarea(a.fieldSummary, "summary", values, errors, { rows: 3, attrs: html` maxlength="500"` })}
${textarea(a.fieldDescription, "description", values, errors, { hint: a.descriptionHint, rows: 8, optional: a.optional })}
</fieldset>
<fieldset class="group"><legend>${a.fieldStage}</legend>
${select(
  a.fieldStage,
  "stage",
  Object.values(ProjectStage).map((s) => [s, t.stages[s] ?? s] as const),
  values,
  errors,
)}
${choices(
  "checkbox",
  a.fieldLookingFor,
  "lookingFor",
  LookingFor.map((n) => [n, t.needs[n] ?? n] as const),
  values,
  errors,
  { className: "weekdays" },
)}
${input(a.fieldCities, "cities", values, errors, { hint: a.citiesHint, optional: a.optional })}
${input(a.fieldTags, "tags", values, errors, { hint: a.tagsHint, optional: a.optional })}
${input(a.fieldContact, "contact", values, errors, { hint: a.contactHint, optional: a.optional })}
${input(a.fieldLanguage, "language", values, errors, { optional: a.optional, attrs: html` list="languages" maxlength="20"`, className: "short" })}
<datalist id="languages"><option value="fr"><option value="en"><option value="es"><option value="pt"></datalist>
</fieldset>
<fieldset class="group" id="f-links"><legend>${a.fieldLinks}</legend>
${errors.links ? html`<p class="error field-error">${errors.links}</p>` : ""}
${rows.map((i) => html`<div class="inline-fields">${input(a.linkName, `linkName${i}`, values, {}, { attrs: html` maxlength="100"` })}${input(a.linkUrl, `linkUrl${i}`, values, {}, { type: "url" })}</div>`)}
</fieldset>
${imageFields(ctx, values, errors)}
<p class="buttons-row"><button type="submit">${mode.id ? a.saveChanges : a.publish}</button> <a href="/admin/projects">${a.cancel}</a></p>
</form>`;
  return renderAdminPage(ctx, { title, body, section: "projects" });
}
