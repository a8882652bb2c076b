import type { KeyStore, StoredKeyPair } from "../domain/network/keys.ts";
import type { Db } from "./db.ts";

type KeyRow = { position: number; algorithm: string; private_jwk: string; public_jwk: string };

/** Actor key pairs on SQLite. Keys are generated once; this store never overwrites them. */
export class SqliteKeyStore implements KeyStore {
  readonly #db: Db;
  readonly #select;
  readonly #insert;

  constructor(db: Db) {
    this.#db = db;
    this.#select = db.prepare<[string], KeyRow>("SELECT position, algorithm, private_jwk, public_jwk FROM actor_keys WHERE actor = ? ORDER BY position");
    this.#insert = db.prepare(
      `INSERT OR IGNORE INTO actor_keys (actor, position, algorithm, private_jwk, public_jwk, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
  }

  list(actor: string): StoredKeyPair[] {
    return this.#select.all(actor).map((row) => ({
      position: row.position,
      algorithm: row.algorithm as StoredKeyPair["algorithm"],
      privateJwk: JSON.parse(row.private_jwk),
      publicJwk: JSON.parse(row.public_jwk),
    }));
  }

  saveIfAbsent(actor: string, pairs: StoredKeyPair[]): StoredKeyPair[] {
    const now = new Date().toISOString();
    this.#db
      .transaction(() => {
        if (this.#select.all(actor).length > 0) return;
        for (const pair of pairs) {
          this.#insert.run(actor, pair.position, pair.algorithm, JSON.stringify(pair.privateJwk), JSON.stringify(pair.publicJwk), now);
        }
      })
      .immediate();
    return this.list(actor);
  }
}
