import type { Account, AccountStore, Role } from "../domain/accounts/account.ts";
import type { Db } from "./db.ts";

type AccountRow = { id: string; name: string; role: string; password_hash: string | null; created_at: string; password_changed_at: string | null };

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
  };
}

/** Operators' accounts on SQLite; names are unique whatever their case. */
export class SqliteAccountStore implements AccountStore {
  readonly #insert;
  readonly #get;
  readonly #byName;
  readonly #list;
  readonly #setPassword;
  readonly #remove;

  constructor(db: Db) {
    this.#insert = db.prepare("INSERT INTO operator_accounts (id, name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?)");
    this.#get = db.prepare<[string], AccountRow>("SELECT * FROM operator_accounts WHERE id = ?");
    this.#byName = db.prepare<[string], AccountRow>("SELECT * FROM operator_accounts WHERE name = ?");
    this.#list = db.prepare<[], AccountRow>("SELECT * FROM operator_accounts ORDER BY name COLLATE NOCASE");
    this.#setPassword = db.prepare("UPDATE operator_accounts SET password_hash = ?, password_changed_at = ? WHERE id = ?");
    this.#remove = db.prepare("DELETE FROM operator_accounts WHERE id = ?");
  }

  insert(account: Account): void {
    this.#insert.run(account.id, account.name, account.role, account.passwordHash, account.createdAt, account.passwordChangedAt);
  }

  get(id: string): Account | undefined {
    const row = this.#get.get(id);
    return row && toAccount(row);
  }

  byName(name: string): Account | undefined {
    const row = this.#byName.get(name);
    return row && toAccount(row);
  }

  list(): Account[] {
    return this.#list.all().map(toAccount);
  }

  setPassword(id: string, hash: string | null, at: string | null): void {
    this.#setPassword.run(hash, at, id);
  }

  remove(id: string): boolean {
    return this.#remove.run(id).changes > 0;
  }
}
