// Use cases of participation: an answer arrives from the fediverse, someone withdraws, the
// operator accepts or refuses, a freed place goes to the waiting list. Each decides and writes in
// one transaction (two answers never take the same last place), then sends the answers.
import { GoneError, NotFoundError } from "../errors.ts";
import type { CantineEvent } from "../events/event.ts";
import type { Clock, EventStore, Transaction } from "../ports.ts";
import { participationMode, takesParticipants } from "./modes.ts";
import type { Answer, AnswerActivityType, AnswerKind, Attendance, Intent, Participant, Person, Situation } from "./participant.ts";
import { attendanceOf, canWithdraw, decide, decideByOperator, nextParticipant, ParticipantState, placesToFill } from "./participant.ts";
import type { AnswerTarget, ParticipantStore, ParticipationAnswers } from "./ports.ts";

export type ParticipationDeps = Readonly<{
  events: Pick<EventStore, "get">;
  participants: ParticipantStore;
  answers: ParticipationAnswers;
  transaction: Transaction;
  now: Clock;
}>;

/** An answer as received: who, which event, through which activity, meaning what. */
export type ReceivedAnswer = Readonly<{
  eventId: string;
  person: Person;
  activity: Readonly<{ id: string; type: AnswerActivityType }>;
  intent: Intent;
  message?: string | null;
}>;

export type AnswerOutcome =
  | { kind: "recorded"; participant: Participant | null; answer: Answer | null; promoted: Participant[] }
  | { kind: "ignored"; reason: string };

/** One of our live events, or undefined. */
function liveLocalEvent(deps: ParticipationDeps, eventId: string): CantineEvent | undefined {
  const stored = deps.events.get(eventId);
  return stored?.value.local && !stored.deletedAt ? stored.value : undefined;
}

/** Our event for the operator's tools: 404 when unknown or someone else's, 410 once deleted. */
function operatorEvent(deps: Pick<ParticipationDeps, "events">, eventId: string): CantineEvent {
  const stored = deps.events.get(eventId);
  if (!stored?.value.local) throw new NotFoundError("event", eventId);
  if (stored.deletedAt) throw new GoneError("event", eventId);
  return stored.value;
}

function situationOf(deps: ParticipationDeps, event: CantineEvent, current: Participant | undefined): Situation {
  const going = deps.participants.counts(event.id).going;
  return {
    mode: participationMode(event),
    capacity: event.capacity,
    goingOthers: going - (current?.state === ParticipantState.going ? 1 : 0),
    current: current?.state ?? null,
    registrationUrl: event.registrationUrl,
  };
}

/** The full answer of a kind, for someone now stored as `participant` (the waiting-list position is read after the write). */
function answerOf(deps: ParticipationDeps, event: CantineEvent, kind: AnswerKind, actorId: string): Answer {
  if (kind === "waitlist") return { kind, position: deps.participants.waiting(event.id).findIndex((p) => p.actorId === actorId) + 1 };
  if (kind === "external") return { kind, url: event.registrationUrl ?? event.url };
  return { kind };
}

function targetOf(participant: Pick<Participant, "actorId" | "inbox" | "sharedInbox" | "activityId" | "activityType">): AnswerTarget {
  const { actorId, inbox, sharedInbox, activityId, activityType } = participant;
  return { actorId, inbox, sharedInbox, activityId, activityType };
}

/**
 * Someone answers one of our events (Join, Accept, TentativeAccept or Reject of it). The answer
 * replaces their previous one; a place freed by it goes to the waiting list.
 */
export async function receiveAnswer(deps: ParticipationDeps, received: ReceivedAnswer): Promise<AnswerOutcome> {
  const event = liveLocalEvent(deps, received.eventId);
  if (!event) return { kind: "ignored", reason: `event ${received.eventId} is not one of our live events` };
  const now = deps.now().toISOString();
  const { participant, answer, freed } = deps.transaction(() => {
    const current = deps.participants.get(event.id, received.person.actorId);
    const decision = decide(situationOf(deps, event, current), received.intent);
    if (decision.state === null) return { participant: null, answer: decision.answer, freed: false };
    // A refusal stands as it was: a new answer does not replace it.
    const next =
      current?.state === ParticipantState.refused
        ? current
        : nextParticipant(
            current,
            {
              eventId: event.id,
              person: received.person,
              state: decision.state,
              activityId: received.activity.id,
              activityType: received.activity.type,
              message: received.message ?? null,
            },
            now,
          );
    if (next !== current) deps.participants.save(next);
    return { participant: next, answer: decision.answer, freed: current?.state === ParticipantState.going && next.state !== ParticipantState.going };
  });
  // What is answered is the activity just received, even when the stored answer did not change.
  const target = targetOf({ ...received.person, activityId: received.activity.id, activityType: received.activity.type });
  const full = answer ? answerOf(deps, event, answer, received.person.actorId) : null;
  if (full) await deps.answers.send(event, target, full);
  const promoted = freed ? await fillPlaces(deps, event.id) : [];
  return { kind: "recorded", participant, answer: full, promoted };
}

