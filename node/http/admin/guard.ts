import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Area } from "../../domain/accounts/account.ts";
import { mayUse } from "../../domain/accounts/account.ts";
import { sendPage } from "../public/routes/page-context.ts";
import type { PostedForm } from "./body.ts";
import { BodyTooLarge, field, readForm } from "./body.ts";
import type { AdminContext } from "./context.ts";
import { adminContext } from "./context.ts";
import { CSRF_FIELD, csrfValid } from "./csrf.ts";
import type { AdminDeps } from "./deps.ts";
import { renderMessage } from "./pages/message.ts";
import { signedIn } from "./session.ts";

/** Largest form accepted: a 10 MB image and the rest of the form, with room to say "too large" politely. */
const FORM_LIMIT = 25 * 1024 * 1024;

export type FormHandler = (req: Request, res: Response, ctx: AdminContext, form: PostedForm) => Promise<void> | void;

/**
 * Admits a signed-in operator whose role may use `area`. A visitor who is not signed in is sent to
 * the sign-in page (a form post gets a page saying the session ended: nothing was done); an
 * operator without the role gets 403. Checked on the server for every request, whatever the
 * page showed.
 */
export function requireArea(deps: AdminDeps, area: Area): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const session = signedIn(res);
    const now = deps.publishing.now();
    if (!session) {
      res.set("Cache-Control", "no-store");
      if (req.method === "GET" || req.method === "HEAD") {
        res.redirect(303, `/admin/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      const ctx = adminContext(req, res, deps.venue, now);
      sendPage(res, 401, renderMessage(ctx, { title: ctx.a.signIn, text: ctx.a.sessionEnded, link: ["/admin/sign-in", ctx.a.signIn] }));
      return;
    }
    if (!mayUse(session.account.role, area)) {
      const ctx = adminContext(req, res, deps.venue, now);
      sendPage(res, 403, renderMessage(ctx, { title: ctx.a.forbiddenTitle, text: ctx.a.forbiddenText, link: ["/admin", ctx.a.navDashboard] }));
      return;
    }
    next();
  };
}

/** A form post: read (within the size limit), its token checked, then handled; errors reach Express. */
export function postedForm(deps: AdminDeps, handle: FormHandler): RequestHandler {
  return async (req, res) => {
    const now = deps.publishing.now();
    let form: PostedForm;
    try {
      form = await readForm(req, FORM_LIMIT);
    } catch (error) {
      const ctx = adminContext(req, res, deps.venue, now);
      if (error instanceof BodyTooLarge) {
        res.set("Connection", "close");
        return sendPage(
          res,
          413,
          renderMessage(ctx, {
            title: ctx.a.problem.imageTooLarge,
            text: ctx.a.bodyTooLarge,
            link: [req.get("referer")?.startsWith(deps.venue.origin) ? new URL(req.get("referer")!).pathname : "/admin", ctx.a.back],
          }),
        );
      }
      throw error;
    }
    const ctx = adminContext(req, res, deps.venue, now);
    if (!csrfValid(req, res, deps.venue.origin, ctx.secure, field(form, CSRF_FIELD))) {
      return sendPage(
        res,
        403,
        renderMessage(ctx, { title: ctx.a.forbiddenTitle, text: ctx.a.formExpired, link: [req.originalUrl.split("?")[0]!, ctx.a.back] }),
      );
    }
    await handle(req, res, ctx, form);
  };
}
