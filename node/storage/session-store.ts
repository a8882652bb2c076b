import type { Session, SessionStore } from "../domain/accounts/account.ts";
import type { Db } from "./db.ts";

type SessionRow = { id_digest: string; account_id: string; csrf_token: string; created_at: string; last_seen_at: string; expires_at: string };

function toSession(row: SessionRow): Session {
  return {
    idDigest: row.id_digest,
    accountId: row.account_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

/** Operators' sessions on SQLite: the node and the CLI (`cantine admin remove`) see the same ones. */
export class SqliteSessionStore implements SessionStore {
  readonly #insert;
  readonly #get;
  readonly #touch;
  readonly #remove;
  readonly #removeFor;
  readonly #removeExpired;

  constructor(db: Db) {
    this.#insert = db.prepare(
      "INSERT INTO operator_sessions (id_digest, account_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#get = db.prepare<[string], SessionRow>("SELECT * FROM operator_sessions WHERE id_digest = ?");
    this.#touch = db.prepare("UPDATE operator_sessions SET last_seen_at = ? WHERE id_digest = ?");
    this.#remove = db.prepare("DELETE FROM operator_sessions WHERE id_digest = ?");
    this.#removeFor = db.prepare("DELETE FROM operator_sessions WHERE account_id = ? AND id_digest IS NOT ?");
    this.#removeExpired = db.prepare("DELETE FROM operator_sessions WHERE last_seen_at < ? OR expires_at <= ?");
  }

  insert(session: Session): void {
    this.#insert.run(session.idDigest, session.accountId, session.csrfToken, session.createdAt, session.lastSeenAt, session.expiresAt);
  }

  get(idDigest: string): Session | undefined {
    const row = this.#get.get(idDigest);
    return row && toSession(row);
  }

  touch(idDigest: string, at: string): void {
    this.#touch.run(at, idDigest);
  }

  remove(idDigest: string): void {
    this.#remove.run(idDigest);
  }

  removeFor(accountId: string, except?: string): number {
    return this.#removeFor.run(accountId, except ?? null).changes;
  }

  removeExpired(idleBefore: string, now: string): number {
    return this.#removeExpired.run(idleBefore, now).changes;
  }
}
