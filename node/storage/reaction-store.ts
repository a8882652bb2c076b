import type { Reaction, ReactionCounts, ReactionKind, ReactionStore } from "../domain/conversation/reactions.ts";
import type { ActorMatch } from "../domain/moderation/blocks.ts";
import { matcherOf } from "../domain/moderation/blocks.ts";
import type { Db } from "./db.ts";

/** Likes and boosts of our objects on SQLite: one row per actor, kind and object. */
export class SqliteReactionStore implements ReactionStore {
  readonly #db: Db;
  readonly #add;
  readonly #removeActivity;
  readonly #remove;
  readonly #counts;
  readonly #actors;
  readonly #removeActor;

  constructor(db: Db) {
    this.#db = db;
    this.#add = db.prepare(
      `INSERT INTO reactions (activity_id, kind, actor_id, target_ap_id, created_at) VALUES (@activityId, @kind, @actorId, @targetApId, @createdAt)
       ON CONFLICT DO NOTHING`,
    );
    this.#removeActivity = db.prepare("DELETE FROM reactions WHERE activity_id = ? AND actor_id = ?");
    this.#remove = db.prepare("DELETE FROM reactions WHERE kind = ? AND actor_id = ? AND target_ap_id = ?");
    this.#counts = db.prepare<[string], { kind: string; n: number }>("SELECT kind, count(*) AS n FROM reactions WHERE target_ap_id = ? GROUP BY kind");
    this.#actors = db.prepare<[], { actor_id: string }>("SELECT DISTINCT actor_id FROM reactions");
    this.#removeActor = db.prepare("DELETE FROM reactions WHERE actor_id = ?");
  }

  add(reaction: Reaction): boolean {
    return this.#add.run(reaction).changes > 0;
  }

  removeActivity(activityId: string, actorId: string): boolean {
    return this.#removeActivity.run(activityId, actorId).changes > 0;
  }

  remove(kind: ReactionKind, actorId: string, targetApId: string): boolean {
    return this.#remove.run(kind, actorId, targetApId).changes > 0;
  }

  counts(targetApId: string): ReactionCounts {
    const counts = { likes: 0, shares: 0 };
    for (const { kind, n } of this.#counts.all(targetApId)) {
      if (kind === "like") counts.likes = n;
      else if (kind === "announce") counts.shares = n;
    }
    return counts;
  }

  removeByActors(match: ActorMatch): number {
    const matches = matcherOf(match);
    const actors = this.#actors
      .all()
      .map((row) => row.actor_id)
      .filter(matches);
    return this.#db.transaction(() => actors.reduce((n, id) => n + this.#removeActor.run(id).changes, 0))();
  }
}
