import type { FollowedActor } from "./cantines.ts";

/** An outbox walk so far: activities applied (new, updated, deleted), already held as they are (unchanged), or refused (ignored). */
export type SyncProgress = { pages: number; activities: number; created: number; updated: number; deleted: number; unchanged: number; ignored: number };

export type FollowSummary = FollowedActor & { upcomingEvents: number; projects: number };

/**
 * The node's part in the network of cantines, as the admin API, the CLI and the scheduled jobs
 * use it; implemented by the federation layer.
 */
export interface Network {
  /** Follows a cantine by handle (`@sf@sf.cantine.example`), actor URL, or an instance's host. */
  follow(input: string): Promise<FollowedActor>;
  /** Sends Undo(Follow); the actor's events and projects leave the calendar. */
  unfollow(actorIdOrHandle: string): Promise<void>;
  /** The cantines we follow or asked to follow (not authors known through relays), with state, last sync and counts. */
  list(): FollowSummary[];
  /** Walks one followed actor's outbox now (back-fill, reconcile). */
  sync(actorIdOrHandle: string, onProgress?: (progress: SyncProgress) => void): Promise<SyncProgress>;
  /** Reconciles every followed actor; returns how many were synced and which failed. */
  syncAll(): Promise<{ synced: number; failed: string[] }>;
  /** Re-fetches every followed actor's profile (name, city, inboxes). */
  refreshProfiles(): Promise<{ refreshed: number; failed: string[] }>;
  /**
   * Fetches an event or project from its origin and stores it under its author (recorded as a
   * cantine), for relaying (`relay.ts`); a NetworkError when there is none to hold.
   */
  fetchObject(url: string): Promise<void>;
  /** Follows, at start-up, the cantines listed in the config, retrying those not reachable yet. */
  followConfigured(handles: readonly string[]): Promise<void>;
}

/** A follow, unfollow or relay that cannot be done, in words an operator can act on. */
export class NetworkError extends Error {}
