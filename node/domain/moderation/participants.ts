/** An answer a block removed: which event, and whether it held a place. */
export type RemovedAnswer = Readonly<{ eventId: string; state: string }>;

/**
 * What a block asks of participation (RSVPs): forget those of a blocked actor, or of every
 * actor of a blocked domain. The composition root wires the participant store to it; each
 * method returns the answers it removed.
 */
export interface ParticipantRemover {
  removeByActor(actorId: string): readonly RemovedAnswer[];
  removeByDomain(domain: string): readonly RemovedAnswer[];
}

/** The events where a removal freed a place (an answer that was `going`). */
export function freedEventsOf(removed: readonly RemovedAnswer[]): string[] {
  return [...new Set(removed.filter((answer) => answer.state === "going").map((answer) => answer.eventId))];
}
