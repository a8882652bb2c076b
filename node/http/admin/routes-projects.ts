import type { Request, Response } from "express";
import { Router } from "express";
import { ValidationError } from "../../domain/errors.ts";
import { imagePaths } from "../../domain/media/image.ts";
import { NetworkError } from "../../domain/network/network.ts";
import { relayObject } from "../../domain/network/relay.ts";
import { deleteProject, localProject, publishProject, updateProject } from "../../domain/projects/manage-projects.ts";
import type { Project } from "../../domain/projects/project.ts";
import type { Venue } from "../../domain/venue.ts";
import { sendPage } from "../public/routes/page-context.ts";
import { checkProjectInput, projectPatch } from "../validate-input.ts";
import { field } from "./body.ts";
import { adminContext } from "./context.ts";
import type { AdminDeps } from "./deps.ts";
import type { FormImage } from "./event-form.ts";
import { formErrors, imageValues } from "./event-form.ts";
import { postedForm, requireArea } from "./guard.ts";
import { noticeOf, redirectWithNotice } from "./notice.ts";
import { renderDelete } from "./pages/events.ts";
import { LINK_ROWS, renderProjectForm, renderProjectList } from "./pages/projects.ts";
import { formBanner, valuesOf } from "./upload.ts";

type Values = Record<string, string | string[]>;
const split = (text: string, by: RegExp) =>
  text
    .split(by)
    .map((s) => s.trim())
    .filter(Boolean);
const str = (values: Values, name: string) =>
  (Array.isArray(values[name]) ? (values[name] as string[])[0] : (values[name] as string | undefined))?.trim() ?? "";

function projectValues(p: Project, venue: Venue): Values {
  const values: Values = {
    ...imageValues(p.image, venue),
    title: p.title,
    summary: p.summary,
    description: p.description ?? "",
    stage: p.stage,
    lookingFor: [...p.lookingFor],
    cities: p.cities.join(", "),
    tags: p.tags.join(", "),
    contact: p.contact ?? "",
    language: p.language ?? "",
  };
  p.links.slice(0, LINK_ROWS).forEach((link, i) => Object.assign(values, { [`linkName${i + 1}`]: link.name, [`linkUrl${i + 1}`]: link.url }));
  return values;
}

function projectInput(values: Values, venue: Venue, image: FormImage): Record<string, unknown> {
  const or = (name: string) => str(values, name) || null;
  const links = Array.from({ length: LINK_ROWS }, (_, i) => ({ name: str(values, `linkName${i + 1}`), url: str(values, `linkUrl${i + 1}`) })).filter(
    (l) => l.name || l.url,
  );
  const lookingFor = values.lookingFor;
  return {
    title: str(values, "title"),
    summary: str(values, "summary"),
    description: or("description"),
    stage: str(values, "stage") || "idea",
    lookingFor: Array.isArray(lookingFor) ? lookingFor : lookingFor ? [lookingFor] : [],
    cities: split(str(values, "cities"), /,/),
    tags: split(str(values, "tags"), /[\s,]+/),
    links,
    contact: or("contact"),
    language: or("language"),
    image: image ? { url: image.id ? new URL(imagePaths(image.id).image, venue.origin).href : image.url, alt: image.alt || undefined } : null,
  };
}

const IMAGE_FIELDS: Record<string, string> = { "image.alt": "imageAlt", "image.url": "image", "image.mediaType": "image" };
const projectField = (field: string) =>
  IMAGE_FIELDS[field] ?? (/^links/.test(field) ? "links" : /^(cities|tags|lookingFor)\[/.test(field) ? field.split("[")[0]! : field || "title");

/** Projects from the browser (the same use cases as the admin API), and relaying another cantine's. */
export function adminProjectPages(deps: AdminDeps): Router {
  const router = Router();
  const { publishing, venue } = deps;
  const guard = requireArea(deps, "projects");
  const ctxOf = (req: Request, res: Response) => adminContext(req, res, venue, publishing.now(), noticeOf(req, res));
  const local = () => publishing.projects.query({ local: true, limit: 200, offset: 0 }).items;

  router.get("/admin/projects", guard, (req, res) => sendPage(res, 200, renderProjectList(ctxOf(req, res), local(), { values: {}, errors: {} })));
  router.get("/admin/projects/new", guard, (req, res) =>
    sendPage(res, 200, renderProjectForm(ctxOf(req, res), {}, { stage: "idea", language: venue.locale ?? "" }, {})),
  );
  router.get("/admin/projects/:id/edit", guard, (req, res) => {
    const project = localProject(publishing, req.params.id as string);
    sendPage(res, 200, renderProjectForm(ctxOf(req, res), { id: project.id, title: project.title }, projectValues(project, venue), {}));
  });

  // The image first (kept even if the rest needs fixing), then the use case, as for events.
  const save = (mode: "new" | "edit") =>
    postedForm(deps, async (req, res, ctx, form) => {
      const values = valuesOf(form);
      const project = mode === "edit" ? localProject(publishing, req.params.id as string) : null;
      const banner = await formBanner(deps.media, ctx.a, form, values);
      const show = (errors: Record<string, string>) => sendPage(res, 422, renderProjectForm(ctx, { id: project?.id, title: project?.title }, values, errors));
      if (banner.error) return show({ image: banner.error });
      try {
        const input = projectInput(values, venue, banner.image);
        if (project) updateProject(publishing, project.id, projectPatch(input));
        else publishProject(publishing, checkProjectInput(input));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return show(formErrors(ctx.a, error.problems, projectField));
      }
      redirectWithNotice(res, "/admin/projects", project ? ctx.a.projectUpdated : ctx.a.projectPublished);
    });
  router.post("/admin/projects", guard, save("new"));
  router.post(
    "/admin/projects/relay",
    guard,
    postedForm(deps, async (_req, res, ctx, form) => {
      const url = field(form, "url");
      try {
        if (!url) throw new NetworkError("enter the project's address");
        await relayObject(publishing, deps.network, url);
      } catch (error) {
        if (!(error instanceof NetworkError) && !(error instanceof Error && /not found|unknown/i.test(error.message))) throw error;
        return sendPage(res, 422, renderProjectList(ctx, local(), { values: { url }, errors: { url: ctx.a.problem.relayFailed((error as Error).message) } }));
      }
      redirectWithNotice(res, "/admin/projects", ctx.a.relayed);
    }),
  );
  router.post("/admin/projects/:id", guard, save("edit"));

  router.get("/admin/projects/:id/delete", guard, (req, res) => {
    const ctx = ctxOf(req, res);
    const project = localProject(publishing, req.params.id as string);
    sendPage(
      res,
      200,
      renderDelete(ctx, {
        title: project.title,
        when: project.summary,
        action: `/admin/projects/${project.id}/delete`,
        intro: ctx.a.deleteProjectIntro,
        back: "/admin/projects",
      }),
    );
  });
  router.post(
    "/admin/projects/:id/delete",
    guard,
    postedForm(deps, (req, res, ctx) => {
      deleteProject(publishing, req.params.id as string);
      redirectWithNotice(res, "/admin/projects", ctx.a.projectDeleted);
    }),
  );
  return router;
}
