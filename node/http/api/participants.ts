import type { ParticipantList } from "../../domain/participation/manage-participants.ts";
import type { Answer, Participant } from "../../domain/participation/participant.ts";

/** Each person with their place on the waiting list (1 = next to get a place), if they wait. */
function withPositions(participants: readonly Participant[]): { participant: Participant; position: number | null }[] {
  let waiting = 0;
  return participants.map((participant) => ({ participant, position: participant.state === "waiting" ? ++waiting : null }));
}

export function participantJson(participant: Participant, position: number | null = null) {
  return {
    actorId: participant.actorId,
    handle: participant.handle,
    name: participant.name,
    state: participant.state,
    waitingPosition: position,
    answeredWith: participant.activityType,
    activityId: participant.activityId,
    message: participant.message,
    requestedAt: participant.requestedAt,
    since: participant.since,
    updatedAt: participant.updatedAt,
  };
}

/** The admin API's list: the event, its counts, and everyone who answered (going, waiting in order, then the rest). */
export function participantListJson(list: ParticipantList) {
  const { event, mode, attendance } = list;
  return {
    event: { id: event.id, url: event.url, title: event.title, startsAt: event.startsAt, participation: mode, capacity: event.capacity },
    attendance,
    items: withPositions(list.participants).map(({ participant, position }) => participantJson(participant, position)),
  };
}

export function answerJson(answer: Answer) {
  return answer.kind === "waitlist" ? { kind: answer.kind, position: answer.position } : { kind: answer.kind };
}

const CSV_COLUMNS = ["state", "waiting_position", "actor", "handle", "name", "answered_with", "message", "first_answer", "since"] as const;

/**
 * One CSV cell (RFC 4180): quoted when needed. Names and messages come from other servers, so a
 * cell a spreadsheet would read as a formula (=, +, -, @) is made plain text with a leading quote.
 */
function cell(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The participants of an event as CSV (UTF-8, CRLF lines, a header row), for spreadsheets and mail merges. */
export function participantsCsv(list: ParticipantList): string {
  const rows = withPositions(list.participants).map(({ participant: p, position }) =>
    [p.state, position, p.actorId, p.handle, p.name, p.activityType, p.message, p.requestedAt, p.since].map(cell).join(","),
  );
  return [CSV_COLUMNS.join(","), ...rows].map((line) => `${line}\r\n`).join("");
}
