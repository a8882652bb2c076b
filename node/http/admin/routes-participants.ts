import type { Request, Response } from "express";
import { Router } from "express";
import { decideParticipant, listParticipants } from "../../domain/participation/manage-participants.ts";
import { participantsCsv } from "../api/participants.ts";
import { sendPage } from "../public/routes/page-context.ts";
import { field } from "./body.ts";
import { adminContext } from "./context.ts";
import type { AdminDeps } from "./deps.ts";
import { postedForm, requireArea } from "./guard.ts";
import { noticeOf, redirectWithNotice } from "./notice.ts";
import { renderParticipants } from "./pages/participants.ts";

/**
 * Who takes part in an event, for editors and admins: the list, its CSV, and the operator's word
 * on each request — the same use cases as `/api/admin/events/ID/participants` and the CLI.
 */
export function adminParticipantPages(deps: AdminDeps): Router {
  const router = Router();
  const { participation, venue } = deps;
  const guard = requireArea(deps, "events");
  const ctxOf = (req: Request, res: Response) => adminContext(req, res, venue, deps.publishing.now(), noticeOf(req, res));

  router.get("/admin/events/:id/participants", guard, (req, res) => {
    sendPage(res, 200, renderParticipants(ctxOf(req, res), listParticipants(participation, req.params.id as string)));
  });

  router.get("/admin/events/:id/participants.csv", guard, (req, res) => {
    const list = listParticipants(participation, req.params.id as string);
    res.type("text/csv; charset=utf-8").attachment(`participants-${list.event.id}.csv`).send(participantsCsv(list));
  });

  router.post(
    "/admin/events/:id/participants",
    guard,
    postedForm(deps, async (req, res, ctx, form) => {
      const eventId = req.params.id as string;
      const decision = field(form, "decision") === "accept" ? "accept" : "refuse";
      const actor = field(form, "actor");
      const { participant } = await decideParticipant(participation, eventId, actor, decision);
      const who = participant.name || participant.handle || participant.actorId;
      redirectWithNotice(
        res,
        `/admin/events/${encodeURIComponent(eventId)}/participants`,
        ctx.a.people.decided(who, ctx.a.people.states[participant.state] ?? participant.state),
      );
    }),
  );
  return router;
}
