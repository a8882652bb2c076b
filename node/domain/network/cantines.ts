/** How far our follow of a remote cantine (or Mobilizon/Gancio instance) has got. */
export const FollowState = { none: "none", pending: "pending", accepted: "accepted", rejected: "rejected" } as const;
export type FollowState = (typeof FollowState)[keyof typeof FollowState];

/**
 * A cantine as the calendar shows it: the local one or a remote actor whose events we hold
 * (another cantine, a Mobilizon or Gancio instance).
 */
export type Cantine = Readonly<{
  actorId: string;
  local: boolean;
  handle: string | null;
  name: string;
  city: string | null;
  country: string | null;
  timezone: string | null;
  url: string | null;
  icon: string | null;
  /** ActivityStreams type: Organization for cantines, Application for Gancio/Mobilizon relays… */
  actorType: string | null;
}>;

/** An author the node holds no profile of, named by its host (or as given). */
export function unknownCantine(actorId: string, name: string = new URL(actorId).host, local = false): Cantine {
  return { actorId, local, handle: null, name, city: null, country: null, timezone: null, url: null, icon: null, actorType: null };
}

/** A remote actor we follow (or tried to), with what the node needs to talk to it. */
export type FollowedActor = Cantine &
  Readonly<{
    inbox: string;
    sharedInbox: string | null;
    outbox: string | null;
    followState: FollowState;
    /** Id of our Follow activity (Accept/Reject/Undo name it). */
    followId: string | null;
    followedAt: string | null;
    lastSyncAt: string | null;
    lastRefreshAt: string | null;
    lastError: string | null;
  }>;

export interface CantineStore {
  /** Inserts or refreshes a remote actor's profile, keeping our follow state. */
  upsertProfile(actor: Omit<FollowedActor, "followState" | "followId" | "followedAt" | "lastSyncAt" | "lastRefreshAt" | "lastError">): void;
  /** Records the local cantine so that the calendar can join on it like any other. */
  upsertLocal(cantine: Cantine): void;
  get(actorId: string): FollowedActor | undefined;
  setFollow(actorId: string, state: FollowState, followId: string | null, at: string | null): void;
  markSynced(actorId: string, at: string, error: string | null): void;
  markRefreshed(actorId: string, at: string): void;
  /** Removes the events and projects filed under a remote actor (after an unfollow). */
  purgeContent(actorId: string): void;
  /** Actors whose content we accept: those we follow and who accepted. */
  isFollowed(actorId: string): boolean;
  listFollowed(): FollowedActor[];
  /** Every cantine known, with its counts, local first: those we follow and authors of relayed content. */
  listAll(): (FollowedActor & { upcomingEvents: number; projects: number })[];
  /**
   * The local cantine and the actors we follow or asked to follow, with their counts, for the
   * network page and the follows API and CLI. Authors known only through a relay are not follows.
   */
  listFollows(): (FollowedActor & { upcomingEvents: number; projects: number })[];
}

/** An event in the worldwide calendar, with the cantine it comes from (and who relayed it). */
export type CalendarEntry = Readonly<{
  event: import("../events/event.ts").CantineEvent;
  source: Cantine;
  via: Cantine | null;
}>;

export type CalendarQuery = Readonly<{
  from?: string;
  to?: string;
  city?: string;
  tag?: string;
  q?: string;
  status?: string;
  /** Only this cantine's events (actor id). */
  actorId?: string;
  /** Only the events that begin within [from, to), not those already under way at `from`. */
  startsWithin?: boolean;
  /** Only all-day events (true), or only timed ones (false). */
  allDay?: boolean;
  limit: number;
  offset: number;
}>;

/** A project on the shared board, with the cantine it comes from (and who relayed it). */
export type BoardEntry = Readonly<{
  project: import("../projects/project.ts").Project;
  source: Cantine;
  via: Cantine | null;
}>;

export type BoardQuery = Readonly<{ city?: string; tag?: string; q?: string; actorId?: string; limit: number; offset: number }>;

export interface CalendarStore {
  /** Local and remote events in one indexed query, by start instant. */
  calendar(query: CalendarQuery): { entries: CalendarEntry[]; total: number };
  /** How many events `calendar` would find, counted from the indexes without reading them. */
  count(query: Omit<CalendarQuery, "limit" | "offset">): number;
  /** Cities of the cantines that have upcoming events (from `now`), for filters. */
  cities(now: string): { city: string; country: string | null }[];
  /** Local and remote projects, newest first. */
  board(query: BoardQuery): { entries: BoardEntry[]; total: number };
  /** Changes whenever anything was written (by this process or another): a cache key part. */
  version(): string;
}
