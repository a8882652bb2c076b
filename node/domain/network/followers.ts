/** A remote actor (a Mastodon account, another cantine, a relay) following the cantine. */
export type Follower = Readonly<{
  actorId: string;
  inbox: string;
  sharedInbox: string | null;
  /** Id of their Follow activity: our Accept or Reject must name it. */
  followId: string;
  actorType: string | null;
  handle: string | null;
  /** The NodeInfo software name of the follower's server (`mobilizon`), once looked up. */
  software?: string | null;
  state: FollowerState;
  createdAt: string;
  acceptedAt: string | null;
}>;

export const FollowerState = { pending: "pending", accepted: "accepted" } as const;
export type FollowerState = (typeof FollowerState)[keyof typeof FollowerState];

export type FollowerPage = { items: Follower[]; nextCursor: string | null };

/** Storage port for followers; implemented on SQLite in node/storage. */
export interface FollowerStore {
  /** Records a follow request; a repeated Follow from the same actor refreshes it. */
  upsert(follower: Follower): void;
  get(actorId: string): Follower | undefined;
  accept(actorId: string, at: string): Follower | undefined;
  remove(actorId: string): boolean;
  countAccepted(): number;
  /** Every accepted follower, for delivery. */
  listAccepted(): Follower[];
  /** Accepted followers in a stable order, `limit` at a time, for the public collection. */
  pageAccepted(cursor: string | null, limit: number): FollowerPage;
  listPending(): Follower[];
  /** Records the software the follower's server runs (its NodeInfo `software.name`). */
  setSoftware(actorId: string, software: string): void;
}
