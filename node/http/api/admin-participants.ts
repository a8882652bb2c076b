import type { Request } from "express";
import { Router } from "express";
import type { ParticipationDeps } from "../../domain/participation/manage-participants.ts";
import { decideParticipant, listParticipants } from "../../domain/participation/manage-participants.ts";
import type { AuthDeps } from "../auth.ts";
import { requireOperator } from "../auth.ts";
import { HttpError } from "../problem.ts";
import { answerJson, participantJson, participantListJson, participantsCsv } from "./participants.ts";

/** CSV when asked by `?format=csv` or by an `Accept` that prefers text/csv; JSON otherwise. */
function wantsCsv(req: Request): boolean {
  const format = req.query.format;
  if (format === "csv") return true;
  if (format !== undefined && format !== "json") throw new HttpError(400, `format must be "csv" or "json"`);
  return req.accepts(["application/json", "text/csv"]) === "text/csv";
}

/**
 * Operators' view of who takes part in an event: the list (JSON or CSV export), and their word on
 * each request (`ACTOR` is the person's actor URL, percent-encoded). Unknown events are 404,
 * deleted ones 410, someone who never answered the event 404.
 */
export function adminParticipantRoutes(participation: ParticipationDeps, auth: AuthDeps): Router {
  const router = Router();
  const canWrite = requireOperator(auth, "events:write");

  router.get("/api/admin/events/:id/participants", canWrite, (req, res) => {
    const list = listParticipants(participation, req.params.id as string);
    res.vary("Accept");
    if (wantsCsv(req)) {
      res.type("text/csv; charset=utf-8").attachment(`participants-${list.event.id}.csv`).send(participantsCsv(list));
      return;
    }
    res.json(participantListJson(list));
  });
  for (const decision of ["accept", "refuse"] as const) {
    router.post(`/api/admin/events/:id/participants/:actor/${decision}`, canWrite, async (req, res) => {
      const { participant, answer, promoted } = await decideParticipant(participation, req.params.id as string, req.params.actor as string, decision);
      res.json({ participant: participantJson(participant), answer: answerJson(answer), promoted: promoted.map((p) => p.actorId) });
    });
  }
  return router;
}