/**
 * Someone withdraws (Leave of the event, or Undo of the activity of their current answer; an Undo
 * of an answer they have since replaced changes nothing). Their place goes to the waiting list.
 */
export async function withdraw(
  deps: ParticipationDeps,
  request: Readonly<{ eventId: string; actorId: string; activityId?: string }>,
): Promise<{ removed: Participant | null; promoted: Participant[] }> {
  const removed = deps.transaction(() => {
    const current = deps.participants.get(request.eventId, request.actorId);
    if (!current || !canWithdraw(current.state)) return null;
    if (request.activityId !== undefined && request.activityId !== current.activityId) return null;
    deps.participants.remove(current.eventId, current.actorId);
    return current;
  });
  const promoted = removed?.state === ParticipantState.going ? await fillPlaces(deps, request.eventId) : [];
  return { removed, promoted };
}

/**
 * Gives the places left to the waiting list, first come first served, and tells each one with
 * an Accept. Nothing moves for a cancelled or deleted event.
 */
export async function fillPlaces(deps: ParticipationDeps, eventId: string): Promise<Participant[]> {
  const event = liveLocalEvent(deps, eventId);
  if (!event || event.status === "cancelled") return [];
  const now = deps.now().toISOString();
  const promoted = deps.transaction(() => {
    const waiting = deps.participants.waiting(event.id);
    const count = placesToFill(event.capacity, deps.participants.counts(event.id).going, waiting.length);
    return waiting.slice(0, count).map((p) => {
      const next: Participant = { ...p, state: ParticipantState.going, since: now, updatedAt: now };
      deps.participants.save(next);
      return next;
    });
  });
  for (const participant of promoted) await deps.answers.send(event, targetOf(participant), { kind: "accept" });
  return promoted;
}

/**
 * The operator accepts or refuses someone who answered (any mode; in restricted mode this is how
 * requests get in). Accepting when the event is full puts them on the waiting list.
 */
export async function decideParticipant(
  deps: ParticipationDeps,
  eventId: string,
  actorId: string,
  decision: "accept" | "refuse",
): Promise<{ participant: Participant; answer: Answer; promoted: Participant[] }> {
  const event = operatorEvent(deps, eventId);
  const now = deps.now().toISOString();
  const { participant, answer, freed } = deps.transaction(() => {
    const current = deps.participants.get(event.id, actorId);
    if (!current) throw new NotFoundError("participant", actorId);
    const decided = decideByOperator(situationOf(deps, event, current), decision);
    const { activityId, activityType, message } = current;
    const next = nextParticipant(current, { eventId: event.id, person: current, state: decided.state, activityId, activityType, message }, now);
    deps.participants.save(next);
    return { participant: next, answer: decided.answer, freed: current.state === ParticipantState.going && next.state !== ParticipantState.going };
  });
  const full = answerOf(deps, event, answer, actorId);
  await deps.answers.send(event, targetOf(participant), full);
  const promoted = freed ? await fillPlaces(deps, event.id) : [];
  return { participant, answer: full, promoted };
}

export type ParticipantList = Readonly<{
  event: CantineEvent;
  mode: ReturnType<typeof participationMode>;
  attendance: Attendance;
  participants: Participant[];
}>;

/** Everyone who answered one of our events, with its counts (operators' list and CSV export). */
export function listParticipants(deps: Pick<ParticipationDeps, "events" | "participants">, eventId: string): ParticipantList {
  const event = operatorEvent(deps, eventId);
  return {
    event,
    mode: participationMode(event),
    attendance: attendanceOf(deps.participants.counts(event.id), event.capacity),
    participants: deps.participants.list(event.id),
  };
}

/** The counts an event shows (pages, ActivityStreams); null when it takes no participants here. */
export function attendance(participants: Pick<ParticipantStore, "counts">, event: CantineEvent): Attendance | null {
  if (!event.local || !takesParticipants(participationMode(event))) return null;
  return attendanceOf(participants.counts(event.id), event.capacity);
}
