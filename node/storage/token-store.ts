import type { JwtSigningKey, OperatorToken, SigningKeyStore, TokenStore } from "../domain/accounts/tokens.ts";
import { isScope } from "../domain/accounts/tokens.ts";
import type { Db } from "./db.ts";

type TokenRow = { id: string; name: string; scopes: string; issued_at: string; expires_at: string; revoked_at: string | null };
type KeyRow = { kid: string; algorithm: string; private_jwk: string; public_jwk: string; created_at: string };

function toToken(row: TokenRow): OperatorToken {
  return {
    id: row.id,
    name: row.name,
    // A scope dropped by a later version simply stops granting anything.
    scopes: (JSON.parse(row.scopes) as unknown[]).filter(isScope),
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** Operator tokens on SQLite. */
export class SqliteTokenStore implements TokenStore {
  readonly #insert;
  readonly #get;
  readonly #revoke;
  readonly #list;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO operator_tokens (id, name, scopes, issued_at, expires_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#get = db.prepare<[string], TokenRow>("SELECT * FROM operator_tokens WHERE id = ?");
    // Only the first revocation counts, so its time is never overwritten.
    this.#revoke = db.prepare("UPDATE operator_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    this.#list = db.prepare<[], TokenRow>("SELECT * FROM operator_tokens ORDER BY issued_at, rowid");
  }

  record(token: OperatorToken): void {
    this.#insert.run(token.id, token.name, JSON.stringify(token.scopes), token.issuedAt, token.expiresAt, token.revokedAt);
  }

  get(id: string): OperatorToken | undefined {
    const row = this.#get.get(id);
    return row && toToken(row);
  }

  revoke(id: string, at: string): boolean {
    return this.#revoke.run(at, id).changes > 0;
  }

  list(): OperatorToken[] {
    return this.#list.all().map(toToken);
  }
}

/** The JWT signing key on SQLite: the first key saved stays the node's key for good. */
export class SqliteJwtKeyStore implements SigningKeyStore {
  readonly #db: Db;
  readonly #current;
  readonly #insert;

  constructor(db: Db) {
    this.#db = db;
    this.#current = db.prepare<[], KeyRow>("SELECT * FROM jwt_keys ORDER BY created_at, rowid LIMIT 1");
    this.#insert = db.prepare("INSERT INTO jwt_keys (kid, algorithm, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?, ?)");
  }

  current(): JwtSigningKey | undefined {
    const row = this.#current.get();
    return (
      row && {
        kid: row.kid,
        algorithm: row.algorithm as JwtSigningKey["algorithm"],
        privateJwk: JSON.parse(row.private_jwk),
        publicJwk: JSON.parse(row.public_jwk),
        createdAt: row.created_at,
      }
    );
  }

  saveIfAbsent(key: JwtSigningKey): JwtSigningKey {
    // IMMEDIATE: the node and the CLI may both generate a key at once; only one may win.
    this.#db
      .transaction(() => {
        if (this.#current.get()) return;
        this.#insert.run(key.kid, key.algorithm, JSON.stringify(key.privateJwk), JSON.stringify(key.publicJwk), key.createdAt);
      })
      .immediate();
    return this.current()!;
  }
}
