import type { Cantine, CantineStore, FollowedActor, FollowState } from "../domain/network/cantines.ts";
import type { Db } from "./db.ts";

export type CantineRow = {
  actor_id: string;
  local: number;
  handle: string | null;
  name: string;
  city: string | null;
  country: string | null;
  timezone: string | null;
  url: string | null;
  icon: string | null;
  actor_type: string | null;
  inbox: string;
  shared_inbox: string | null;
  outbox: string | null;
  follow_state: string;
  follow_id: string | null;
  followed_at: string | null;
  last_sync_at: string | null;
  last_refresh_at: string | null;
  last_error: string | null;
};

export function toCantine(
  row: Pick<CantineRow, "actor_id" | "local" | "handle" | "name" | "city" | "country" | "timezone" | "url" | "icon" | "actor_type">,
): Cantine {
  return {
    actorId: row.actor_id,
    local: row.local === 1,
    handle: row.handle,
    name: row.name,
    city: row.city,
    country: row.country,
    timezone: row.timezone,
    url: row.url,
    icon: row.icon,
    actorType: row.actor_type,
  };
}

function toFollowed(row: CantineRow): FollowedActor {
  return {
    ...toCantine(row),
    inbox: row.inbox,
    sharedInbox: row.shared_inbox,
    outbox: row.outbox,
    followState: row.follow_state as FollowState,
    followId: row.follow_id,
    followedAt: row.followed_at,
    lastSyncAt: row.last_sync_at,
    lastRefreshAt: row.last_refresh_at,
    lastError: row.last_error,
  };
}

function withCountsOf(row: CantineRow & { upcoming: number; projects: number }) {
  return { ...toFollowed(row), upcomingEvents: row.upcoming, projects: row.projects };
}

/** Cantines (local and remote) and the state of our follows, on SQLite. */
export class SqliteCantineStore implements CantineStore {
  readonly #upsert;
  readonly #upsertLocal;
  readonly #get;
  readonly #setFollow;
  readonly #synced;
  readonly #refreshed;
  readonly #followed;
  readonly #all;
  readonly #follows;
  readonly #purgeEvents;
  readonly #purgeProjects;

  constructor(db: Db) {
    this.#purgeEvents = db.prepare("DELETE FROM events WHERE actor_id = ? AND local = 0");
    this.#purgeProjects = db.prepare("DELETE FROM projects WHERE actor_id = ? AND local = 0");
    this.#upsert = db.prepare(
      `INSERT INTO cantines (actor_id, local, handle, name, city, country, timezone, url, icon, actor_type, inbox, shared_inbox, outbox)
       VALUES (@actorId, 0, @handle, @name, @city, @country, @timezone, @url, @icon, @actorType, @inbox, @sharedInbox, @outbox)
       ON CONFLICT (actor_id) DO UPDATE SET handle = excluded.handle, name = excluded.name, city = excluded.city,
         country = excluded.country, timezone = excluded.timezone, url = excluded.url, icon = excluded.icon,
         actor_type = excluded.actor_type, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, outbox = excluded.outbox`,
    );
    this.#upsertLocal = db.prepare(
      `INSERT INTO cantines (actor_id, local, handle, name, city, country, timezone, url, icon, actor_type)
       VALUES (@actorId, 1, @handle, @name, @city, @country, @timezone, @url, @icon, @actorType)
       ON CONFLICT (actor_id) DO UPDATE SET local = 1, handle = excluded.handle, name = excluded.name, city = excluded.city,
         country = excluded.country, timezone = excluded.timezone, url = excluded.url, icon = excluded.icon, actor_type = excluded.actor_type`,
    );
    this.#get = db.prepare<[string], CantineRow>("SELECT * FROM cantines WHERE actor_id = ?");
    this.#setFollow = db.prepare("UPDATE cantines SET follow_state = ?, follow_id = ?, followed_at = ? WHERE actor_id = ?");
    this.#synced = db.prepare("UPDATE cantines SET last_sync_at = ?, last_error = ? WHERE actor_id = ?");
    this.#refreshed = db.prepare("UPDATE cantines SET last_refresh_at = ? WHERE actor_id = ?");
    this.#followed = db.prepare<[], CantineRow>("SELECT * FROM cantines WHERE local = 0 AND follow_state = 'accepted' ORDER BY name");
    const withCounts = (where: string) =>
      db.prepare<[number], CantineRow & { upcoming: number; projects: number }>(
        `SELECT c.*,
           (SELECT count(*) FROM events e WHERE e.actor_id = c.actor_id AND e.deleted_at IS NULL AND COALESCE(e.end_ms, e.start_ms) >= ?) AS upcoming,
           (SELECT count(*) FROM projects p WHERE p.actor_id = c.actor_id AND p.deleted_at IS NULL) AS projects
         FROM cantines c ${where} ORDER BY c.local DESC, c.name`,
      );
    this.#all = withCounts("");
    // Authors of relayed content are known (the calendar names them) but not followed.
    this.#follows = withCounts("WHERE c.local = 1 OR c.follow_state <> 'none'");
  }

  upsertProfile(actor: Parameters<CantineStore["upsertProfile"]>[0]): void {
    this.#upsert.run(actor);
  }

  upsertLocal(cantine: Cantine): void {
    this.#upsertLocal.run(cantine);
  }

  get(actorId: string): FollowedActor | undefined {
    const row = this.#get.get(actorId);
    return row && toFollowed(row);
  }

  setFollow(actorId: string, state: FollowState, followId: string | null, at: string | null): void {
    this.#setFollow.run(state, followId, at, actorId);
  }

  markSynced(actorId: string, at: string, error: string | null): void {
    this.#synced.run(at, error, actorId);
  }

  markRefreshed(actorId: string, at: string): void {
    this.#refreshed.run(at, actorId);
  }

  purgeContent(actorId: string): void {
    this.#purgeEvents.run(actorId);
    this.#purgeProjects.run(actorId);
  }

  isFollowed(actorId: string): boolean {
    return this.#get.get(actorId)?.follow_state === "accepted";
  }

  listFollowed(): FollowedActor[] {
    return this.#followed.all().map(toFollowed);
  }

  listAll(): (FollowedActor & { upcomingEvents: number; projects: number })[] {
    return this.#all.all(Date.now()).map(withCountsOf);
  }

  listFollows(): (FollowedActor & { upcomingEvents: number; projects: number })[] {
    return this.#follows.all(Date.now()).map(withCountsOf);
  }
}
