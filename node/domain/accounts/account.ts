// Operators of the web admin: named accounts with a role, made by invitation, signed in with a
// password and a server-side session. Tokens for the admin API stay apart (domain/tokens.ts).

/** `admin`: everything. `editor`: the programme (events and projects). */
export const Roles = ["admin", "editor"] as const;
export type Role = (typeof Roles)[number];

export function isRole(value: unknown): value is Role {
  return (Roles as readonly unknown[]).includes(value);
}

/** What a signed-in operator may touch; the server checks it on every request. */
const Areas = ["dashboard", "events", "projects", "network", "moderation", "tokens", "accounts", "own-password"] as const;
export type Area = (typeof Areas)[number];

const EDITOR_AREAS: readonly Area[] = ["dashboard", "events", "projects", "own-password"];

export function mayUse(role: Role, area: Area): boolean {
  return role === "admin" || EDITOR_AREAS.includes(area);
}

export type Account = Readonly<{
  id: string;
  name: string;
  role: Role;
  /** Null until the person sets a password through an invitation (and again after a reset). */
  passwordHash: string | null;
  createdAt: string;
  passwordChangedAt: string | null;
}>;

/** A one-time link to set a password: only the digest of its secret is kept. */
export type Invitation = Readonly<{
  tokenDigest: string;
  accountId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}>;

/** A signed-in browser: only the digest of the cookie's secret is kept. */
export type Session = Readonly<{
  idDigest: string;
  accountId: string;
  /** Sent back in every form of the session (synchroniser token). */
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute end, whatever the activity. */
  expiresAt: string;
}>;

export interface AccountStore {
  insert(account: Account): void;
  get(id: string): Account | undefined;
  byName(name: string): Account | undefined;
  /** Every account, by name. */
  list(): Account[];
  setPassword(id: string, hash: string | null, at: string | null): void;
  /** Removes the account with its sessions and invitations; false if there was none. */
  remove(id: string): boolean;
}

export interface InvitationStore {
  insert(invitation: Invitation): void;
  byDigest(digest: string): Invitation | undefined;
  /** Marks it used; false if it was used already (a second tab, a replay). */
  markUsed(digest: string, at: string): boolean;
  removeFor(accountId: string): void;
}

export interface SessionStore {
  insert(session: Session): void;
  get(idDigest: string): Session | undefined;
  touch(idDigest: string, at: string): void;
  remove(idDigest: string): void;
  /** Ends every session of an account but `except`; returns how many ended. */
  removeFor(accountId: string, except?: string): number;
  removeExpired(idleBefore: string, now: string): number;
}

/** Password hashing behind a port: the adapter (scrypt) lives outside the domain. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** With a null hash, takes as long as a real check and answers false. */
  verify(hash: string | null, password: string): Promise<boolean>;
}

/** Random secrets and their digests (cookies, invitation links). */
export interface Secrets {
  /** A new unguessable secret, URL-safe. */
  token(): string;
  /** A one-way digest of a secret, as stored. */
  digest(secret: string): string;
}
