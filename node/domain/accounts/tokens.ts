/** What an operator token may do; `admin` implies every other scope. */
export const Scopes = ["events:write", "projects:write", "follows:write", "admin"] as const;
export type Scope = (typeof Scopes)[number];

export function isScope(value: unknown): value is Scope {
  return (Scopes as readonly unknown[]).includes(value);
}

/** Whether a token holding `granted` may act under `required`. */
export function hasScope(granted: readonly Scope[], required: Scope): boolean {
  return granted.includes("admin") || granted.includes(required);
}

/** The server-side record of an issued operator token (the JWT itself is never stored). */
export type OperatorToken = {
  /** The JWT's `jti`. */
  id: string;
  name: string;
  scopes: Scope[];
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
};

/** Who made an authenticated admin request (set by the auth middleware in `res.locals.operator`). */
export type Operator = { tokenId: string; name: string; scopes: Scope[] };

/** Storage port for issued tokens: revocation works by looking every `jti` up here. */
export interface TokenStore {
  record(token: OperatorToken): void;
  get(id: string): OperatorToken | undefined;
  /** Marks the token revoked at `at`; true if it existed and was not revoked yet (the first time stays). */
  revoke(id: string, at: string): boolean;
  /** Every token, oldest first. */
  list(): OperatorToken[];
}

/**
 * The node's JWT signing key as JSON Web Keys. It is not an ActivityPub actor key: rotating
 * or leaking one must not touch the other.
 */
export type JwtSigningKey = Readonly<{
  /** RFC 7638 thumbprint of the public key, sent as the JWT header's `kid`. */
  kid: string;
  algorithm: "Ed25519";
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
  createdAt: string;
}>;

/**
 * Storage port for the signing key. Generation is async (WebCrypto) while the store is
 * synchronous, so callers generate first and `saveIfAbsent` keeps whichever key won.
 */
export interface SigningKeyStore {
  /** The node's signing key, if one was ever generated. */
  current(): JwtSigningKey | undefined;
  /** Saves `key` only if the node has none yet; returns the key stored afterwards. */
  saveIfAbsent(key: JwtSigningKey): JwtSigningKey;
}
