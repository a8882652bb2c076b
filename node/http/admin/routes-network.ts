import type { Request, Response } from "express";
import { Router } from "express";
import { NetworkError } from "../../domain/network/network.ts";
import { sendPage } from "../public/routes/page-context.ts";
import { field } from "./body.ts";
import type { AdminContext } from "./context.ts";
import { adminContext } from "./context.ts";
import type { AdminDeps } from "./deps.ts";
import { postedForm, requireArea } from "./guard.ts";
import { noticeOf, redirectWithNotice } from "./notice.ts";
import { renderNetworkAdmin } from "./pages/network.ts";

/** Following cantines, answering follow requests, the followers: admins only. */
export function adminNetworkPages(deps: AdminDeps): Router {
  const router = Router();
  const { network, followers, venue } = deps;
  const guard = requireArea(deps, "network");
  const ctxOf = (req: Request, res: Response) => adminContext(req, res, venue, deps.publishing.now(), noticeOf(req, res));
  const page = (ctx: AdminContext, values = {}, errors = {}) =>
    renderNetworkAdmin(ctx, {
      follows: network.list().filter((c) => !c.local),
      pending: followers.listPending(),
      followers: followers.listAccepted(),
      values,
      errors,
    });

  router.get("/admin/network", guard, (req, res) => sendPage(res, 200, page(ctxOf(req, res))));

  router.post(
    "/admin/network/follow",
    guard,
    postedForm(deps, async (_req, res, ctx, form) => {
      const handle = field(form, "handle");
      try {
        if (!handle) throw new NetworkError(ctx.a.problem.required);
        const actor = await network.follow(handle);
        redirectWithNotice(res, "/admin/network", ctx.a.followSent(actor.name || handle));
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        sendPage(res, 422, page(ctx, { handle }, { handle: ctx.a.problem.followFailed(error.message) }));
      }
    }),
  );

  router.post(
    "/admin/network/unfollow",
    guard,
    postedForm(deps, async (_req, res, ctx, form) => {
      const actor = field(form, "actor");
      const name = network.list().find((c) => c.actorId === actor)?.name ?? actor;
      await network.unfollow(actor);
      redirectWithNotice(res, "/admin/network", ctx.a.unfollowed(name));
    }),
  );

  router.post(
    "/admin/network/sync",
    guard,
    postedForm(deps, async (_req, res, ctx, form) => {
      try {
        const progress = await network.sync(field(form, "actor"));
        redirectWithNotice(res, "/admin/network", ctx.a.synced(progress.created, progress.updated, progress.deleted));
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        redirectWithNotice(res, "/admin/network", error.message);
      }
    }),
  );

  router.post(
    "/admin/network/followers/answer",
    guard,
    postedForm(deps, async (req, res, ctx, form) => {
      const answer = field(form, "answer") === "accept" ? "accept" : "reject";
      const actor = field(form, "actor");
      if (followers.get(actor)?.state === "pending") await deps.answerFollow(actor, answer);
      const back = (req.get("referer") ?? "").endsWith("/admin") ? "/admin" : "/admin/network";
      redirectWithNotice(res, back, answer === "accept" ? ctx.a.approved : ctx.a.rejected);
    }),
  );
  return router;
}
