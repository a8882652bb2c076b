import type { Request, Response } from "express";
import { Router } from "express";
import { ConflictError, ValidationError } from "../../domain/errors.ts";
import { cancelEvent, deleteEvent, localEvent, publishEvent, updateEvent } from "../../domain/events/manage-events.ts";
import { deleteSeries, liveSeries, updateSeries } from "../../domain/events/manage-series.ts";
import { renderMarkdown, sanitizeHtml } from "../../domain/rich-text.ts";
import { formatWhen } from "../public/pages/format.ts";
import { sendPage } from "../public/routes/page-context.ts";
import { checkEventInput, eventPatch } from "../validate-input.ts";
import type { PostedForm } from "./body.ts";
import { field } from "./body.ts";
import type { AdminContext } from "./context.ts";
import { adminContext } from "./context.ts";
import type { AdminDeps } from "./deps.ts";
import { eventFieldOf, eventValues, formErrors, inputFromValues, newEventValues, seriesValues } from "./event-form.ts";
import { postedForm, requireArea } from "./guard.ts";
import { noticeOf, redirectWithNotice } from "./notice.ts";
import type { EventFormMode } from "./pages/event-form.ts";
import { renderEventForm } from "./pages/event-form.ts";
import { renderCancel, renderDelete, renderEventList } from "./pages/events.ts";
import { formBanner, valuesOf } from "./upload.ts";

const DAY_MS = 86_400_000;

/** Events and series from the browser: the same use cases as `POST /api/admin/events` and the CLI. */
export function adminEventPages(deps: AdminDeps): Router {
  const router = Router();
  const { publishing, venue } = deps;
  const guard = requireArea(deps, "events");
  const ctxOf = (req: Request, res: Response) => adminContext(req, res, venue, publishing.now(), noticeOf(req, res));

  router.get("/admin/events", guard, (req, res) => {
    const past = req.query.past === "1";
    const now = publishing.now().getTime();
    const { items } = publishing.events.query(
      past
        ? { local: true, from: new Date(now - 365 * DAY_MS).toISOString(), to: new Date(now).toISOString(), limit: 200, offset: 0 }
        : { local: true, from: new Date(now).toISOString(), limit: 200, offset: 0 },
    );
    sendPage(res, 200, renderEventList(ctxOf(req, res), past ? [...items].reverse() : items, past));
  });

  router.get("/admin/events/new", guard, (req, res) => {
    const ctx = ctxOf(req, res);
    const from = typeof req.query.from === "string" ? req.query.from : undefined;
    if (!from) return sendPage(res, 200, renderEventForm(ctx, { mode: { kind: "new" }, values: newEventValues(venue, publishing.now()), errors: {} }));
    const source = localEvent(publishing, from);
    const values = { ...eventValues(source, venue), status: "scheduled" };
    sendPage(res, 200, renderEventForm(ctx, { mode: { kind: "new", duplicateOf: source.title }, values, errors: {} }));
  });

  router.post(
    "/admin/events",
    guard,
    postedForm(deps, (_req, res, ctx, form) => saveEventForm(deps, res, ctx, form, { kind: "new" })),
  );

  router.get("/admin/events/:id/edit", guard, (req, res) => {
    const event = localEvent(publishing, req.params.id as string);
    sendPage(
      res,
      200,
      renderEventForm(ctxOf(req, res), {
        mode: { kind: "edit", id: event.id, title: event.title, seriesId: event.seriesId },
        values: eventValues(event, venue),
        errors: {},
      }),
    );
  });

  router.post(
    "/admin/events/:id",
    guard,
    postedForm(deps, (req, res, ctx, form) => {
      const event = localEvent(publishing, req.params.id as string);
      return saveEventForm(deps, res, ctx, form, { kind: "edit", id: event.id, title: event.title, seriesId: event.seriesId });
    }),
  );

  router.get("/admin/series/:id/edit", guard, (req, res) => {
    const series = liveSeries(publishing, req.params.id as string);
    const occurrences = publishing.events.occurrences(series.id);
    const now = publishing.now().getTime();
    const first = occurrences.find((e) => Date.parse(e.startsAt) >= now) ?? occurrences[0];
    sendPage(
      res,
      200,
      renderEventForm(ctxOf(req, res), {
        mode: { kind: "series", id: series.id, title: series.input.title },
        values: seriesValues(series, venue, first),
        errors: {},
      }),
    );
  });

  router.post(
    "/admin/series/:id",
    guard,
    postedForm(deps, (req, res, ctx, form) => {
      const series = liveSeries(publishing, req.params.id as string);
      return saveEventForm(deps, res, ctx, form, { kind: "series", id: series.id, title: series.input.title });
    }),
  );

  router.get("/admin/events/:id/cancel", guard, (req, res) => {
    sendPage(res, 200, renderCancel(ctxOf(req, res), localEvent(publishing, req.params.id as string), ""));
  });

  router.post(
    "/admin/events/:id/cancel",
    guard,
    postedForm(deps, (req, res, ctx, form) => {
      const event = localEvent(publishing, req.params.id as string);
      try {
        cancelEvent(publishing, event.id, { message: field(form, "message") });
      } catch (error) {
        if (error instanceof ConflictError) return redirectWithNotice(res, "/admin/events", ctx.a.alreadyCancelled);
        if (error instanceof ValidationError)
          return sendPage(res, 422, renderCancel({ ...ctx, notice: ctx.a.problem.tooLong(2000) }, event, field(form, "message")));
        throw error;
      }
      redirectWithNotice(res, "/admin/events", ctx.a.eventCancelled);
    }),
  );

  router.get("/admin/events/:id/delete", guard, (req, res) => {
    const ctx = ctxOf(req, res);
    const event = localEvent(publishing, req.params.id as string);
    sendPage(
      res,
      200,
      renderDelete(ctx, {
        title: event.title,
        when: formatWhen(event, event.timezone, ctx.intl),
        action: `/admin/events/${event.id}/delete`,
        intro: ctx.a.deleteIntro,
        back: `/admin/events/${event.id}/edit`,
      }),
    );
  });

  router.post(
    "/admin/events/:id/delete",
    guard,
    postedForm(deps, (req, res, ctx) => {
      deleteEvent(publishing, req.params.id as string);
      redirectWithNotice(res, "/admin/events", ctx.a.eventDeleted);
    }),
  );

  router.get("/admin/series/:id/delete", guard, (req, res) => {
    const ctx = ctxOf(req, res);
    const series = liveSeries(publishing, req.params.id as string);
    sendPage(
      res,
      200,
      renderDelete(ctx, {
        title: series.input.title,
        when: series.recurrence,
        action: `/admin/series/${series.id}/delete`,
        intro: ctx.a.deleteSeriesIntro,
        back: "/admin/events",
      }),
    );
  });

  router.post(
    "/admin/series/:id/delete",
    guard,
    postedForm(deps, (req, res, ctx) => {
      deleteSeries(publishing, req.params.id as string);
      redirectWithNotice(res, "/admin/events", ctx.a.eventDeleted);
    }),
  );

  // The description's preview for admin.js (the form's Preview button does the same without script).
  router.post(
    "/admin/preview",
    guard,
    postedForm(deps, (_req, res, _ctx, form) => {
      res
        .set("Cache-Control", "no-store")
        .type("html")
        .send(sanitizeHtml(renderMarkdown(field(form, "description").slice(0, 20_000))));
    }),
  );
  return router;
}

