// Likes ("interested") and boosts (Announce) of our events and projects, counted on their pages
// and in the `likes` and `shares` collections Mastodon reads its counters from.

import type { ActorMatch } from "../moderation/blocks.ts";

export const ReactionKind = { like: "like", announce: "announce" } as const;
export type ReactionKind = (typeof ReactionKind)[keyof typeof ReactionKind];

export type Reaction = Readonly<{
  /** The Like or Announce activity's id: an Undo names it. */
  activityId: string;
  kind: ReactionKind;
  actorId: string;
  targetApId: string;
  createdAt: string;
}>;

export type ReactionCounts = Readonly<{ likes: number; shares: number }>;

export interface ReactionStore {
  /** Records a reaction; one per actor, kind and object (a second Like changes nothing). True when new. */
  add(reaction: Reaction): boolean;
  /** Removes the reaction made by `activityId`, if it is `actorId`'s. True when one was removed. */
  removeActivity(activityId: string, actorId: string): boolean;
  /** Removes `actorId`'s reaction of `kind` to the object (an Undo that embeds its Like instead of naming it). */
  remove(kind: ReactionKind, actorId: string, targetApId: string): boolean;
  counts(targetApId: string): ReactionCounts;
  removeByActors(match: ActorMatch): number;
}
