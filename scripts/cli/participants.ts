import { GoneError, NotFoundError } from "../../node/domain/errors.ts";
import { decideParticipant, listParticipants } from "../../node/domain/participation/manage-participants.ts";
import type { Attendance } from "../../node/domain/participation/participant.ts";
import { participantsCsv } from "../../node/http/api/participants.ts";
import type { Command } from "./command.ts";
import { CliError, parse, withNode } from "./command.ts";
import { whenText } from "./event-text.ts";

const usage = `cantine participants list EVENT_ID [--csv] [--config FILE]
  cantine participants accept EVENT_ID ACTOR_URL [--config FILE]
  cantine participants refuse EVENT_ID ACTOR_URL [--config FILE]
Accept and refuse work in any mode; in restricted mode they are how requests get in. Accepting
someone when the event is full puts them on the waiting list.`;

/** "3 going · 2 places left · 1 waiting · 1 pending". */
function countsText(attendance: Attendance): string {
  return [
    `${attendance.going} going`,
    ...(attendance.remaining === null ? [] : [`${attendance.remaining} place${attendance.remaining === 1 ? "" : "s"} left`]),
    ...(attendance.waiting ? [`${attendance.waiting} waiting`] : []),
    ...(attendance.pending ? [`${attendance.pending} pending`] : []),
    ...(attendance.maybe ? [`${attendance.maybe} maybe`] : []),
  ].join(" · ");
}

/**
 * `cantine participants …`: who takes part in an event (or its CSV export), and the operator's
 * word on a request. The Accept or Reject goes into the node's durable queue; the running node
 * delivers it (or does so when it next starts).
 */
export const participantsCommand: Command = {
  name: "participants",
  summary: "list an event's participants (or export them as CSV); accept or refuse requests",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(args, { csv: { type: "boolean" } });
    const [action, eventId, actorId] = positionals;
    if (action !== "list" && action !== "accept" && action !== "refuse") throw new CliError(`Unknown action "${action ?? ""}". Usage:\n  ${usage}`, 2);
    if (!eventId) throw new CliError(`Missing EVENT_ID. Usage:\n  ${usage}`, 2);
    if (action !== "list" && !actorId) throw new CliError(`Missing ACTOR_URL. Usage:\n  ${usage}`, 2);
    return withNode(values.config, async (node) => {
      try {
        if (action === "list") {
          const list = listParticipants(node.participation, eventId);
          if (values.csv) {
            io.out(participantsCsv(list).replace(/\r\n$/, "").replaceAll("\r\n", "\n"));
            return 0;
          }
          io.err(`"${list.event.title}", ${whenText(list.event)} (${list.mode}): ${countsText(list.attendance)}.`);
          let position = 0;
          for (const p of list.participants) {
            const state = p.state === "waiting" ? `waiting #${++position}` : p.state;
            io.out(`${state.padEnd(10)} ${p.actorId}${p.handle ? `  (@${p.handle})` : ""}`);
          }
          if (list.participants.length === 0) io.err("No one has answered yet.");
          return 0;
        }
        const { participant, answer, promoted } = await decideParticipant(node.participation, eventId, actorId!, action);
        const told =
          answer.kind === "accept" ? "an Accept" : answer.kind === "waitlist" ? `a Reject saying they are #${answer.position} on the waiting list` : "a Reject";
        io.out(`${participant.state} ${participant.actorId}; ${told} is queued for delivery.`);
        for (const p of promoted) io.out(`going ${p.actorId} (from the waiting list); an Accept is queued for delivery.`);
        return 0;
      } catch (error) {
        if (error instanceof NotFoundError && error.kind === "participant") throw new CliError(`${actorId} has not answered event ${eventId}.`);
        if (error instanceof NotFoundError || error instanceof GoneError) throw new CliError(error.message);
        throw error;
      }
    });
  },
};