/**
 * One submit of the event form: the image first (kept even if the rest needs fixing), then the
 * form's own checks, the input schema's and the domain's, every problem shown next to its field;
 * then one use case.
 */
async function saveEventForm(deps: AdminDeps, res: Response, ctx: AdminContext, form: PostedForm, mode: EventFormMode): Promise<void> {
  const { publishing, venue } = deps;
  const values = valuesOf(form);
  const banner = await formBanner(deps.media, ctx.a, form, values);
  const show = (status: number, errors: Record<string, string>, previewHtml?: string) =>
    sendPage(res, status, renderEventForm(ctx, { mode, values, errors, previewHtml }));
  if (field(form, "action") === "preview") {
    return show(banner.error ? 422 : 200, banner.error ? { image: banner.error } : {}, sanitizeHtml(renderMarkdown(field(form, "description"))));
  }
  const { input, problems } = inputFromValues(values, venue, banner.image, { series: mode.kind !== "edit" });
  const errors = formErrors(ctx.a, problems, eventFieldOf);
  if (banner.error) errors.image = banner.error;
  if (Object.keys(errors).length > 0) return show(422, errors);
  try {
    if (mode.kind === "new") {
      const { series } = publishEvent(publishing, checkEventInput(input));
      return redirectWithNotice(res, "/admin/events", series ? ctx.a.seriesPublished(series.occurrences.length) : ctx.a.eventPublished);
    }
    if (mode.kind === "series") updateSeries(publishing, mode.id, eventPatch(input));
    else updateEvent(publishing, mode.id, eventPatch(input));
  } catch (error) {
    if (error instanceof ValidationError) return show(422, formErrors(ctx.a, error.problems, eventFieldOf));
    throw error;
  }
  redirectWithNotice(res, "/admin/events", ctx.a.eventUpdated);
}
