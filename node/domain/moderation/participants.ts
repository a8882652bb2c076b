/**
 * What a block asks of participation (RSVPs): forget those of a blocked actor, or of every
 * actor of a blocked domain. The composition root wires the participant store to it; each
 * method returns what it removed (or how many).
 */
export interface ParticipantRemover {
  removeByActor(actorId: string): readonly unknown[] | number;
  removeByDomain(domain: string): readonly unknown[] | number;
}

export function countOf(removed: readonly unknown[] | number): number {
  return typeof removed === "number" ? removed : removed.length;
}
