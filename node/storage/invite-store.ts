import type { Invitation, InvitationStore } from "../domain/accounts/account.ts";
import type { Db } from "./db.ts";

type InvitationRow = { token_digest: string; account_id: string; created_at: string; expires_at: string; used_at: string | null };

/** Invitation links on SQLite (digests of their secrets only). */
export class SqliteInvitationStore implements InvitationStore {
  readonly #insert;
  readonly #get;
  readonly #use;
  readonly #removeFor;

  constructor(db: Db) {
    this.#insert = db.prepare("INSERT INTO operator_invitations (token_digest, account_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?)");
    this.#get = db.prepare<[string], InvitationRow>("SELECT * FROM operator_invitations WHERE token_digest = ?");
    this.#use = db.prepare("UPDATE operator_invitations SET used_at = ? WHERE token_digest = ? AND used_at IS NULL");
    this.#removeFor = db.prepare("DELETE FROM operator_invitations WHERE account_id = ?");
  }

  insert(invitation: Invitation): void {
    this.#insert.run(invitation.tokenDigest, invitation.accountId, invitation.createdAt, invitation.expiresAt, invitation.usedAt);
  }

  byDigest(digest: string): Invitation | undefined {
    const row = this.#get.get(digest);
    return row && { tokenDigest: row.token_digest, accountId: row.account_id, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at };
  }

  markUsed(digest: string, at: string): boolean {
    return this.#use.run(at, digest).changes > 0;
  }

  removeFor(accountId: string): void {
    this.#removeFor.run(accountId);
  }
}
