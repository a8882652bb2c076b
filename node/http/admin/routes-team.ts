import type { Request, Response } from "express";
import { Router } from "express";
import type { NewInvitation } from "../../domain/accounts/manage-accounts.ts";
import { inviteOperator, removeOperator, resetOperator } from "../../domain/accounts/manage-accounts.ts";
import type { Scope } from "../../domain/accounts/tokens.ts";
import { isScope } from "../../domain/accounts/tokens.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.ts";
import { issueToken } from "../auth.ts";
import { HttpError } from "../problem.ts";
import { sendPage } from "../public/routes/page-context.ts";
import { field, fieldValues } from "./body.ts";
import { adminContext } from "./context.ts";
import type { AdminDeps } from "./deps.ts";
import { formErrors } from "./event-form.ts";
import { postedForm, requireArea } from "./guard.ts";
import { noticeOf, redirectWithNotice } from "./notice.ts";
import { renderAccounts, renderRemoveAccount, renderTokens } from "./pages/team.ts";
import { signedIn } from "./session.ts";

/** The link an invitation's person opens to set a password. */
export function invitationUrl(origin: string, invitation: NewInvitation): string {
  return new URL(`/admin/invite/${invitation.token}`, origin).href;
}

/** API tokens and operators' accounts: admins only. */
export function adminTeamPages(deps: AdminDeps): Router {
  const router = Router();
  const { auth, accounts, venue } = deps;
  const ctxOf = (req: Request, res: Response) => adminContext(req, res, venue, deps.publishing.now(), noticeOf(req, res));
  const tokensGuard = requireArea(deps, "tokens");
  const accountsGuard = requireArea(deps, "accounts");

  router.get("/admin/tokens", tokensGuard, (req, res) =>
    sendPage(res, 200, renderTokens(ctxOf(req, res), auth.tokens.list().reverse(), { values: { days: "90" }, errors: {} })),
  );
  router.post(
    "/admin/tokens",
    tokensGuard,
    postedForm(deps, async (_req, res, ctx, form) => {
      const values = { name: field(form, "name"), scopes: fieldValues(form, "scopes"), days: field(form, "days") || "90" };
      const errors: Record<string, string> = {};
      const scopes = values.scopes.filter(isScope) as Scope[];
      const days = Number(values.days);
      if (!values.name) errors.name = ctx.a.problem.required;
      if (scopes.length === 0) errors.scopes = ctx.a.problem.scopesNeeded;
      if (!Number.isInteger(days) || days < 1 || days > 3650) errors.days = ctx.a.problem.days;
      if (Object.keys(errors).length === 0) {
        try {
          const { token } = await issueToken(auth, { name: values.name, scopes, days });
          return sendPage(res, 201, renderTokens(ctx, auth.tokens.list().reverse(), { values: { days: "90" }, errors: {}, issued: token }));
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          errors.name = ctx.a.problem.other(error.message);
        }
      }
      sendPage(res, 422, renderTokens(ctx, auth.tokens.list().reverse(), { values, errors }));
    }),
  );
  router.post(
    "/admin/tokens/revoke",
    tokensGuard,
    postedForm(deps, (_req, res, ctx, form) => {
      auth.tokens.revoke(field(form, "id"), deps.publishing.now().toISOString());
      redirectWithNotice(res, "/admin/tokens", ctx.a.revoked);
    }),
  );

  router.get("/admin/accounts", accountsGuard, (req, res) =>
    sendPage(res, 200, renderAccounts(ctxOf(req, res), accounts.accounts.list(), { values: {}, errors: {} })),
  );
  router.post(
    "/admin/accounts/invite",
    accountsGuard,
    postedForm(deps, (_req, res, ctx, form) => {
      const values = { name: field(form, "name"), role: field(form, "role") || "editor" };
      try {
        const invitation = inviteOperator(accounts, values);
        sendPage(
          res,
          201,
          renderAccounts(ctx, accounts.accounts.list(), {
            values: {},
            errors: {},
            link: { text: ctx.a.inviteCreated(invitation.account.name), url: invitationUrl(venue.origin, invitation) },
          }),
        );
      } catch (error) {
        const problems =
          error instanceof ValidationError ? error.problems : error instanceof ConflictError ? [{ field: "name", message: error.message }] : null;
        if (!problems) throw error;
        sendPage(res, 422, renderAccounts(ctx, accounts.accounts.list(), { values, errors: formErrors(ctx.a, problems, (f) => f) }));
      }
    }),
  );
  router.post(
    "/admin/accounts/reset",
    accountsGuard,
    postedForm(deps, (_req, res, ctx, form) => {
      const invitation = resetOperator(accounts, field(form, "name"));
      if (invitation.account.id === signedIn(res)?.account.id) return res.redirect(303, "/admin/sign-in");
      sendPage(
        res,
        200,
        renderAccounts(ctx, accounts.accounts.list(), {
          values: {},
          errors: {},
          link: { text: ctx.a.resetDone(invitation.account.name), url: invitationUrl(venue.origin, invitation) },
        }),
      );
    }),
  );
  router.get("/admin/accounts/remove", accountsGuard, (req, res) => {
    const account = accounts.accounts.byName(String(req.query.name ?? ""));
    if (!account) throw new NotFoundError("operator", String(req.query.name ?? ""));
    sendPage(res, 200, renderRemoveAccount(ctxOf(req, res), account));
  });
  router.post(
    "/admin/accounts/remove",
    accountsGuard,
    postedForm(deps, (_req, res, ctx, form) => {
      try {
        const removed = removeOperator(accounts, field(form, "name"));
        redirectWithNotice(res, "/admin/accounts", ctx.a.removed(removed.name));
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        sendPage(res, 409, renderAccounts(ctx, accounts.accounts.list(), { values: {}, errors: { name: ctx.a.problem.lastAdmin } }));
      }
    }),
  );
  return router;
}
