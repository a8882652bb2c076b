import type { Request, Response } from "express";
import { Router } from "express";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.ts";
import type { Severity } from "../../domain/moderation/blocks.ts";
import { SEVERITIES } from "../../domain/moderation/blocks.ts";
import { sendPage } from "../public/routes/page-context.ts";
import { field } from "./body.ts";
import type { AdminContext } from "./context.ts";
import { adminContext } from "./context.ts";
import type { AdminDeps } from "./deps.ts";
import type { FormErrors, FormValues } from "./fields.ts";
import { postedForm, requireArea } from "./guard.ts";
import { noticeOf, redirectWithNotice } from "./notice.ts";
import { renderModeration } from "./pages/moderation.ts";

const PAGE = "/admin/moderation";

/**
 * Blocks, reports received, hidden items and the moderation log, for admins: the same use cases
 * as the moderation API and the CLI, each action logged under the signed-in operator's name.
 */
export function adminModerationPages(deps: AdminDeps): Router {
  const router = Router();
  const { moderation, venue } = deps;
  const guard = requireArea(deps, "moderation");
  const ctxOf = (req: Request, res: Response) => adminContext(req, res, venue, deps.publishing.now(), noticeOf(req, res));
  const page = (ctx: AdminContext, values: FormValues = {}, errors: FormErrors = {}) =>
    renderModeration(ctx, {
      blocks: moderation.blocks(),
      reports: moderation.reports(false),
      hidden: moderation.hidden(),
      log: moderation.log(100),
      values,
      errors,
    });
  const operator = (ctx: AdminContext) => ctx.account!.name;

  router.get(PAGE, guard, (req, res) => sendPage(res, 200, page(ctxOf(req, res))));

  router.post(
    `${PAGE}/block`,
    guard,
    postedForm(deps, async (_req, res, ctx, form) => {
      const values = { target: field(form, "target"), severity: field(form, "severity"), reason: field(form, "reason") };
      const severity = (SEVERITIES as readonly string[]).includes(values.severity) ? (values.severity as Severity) : "suspend";
      try {
        if (!values.target) throw new ValidationError([{ field: "target", message: "required" }]);
        const { block } = await moderation.block({ target: values.target, severity, reason: values.reason || null }, operator(ctx));
        redirectWithNotice(res, PAGE, ctx.a.moderation.blocked(block.target));
      } catch (error) {
        if (error instanceof ValidationError)
          return sendPage(res, 422, page(ctx, values, { target: values.target ? ctx.a.moderation.badTarget : ctx.a.problem.required }));
        if (error instanceof ConflictError) return sendPage(res, 422, page(ctx, values, { target: ctx.a.moderation.notOurselves }));
        throw error;
      }
    }),
  );

  router.post(
    `${PAGE}/unblock`,
    guard,
    postedForm(deps, (_req, res, ctx, form) => {
      const target = field(form, "target");
      try {
        moderation.unblock(target, operator(ctx));
      } catch (error) {
        if (!(error instanceof NotFoundError || error instanceof ValidationError)) throw error;
        return redirectWithNotice(res, PAGE, ctx.a.moderation.alreadyDone);
      }
      redirectWithNotice(res, PAGE, ctx.a.moderation.unblocked(target));
    }),
  );

  router.post(
    `${PAGE}/resolve`,
    guard,
    postedForm(deps, (_req, res, ctx, form) => {
      try {
        moderation.resolveReport(field(form, "report"), operator(ctx));
      } catch (error) {
        if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error;
        return redirectWithNotice(res, PAGE, ctx.a.moderation.alreadyDone);
      }
      redirectWithNotice(res, PAGE, ctx.a.moderation.resolved);
    }),
  );

  router.post(
    `${PAGE}/unhide`,
    guard,
    postedForm(deps, (_req, res, ctx, form) => {
      const url = field(form, "url");
      try {
        moderation.unhide(url, operator(ctx));
      } catch (error) {
        if (!(error instanceof NotFoundError || error instanceof ValidationError)) throw error;
        return redirectWithNotice(res, PAGE, ctx.a.moderation.alreadyDone);
      }
      redirectWithNotice(res, PAGE, ctx.a.moderation.unhidden);
    }),
  );
  return router;
}
