import { hostCandidates, hostOf } from "../domain/moderation/blocks.ts";
import type { AnswerActivityType, Participant, ParticipantState, StateCounts } from "../domain/participation/participant.ts";
import { NO_ONE } from "../domain/participation/participant.ts";
import type { ParticipantStore } from "../domain/participation/ports.ts";
import type { Db } from "./db.ts";

type ParticipantRow = {
  event_id: string;
  actor_id: string;
  state: string;
  activity_id: string;
  activity_type: string;
  inbox: string;
  shared_inbox: string | null;
  handle: string | null;
  name: string | null;
  message: string | null;
  requested_at: string;
  since: string;
  updated_at: string;
};

const columns = `event_id, actor_id, state, activity_id, activity_type, inbox, shared_inbox, handle, name, message,
  requested_at, since, updated_at`;

/** The operator's list: who is going first, then the waiting list in order, then the rest. */
const LIST_ORDER = `CASE state WHEN 'going' THEN 0 WHEN 'waiting' THEN 1 WHEN 'pending' THEN 2 WHEN 'maybe' THEN 3
  WHEN 'declined' THEN 4 ELSE 5 END, since, actor_id`;

function toParticipant(row: ParticipantRow): Participant {
  return {
    eventId: row.event_id,
    actorId: row.actor_id,
    state: row.state as ParticipantState,
    activityId: row.activity_id,
    activityType: row.activity_type as AnswerActivityType,
    inbox: row.inbox,
    sharedInbox: row.shared_inbox,
    handle: row.handle,
    name: row.name,
    message: row.message,
    requestedAt: row.requested_at,
    since: row.since,
    updatedAt: row.updated_at,
  };
}

function toRow(p: Participant): ParticipantRow {
  return {
    event_id: p.eventId,
    actor_id: p.actorId,
    state: p.state,
    activity_id: p.activityId,
    activity_type: p.activityType,
    inbox: p.inbox,
    shared_inbox: p.sharedInbox,
    handle: p.handle,
    name: p.name,
    message: p.message,
    requested_at: p.requestedAt,
    since: p.since,
    updated_at: p.updatedAt,
  };
}

/** Participants on SQLite, keyed by (event, actor); every statement prepared once. */
export class SqliteParticipantStore implements ParticipantStore {
  readonly #save;
  readonly #get;
  readonly #remove;
  readonly #byActivity;
  readonly #list;
  readonly #waiting;
  readonly #counts;
  readonly #byActor;
  readonly #removeByActor;
  readonly #mentioning;

  constructor(db: Db) {
    this.#save = db.prepare(
      `INSERT INTO participants (${columns}) VALUES (@event_id, @actor_id, @state, @activity_id, @activity_type, @inbox,
         @shared_inbox, @handle, @name, @message, @requested_at, @since, @updated_at)
       ON CONFLICT (event_id, actor_id) DO UPDATE SET state = excluded.state, activity_id = excluded.activity_id,
         activity_type = excluded.activity_type, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox,
         handle = excluded.handle, name = excluded.name, message = excluded.message, requested_at = excluded.requested_at,
         since = excluded.since, updated_at = excluded.updated_at`,
    );
    this.#get = db.prepare<[string, string], ParticipantRow>(`SELECT ${columns} FROM participants WHERE event_id = ? AND actor_id = ?`);
    this.#remove = db.prepare("DELETE FROM participants WHERE event_id = ? AND actor_id = ?");
    this.#byActivity = db.prepare<[string], ParticipantRow>(`SELECT ${columns} FROM participants WHERE activity_id = ? LIMIT 1`);
    this.#list = db.prepare<[string], ParticipantRow>(`SELECT ${columns} FROM participants WHERE event_id = ? ORDER BY ${LIST_ORDER}`);
    this.#waiting = db.prepare<[string], ParticipantRow>(
      `SELECT ${columns} FROM participants WHERE event_id = ? AND state = 'waiting' ORDER BY since, actor_id`,
    );
    this.#counts = db.prepare<[string], { state: string; n: number }>("SELECT state, count(*) AS n FROM participants WHERE event_id = ? GROUP BY state");
    this.#byActor = db.prepare<[string], ParticipantRow>(`SELECT ${columns} FROM participants WHERE actor_id = ?`);
    this.#removeByActor = db.prepare("DELETE FROM participants WHERE actor_id = ?");
    this.#mentioning = db.prepare<[string], ParticipantRow>(`SELECT ${columns} FROM participants WHERE instr(lower(actor_id), ?) > 0`);
  }

  get(eventId: string, actorId: string): Participant | undefined {
    const row = this.#get.get(eventId, actorId);
    return row ? toParticipant(row) : undefined;
  }

  save(participant: Participant): void {
    this.#save.run(toRow(participant));
  }

  remove(eventId: string, actorId: string): boolean {
    return this.#remove.run(eventId, actorId).changes > 0;
  }

  byActivity(activityId: string): Participant | undefined {
    const row = this.#byActivity.get(activityId);
    return row ? toParticipant(row) : undefined;
  }

  list(eventId: string): Participant[] {
    return this.#list.all(eventId).map(toParticipant);
  }

  waiting(eventId: string): Participant[] {
    return this.#waiting.all(eventId).map(toParticipant);
  }

  counts(eventId: string): StateCounts {
    const counts: Record<string, number> = { ...NO_ONE };
    for (const { state, n } of this.#counts.all(eventId)) counts[state] = n;
    return counts as StateCounts;
  }

  removeByActor(actorId: string): Participant[] {
    const removed = this.#byActor.all(actorId).map(toParticipant);
    this.#removeByActor.run(actorId);
    return removed;
  }

  /** As a domain block covers them: the domain's actors, its subdomains', on any port unless one is named. */
  removeByDomain(domain: string): Participant[] {
    const target = domain.trim().toLowerCase();
    const name = target.replace(/:\d+$/, "");
    if (!name) return [];
    const removed = this.#mentioning
      .all(name)
      .map(toParticipant)
      .filter((p) => {
        const host = hostOf(p.actorId);
        return host !== null && hostCandidates(host).includes(target);
      });
    for (const p of removed) this.#remove.run(p.eventId, p.actorId);
    return removed;
  }
}
