import type { CantineEvent } from "../events/event.ts";
import type { Answer, AnswerActivityType, Participant, StateCounts } from "./participant.ts";

/** Participants on storage (node/storage/participant-store.ts). */
export interface ParticipantStore {
  get(eventId: string, actorId: string): Participant | undefined;
  /** Inserts or replaces the answer of (event, actor). */
  save(participant: Participant): void;
  remove(eventId: string, actorId: string): boolean;
  /** The current answer an activity (Join, Accept…) stands for; undefined once replaced or withdrawn. */
  byActivity(activityId: string): Participant | undefined;
  /** Every answer to an event: going, then the waiting list in order, pending, maybe, declined, refused. */
  list(eventId: string): Participant[];
  /** The waiting list, first come first served. */
  waiting(eventId: string): Participant[];
  counts(eventId: string): StateCounts;
}

/** Who an answer goes to and which of their activities it answers. */
export type AnswerTarget = Readonly<Pick<Participant, "actorId" | "inbox" | "sharedInbox" | "activityId"> & { activityType: AnswerActivityType }>;

/**
 * Sends our answer to a person (Accept, Reject, Ignore of their activity); implemented by the
 * federation layer through the durable queue.
 */
export interface ParticipationAnswers {
  send(event: CantineEvent, target: AnswerTarget, answer: Answer): Promise<void>;
}
