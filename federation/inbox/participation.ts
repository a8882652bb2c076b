import type { InboxContext } from "@fedify/fedify";
import type { Accept, Activity, Join, Leave, Reject, TentativeAccept, Undo } from "@fedify/vocab";
import { Event, isActor } from "@fedify/vocab";
import type { ParticipationDeps } from "../../node/domain/participation/manage-participants.ts";
import { receiveAnswer, withdraw } from "../../node/domain/participation/manage-participants.ts";
import type { AnswerActivityType, Intent, Participant, Person } from "../../node/domain/participation/participant.ts";
import type { FederationDeps } from "../context.ts";
import { FederationParticipationAnswers } from "../participation.ts";
import { readableJson, receivedJson } from "../readable-json.ts";
import type { Json } from "../remote-json.ts";
import type { ListenerResult } from "./outcomes.ts";
import { ignore } from "./outcomes.ts";

/** The participation use cases, answering through this context's queue. */
function participationDeps(deps: FederationDeps, ctx: InboxContext<void>): ParticipationDeps {
  return {
    events: deps.events,
    participants: deps.participants,
    answers: new FederationParticipationAnswers(() => ctx, deps.venue),
    transaction: deps.transaction,
    now: deps.now,
  };
}

/** The local id of our event at `url` (its ActivityStreams id), else undefined. */
function ourEventId(ctx: InboxContext<void>, url: URL | null | undefined): string | undefined {
  if (!url) return undefined;
  const parsed = ctx.parseUri(url);
  return parsed?.type === "object" && parsed.class === Event ? parsed.values.id : undefined;
}

/** Whether an Accept or Reject answers one of our events (Friendica, Hubzilla) rather than one of our Follows. */
export function answersOurEvent(ctx: InboxContext<void>, activity: Accept | Reject): boolean {
  return ourEventId(ctx, activity.objectId) !== undefined;
}

/** The participation an Undo names (by the id of the answer's activity), when it is the sender's own. */
export function undoneParticipation(deps: FederationDeps, undo: Undo): Participant | undefined {
  const undone = undo.objectId?.href;
  const participant = undone ? deps.participants.byActivity(undone) : undefined;
  return participant && participant.actorId === undo.actorId?.href ? participant : undefined;
}

/** Mobilizon's `participationMessage`, as plain text, when the Join still carries it. */
function messageOf(raw: Json): string | null {
  const value = raw.participationMessage ?? raw["https://joinmobilizon.org/ns#participationMessage"] ?? raw["mz:participationMessage"];
  if (typeof value !== "string") return null;
  const text = value
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text ? text.slice(0, 500) : null;
}

const INTENTS: Record<AnswerActivityType, Intent> = { Join: "going", Accept: "going", TentativeAccept: "maybe", Reject: "declined" };

/**
 * Someone answers one of our events: Join (Mobilizon) or Accept, TentativeAccept, Reject of the
 * event (Friendica, Hubzilla). The answer replaces their previous one; the rules of the event's
 * mode decide what is kept and what we answer (node/domain/participation/).
 */
export async function onParticipation(
  deps: FederationDeps,
  ctx: InboxContext<void>,
  activity: Join | Accept | TentativeAccept | Reject,
  type: AnswerActivityType,
): Promise<ListenerResult> {
  if (activity.id == null || activity.actorId == null) return ignore(deps, "malformed", "Ignoring a {type} without id or actor", { type });
  const eventId = ourEventId(ctx, activity.objectId);
  if (eventId === undefined) {
    return ignore(deps, "not_our_event", "Ignoring {type} {id}: its object {object} is not one of our events", {
      type,
      id: activity.id.href,
      object: activity.objectId?.href,
    });
  }
  const actor = await activity.getActor(ctx);
  if (actor == null || !isActor(actor) || actor.id?.href !== activity.actorId.href || actor.inboxId == null) {
    return ignore(deps, "actor_unresolved", "Ignoring a {type} whose actor cannot be resolved: {actor}", { type, actor: activity.actorId.href });
  }
  const sharedInbox = actor.endpoints?.sharedInbox ?? null;
  await deps.checkPublicUrl(actor.inboxId);
  if (sharedInbox) await deps.checkPublicUrl(sharedInbox);
  const person: Person = {
    actorId: activity.actorId.href,
    inbox: actor.inboxId.href,
    sharedInbox: sharedInbox?.href ?? null,
    handle: actor.preferredUsername ? `${actor.preferredUsername}@${activity.actorId.host}` : null,
    name: actor.name?.toString().slice(0, 200) ?? null,
  };
  const raw = await readableJson(ctx, await receivedJson(ctx, activity));
  const outcome = await receiveAnswer(participationDeps(deps, ctx), {
    eventId,
    person,
    activity: { id: activity.id.href, type },
    intent: INTENTS[type],
    message: type === "Join" ? messageOf(raw) : null,
  });
  if (outcome.kind === "ignored")
    return ignore(deps, "not_our_event", "Ignoring {type} {id}: {reason}", { type, id: activity.id.href, reason: outcome.reason });
  deps.log.info("{type} of event {event} from {actor}: {state}, answered {answer}", {
    type,
    event: eventId,
    actor: person.actorId,
    state: outcome.participant?.state ?? "not kept",
    answer: outcome.answer?.kind ?? "nothing",
  });
  for (const promoted of outcome.promoted) deps.log.info("{actor} got a place at event {event}", { actor: promoted.actorId, event: eventId });
}

/** Withdrawals: Leave of one of our events (Mobilizon), or Undo of the current answer. */
async function withdrawn(
  deps: FederationDeps,
  ctx: InboxContext<void>,
  activity: Activity,
  request: { eventId: string; actorId: string; activityId?: string },
): Promise<ListenerResult> {
  const { removed, promoted } = await withdraw(participationDeps(deps, ctx), request);
  if (!removed) {
    return ignore(deps, "not_participating", "Ignoring {type} {id}: {actor} holds no answer it ends for event {event}", {
      type: activity.constructor.name,
      id: activity.id?.href,
      actor: request.actorId,
      event: request.eventId,
    });
  }
  deps.log.info("{actor} withdrew from event {event} ({state})", { actor: request.actorId, event: request.eventId, state: removed.state });
  for (const p of promoted) deps.log.info("{actor} got a place at event {event}", { actor: p.actorId, event: request.eventId });
}

export async function onLeave(deps: FederationDeps, ctx: InboxContext<void>, leave: Leave): Promise<ListenerResult> {
  if (leave.actorId == null) return ignore(deps, "malformed", "Ignoring a Leave without actor: {id}", { id: leave.id?.href });
  const eventId = ourEventId(ctx, leave.objectId);
  if (eventId === undefined) return ignore(deps, "not_our_event", "Ignoring Leave {id}: not of one of our events", { id: leave.id?.href });
  return withdrawn(deps, ctx, leave, { eventId, actorId: leave.actorId.href });
}

/** Undo of a Join or of an attendance answer (found by `undoneParticipation`). */
export async function onParticipationUndo(deps: FederationDeps, ctx: InboxContext<void>, undo: Undo, participant: Participant): Promise<ListenerResult> {
  return withdrawn(deps, ctx, undo, { eventId: participant.eventId, actorId: participant.actorId, activityId: participant.activityId });
}
