import type { Request } from "express";
import { Router } from "express";
import {
  acceptInvitation,
  changePassword,
  checkPassword,
  endAllSessions,
  endSession,
  readInvitation,
  startSession,
} from "../../domain/accounts/manage-accounts.ts";
import { ConflictError, ValidationError } from "../../domain/errors.ts";
import { sendPage } from "../public/routes/page-context.ts";
import { field } from "./body.ts";
import { adminContext } from "./context.ts";
import type { AdminDeps } from "./deps.ts";
import { formErrors } from "./event-form.ts";
import { postedForm, requireArea } from "./guard.ts";
import { noticeOf, redirectWithNotice } from "./notice.ts";
import { renderInvite, renderPassword, renderSignIn } from "./pages/auth.ts";
import { renderMessage } from "./pages/message.ts";
import { clearSessionCookie, sessionToken, setSessionCookie, signedIn } from "./session.ts";

/** Where to go after signing in: only a path of the admin, never another site. */
function nextPath(value: string): string {
  return /^\/admin(\/[A-Za-z0-9/_.?=&%-]*)?$/.test(value) && !value.startsWith("//") ? value : "/admin";
}

const clientAddress = (req: Request) => req.ip ?? req.socket.remoteAddress ?? "unknown";

/** Sign in and out, invitations, one's own password. */
export function adminAuthRoutes(deps: AdminDeps): Router {
  const router = Router();
  const { accounts, venue, throttle } = deps;
  const now = () => deps.publishing.now();

  router.get("/admin/sign-in", (req, res) => {
    if (signedIn(res)) return res.redirect(303, "/admin");
    const ctx = adminContext(req, res, venue, now());
    res.set("Cache-Control", "no-store");
    sendPage(res, 200, renderSignIn(ctx, {}, null, nextPath(String(req.query.next ?? "/admin"))));
  });

  router.post(
    "/admin/sign-in",
    postedForm(deps, async (req, res, ctx, form) => {
      const name = field(form, "name").slice(0, 60);
      const password = form.fields.get("password")?.[0] ?? "";
      const next = nextPath(field(form, "next"));
      const address = clientAddress(req);
      const wait = throttle.retryAfter(name, address);
      if (wait > 0) {
        res.set("Retry-After", String(wait));
        return sendPage(res, 429, renderSignIn(ctx, { name }, ctx.a.tooManyAttempts(Math.ceil(wait / 60)), next));
      }
      const account = await checkPassword(accounts, name, password);
      if (!account) {
        throttle.failed(name, address);
        return sendPage(res, 401, renderSignIn(ctx, { name }, ctx.a.signInFailed, next));
      }
      throttle.succeeded(name);
      // A new session secret at every sign-in: whatever cookie the browser had before is worthless.
      endSession(accounts, sessionToken(req, ctx.secure));
      setSessionCookie(res, startSession(accounts, account), ctx.secure);
      res.redirect(303, next);
    }),
  );

  router.post(
    "/admin/sign-out",
    postedForm(deps, (req, res, ctx) => {
      endSession(accounts, sessionToken(req, ctx.secure));
      clearSessionCookie(res, ctx.secure);
      res.redirect(303, "/admin/sign-in");
    }),
  );

  router.post(
    "/admin/sign-out-everywhere",
    requireArea(deps, "own-password"),
    postedForm(deps, (req, res, ctx) => {
      const current = signedIn(res)!;
      const ended = endAllSessions(accounts, current.account.id);
      clearSessionCookie(res, ctx.secure);
      void req;
      res.redirect(303, `/admin/sign-in?done=${encodeURIComponent(ctx.a.signedOutEverywhere(Math.max(0, ended - 1)))}`);
    }),
  );

  router.get("/admin/invite/:token", (req, res) => {
    const ctx = adminContext(req, res, venue, now());
    res.set("Cache-Control", "no-store").set("Referrer-Policy", "no-referrer");
    const state = readInvitation(accounts, req.params.token);
    if (!state.ok) return sendPage(res, 410, invitationProblem(ctx, state.reason));
    sendPage(res, 200, renderInvite(ctx, state.account.name, req.params.token, {}));
  });

  router.post(
    "/admin/invite/:token",
    postedForm(deps, async (req, res, ctx, form) => {
      res.set("Cache-Control", "no-store").set("Referrer-Policy", "no-referrer");
      const token = String(req.params.token);
      const state = readInvitation(accounts, token);
      if (!state.ok) return sendPage(res, 410, invitationProblem(ctx, state.reason));
      const password = form.fields.get("password")?.[0] ?? "";
      if (password !== (form.fields.get("confirm")?.[0] ?? "")) {
        return sendPage(res, 422, renderInvite(ctx, state.account.name, token, { confirm: ctx.a.passwordsDiffer }));
      }
      try {
        const account = await acceptInvitation(accounts, token, password);
        setSessionCookie(res, startSession(accounts, account), ctx.secure);
        res.redirect(303, "/admin");
      } catch (error) {
        if (error instanceof ValidationError)
          return sendPage(
            res,
            422,
            renderInvite(
              ctx,
              state.account.name,
              token,
              formErrors(ctx.a, error.problems, (f) => f),
            ),
          );
        if (error instanceof ConflictError) return sendPage(res, 410, invitationProblem(ctx, "used"));
        throw error;
      }
    }),
  );

  router.get("/admin/password", requireArea(deps, "own-password"), (req, res) => {
    sendPage(res, 200, renderPassword(adminContext(req, res, venue, now(), noticeOf(req, res)), {}));
  });

  router.post(
    "/admin/password",
    requireArea(deps, "own-password"),
    postedForm(deps, async (_req, res, ctx, form) => {
      const current = signedIn(res)!;
      const next = form.fields.get("password")?.[0] ?? "";
      if (next !== (form.fields.get("confirm")?.[0] ?? "")) return sendPage(res, 422, renderPassword(ctx, { confirm: ctx.a.passwordsDiffer }));
      try {
        await changePassword(accounts, current.account.id, form.fields.get("current")?.[0] ?? "", next, current.session.idDigest);
      } catch (error) {
        if (error instanceof ValidationError)
          return sendPage(
            res,
            422,
            renderPassword(
              ctx,
              formErrors(ctx.a, error.problems, (f) => f),
            ),
          );
        throw error;
      }
      redirectWithNotice(res, "/admin/password", ctx.a.passwordChanged);
    }),
  );
  return router;
}

function invitationProblem(ctx: ReturnType<typeof adminContext>, reason: "unknown" | "expired" | "used"): string {
  const { a } = ctx;
  const text = reason === "expired" ? a.inviteExpired : reason === "used" ? a.inviteUsed : a.inviteUnknown;
  return renderMessage(ctx, { title: a.inviteExpiredTitle, text, link: ["/admin/sign-in", a.signIn] });
}
