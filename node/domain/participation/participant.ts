// Who takes part in our events, and the rules that place each answer: pure functions of the
// event's mode and capacity and of what we already hold, so that the inbox, the CLI and the
// admin API decide alike.
import { ParticipationMode } from "./modes.ts";

/**
 * Where someone stands for one event:
 * - `going`: has a place (counted in `participantCount`);
 * - `pending`: asked to come to a restricted event, waits for the operator;
 * - `waiting`: on the waiting list of a full event (already accepted by the operator, if
 *   restricted), first come first served;
 * - `maybe`: answered "maybe" (TentativeAccept): no place taken;
 * - `declined`: answered "no" (Reject of the event);
 * - `refused`: the operator said no. It stays until the operator accepts: neither a new answer
 *   nor a Leave undoes it.
 */
export const ParticipantState = {
  going: "going",
  pending: "pending",
  waiting: "waiting",
  maybe: "maybe",
  declined: "declined",
  refused: "refused",
} as const;
export type ParticipantState = (typeof ParticipantState)[keyof typeof ParticipantState];

/** What someone tells us, whatever the activity: Join and Accept of the event mean "going". */
export type Intent = "going" | "maybe" | "declined";

/** The activities that carry an answer: Mobilizon's Join, Friendica's and Hubzilla's Accept, TentativeAccept and Reject. */
export type AnswerActivityType = "Join" | "Accept" | "TentativeAccept" | "Reject";

/** A person of the fediverse, as far as answering them goes. */
export type Person = Readonly<{
  actorId: string;
  inbox: string;
  sharedInbox: string | null;
  /** `alice@mobilizon.example`, for operators. */
  handle: string | null;
  name: string | null;
}>;

/** One person's current answer to one event. The pair (event, actor) is unique: joining twice counts once. */
export type Participant = Person &
  Readonly<{
    eventId: string;
    state: ParticipantState;
    /** The activity of the current answer: our Accept or Reject names it, an Undo must name it. */
    activityId: string;
    activityType: AnswerActivityType;
    /** Mobilizon's `participationMessage`, as plain text. */
    message: string | null;
    /** When the first answer arrived. */
    requestedAt: string;
    /** When the current state began: the order of the waiting list. */
    since: string;
    updatedAt: string;
  }>;

/** What we answer a person, as an activity the federation layer builds. */
export type Answer =
  | { kind: "accept" }
  /** Not a place yet: `position` on the waiting list (an Accept follows if a place frees up). */
  | { kind: "waitlist"; position: number }
  | { kind: "refuse" }
  /** Participation happens at this link. */
  | { kind: "external"; url: string }
  /** We take no participation for this event (FEP-8a8e: answer a Join with Ignore). */
  | { kind: "ignore" };

export type AnswerKind = Answer["kind"];

export type StateCounts = Readonly<Record<ParticipantState, number>>;

export const NO_ONE: StateCounts = { going: 0, pending: 0, waiting: 0, maybe: 0, declined: 0, refused: 0 };

/** The counts an event shows: who is going, who waits, and the places left (null: no limit). */
export type Attendance = Readonly<{
  going: number;
  waiting: number;
  pending: number;
  maybe: number;
  capacity: number | null;
  remaining: number | null;
}>;

export function attendanceOf(counts: StateCounts, capacity: number | null): Attendance {
  return {
    going: counts.going,
    waiting: counts.waiting,
    pending: counts.pending,
    maybe: counts.maybe,
    capacity,
    remaining: capacity === null ? null : Math.max(0, capacity - counts.going),
  };
}

/** Everything a decision depends on. `goingOthers` counts the places taken by everyone else. */
export type Situation = Readonly<{
  mode: ParticipationMode;
  capacity: number | null;
  goingOthers: number;
  current: ParticipantState | null;
  registrationUrl: string | null;
}>;

/** Where an answer leaves the person (null: nothing is kept) and what we tell them (null: nothing). */
export type Decision = Readonly<{ state: ParticipantState | null; answer: AnswerKind | null }>;

function hasPlace(situation: Situation): boolean {
  return situation.capacity === null || situation.goingOthers < situation.capacity;
}

/**
 * Places someone's answer. "Going" takes a place while there is one (free mode), waits for the
 * operator (restricted), or joins the waiting list once the event is full; an event that takes
 * no participation answers with Ignore, or a Reject pointing to its registration link. "Maybe"
 * and "no" are recorded without an answer. Someone already going, waiting or refused stays so.
 */
export function decide(situation: Situation, intent: Intent): Decision {
  const { mode, current } = situation;
  if (mode === ParticipationMode.none) return { state: null, answer: intent === "going" ? "ignore" : null };
  if (mode === ParticipationMode.external) {
    return { state: null, answer: intent === "going" && situation.registrationUrl ? "external" : intent === "going" ? "ignore" : null };
  }
  if (current === ParticipantState.refused) return { state: ParticipantState.refused, answer: intent === "going" ? "refuse" : null };
  if (intent === "maybe") return { state: ParticipantState.maybe, answer: null };
  if (intent === "declined") return { state: ParticipantState.declined, answer: null };
  if (current === ParticipantState.going) return { state: ParticipantState.going, answer: "accept" };
  if (current === ParticipantState.waiting) return { state: ParticipantState.waiting, answer: "waitlist" };
  if (mode === ParticipationMode.restricted) return { state: ParticipantState.pending, answer: null };
  return hasPlace(situation) ? { state: ParticipantState.going, answer: "accept" } : { state: ParticipantState.waiting, answer: "waitlist" };
}

/**
 * The operator's word, in any mode: a refusal stands until they accept; an acceptance gives a
 * place if one is left, else a place on the waiting list (the first free place goes to them in turn).
 */
export function decideByOperator(situation: Situation, decision: "accept" | "refuse"): { state: ParticipantState; answer: AnswerKind } {
  if (decision === "refuse") return { state: ParticipantState.refused, answer: "refuse" };
  if (situation.current === ParticipantState.going || hasPlace(situation)) return { state: ParticipantState.going, answer: "accept" };
  return { state: ParticipantState.waiting, answer: "waitlist" };
}

/** How many people of the waiting list get a place now: the places left, all of them without a limit. */
export function placesToFill(capacity: number | null, going: number, waiting: number): number {
  return Math.min(waiting, capacity === null ? waiting : Math.max(0, capacity - going));
}

/** Leave and Undo end an answer, except the operator's refusal (which only the operator lifts). */
export function canWithdraw(state: ParticipantState): boolean {
  return state !== ParticipantState.refused;
}

/**
 * The answer as it is stored: a new answer replaces the previous one, and keeps the moment its
 * state began when the state does not change (a waiting person asking again keeps their turn).
 */
export function nextParticipant(
  current: Participant | undefined,
  update: Readonly<{ eventId: string; person: Person; state: ParticipantState; activityId: string; activityType: AnswerActivityType; message: string | null }>,
  now: string,
): Participant {
  const { person } = update;
  return {
    actorId: person.actorId,
    inbox: person.inbox,
    sharedInbox: person.sharedInbox,
    handle: person.handle ?? current?.handle ?? null,
    name: person.name ?? current?.name ?? null,
    eventId: update.eventId,
    state: update.state,
    activityId: update.activityId,
    activityType: update.activityType,
    message: update.message ?? current?.message ?? null,
    requestedAt: current?.requestedAt ?? now,
    since: current && current.state === update.state ? current.since : now,
    updatedAt: now,
  };
}
