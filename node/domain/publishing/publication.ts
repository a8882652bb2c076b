import type { CantineEvent } from "../events/event.ts";
import type { Project } from "../projects/project.ts";

export type PublicationType = "Create" | "Update" | "Delete" | "Announce";

/** Who receives a publication: every follower, or only instance actors (relays, cantines). */
export type Audience = "followers" | "instances";

export type PublishedObject = { type: "Event"; value: CantineEvent } | { type: "Article"; value: Project };

/**
 * One entry of the node's publication log: an activity about one of our objects, written in
 * the same transaction as the change it announces, and marked federated once it is queued
 * for delivery. Pending entries are sent again at start-up, so a crash loses nothing.
 */
export type Publication = Readonly<{
  seq: number;
  activityId: string;
  type: PublicationType;
  objectType: "Event" | "Article";
  objectId: string;
  objectApId: string;
  /** The object as it was at this version (absent for Delete, and once compacted). */
  snapshot: PublishedObject | null;
  audience: Audience;
  publishedAt: string;
  federatedAt: string | null;
}>;

export type NewPublication = Omit<Publication, "seq" | "federatedAt">;

export interface PublicationLog {
  append(publication: NewPublication): Publication;
  pending(limit: number): Publication[];
  markFederated(seq: number, at: string): void;
  /** Newest first, for the outbox collection; `before` is a seq cursor. */
  page(before: number | null, limit: number, audience?: Audience): Publication[];
  count(audience?: Audience): number;
  /**
   * Drops the snapshot of every delivered entry whose object has a later delivered entry;
   * returns how many. Only a delivery reads a snapshot (the outbox shows each object as it is
   * now), so a superseded one that was sent is dead weight; pending entries keep theirs.
   */
  compactSnapshots(): number;
}

/** Hands publications to the federation layer after commit; never throws at the caller. */
export interface Announcer {
  announce(publications: readonly Publication[]): void;
  /** Sends again whatever is still pending (after a crash or an error); returns how many. */
  flushPending(): Promise<number>;
}
