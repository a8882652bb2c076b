import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { Account, AccountStore, Invitation, InvitationStore, PasswordHasher, Role, Secrets, Session, SessionStore } from "./account.ts";
import { isRole } from "./account.ts";

export type AccountsDeps = Readonly<{
  accounts: AccountStore;
  invitations: InvitationStore;
  sessions: SessionStore;
  hasher: PasswordHasher;
  secrets: Secrets;
  newId: () => string;
  now: () => Date;
  /** How long an invitation link works (default 48 hours). */
  invitationHours?: number;
  /** A session ends after this long without a request (default 8 hours)… */
  sessionIdleMinutes?: number;
  /** …and in any case this long after sign-in (default 7 days). */
  sessionDays?: number;
}>;

const HOUR_MS = 3_600_000;
export const MIN_PASSWORD = 10;
const MAX_PASSWORD = 200;
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@'-]{0,59}$/u;

const at = (deps: AccountsDeps, offsetMs = 0) => new Date(deps.now().getTime() + offsetMs).toISOString();

/** An operator's name as typed: trimmed, inner spaces collapsed. */
function cleanName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

export type NewInvitation = { account: Account; token: string; expiresAt: string };

function invite(deps: AccountsDeps, account: Account): NewInvitation {
  const token = deps.secrets.token();
  const invitation: Invitation = {
    tokenDigest: deps.secrets.digest(token),
    accountId: account.id,
    createdAt: at(deps),
    expiresAt: at(deps, (deps.invitationHours ?? 48) * HOUR_MS),
    usedAt: null,
  };
  deps.invitations.insert(invitation);
  return { account, token, expiresAt: invitation.expiresAt };
}

/** Creates an account without a password and a one-time link where its person sets one. */
export function inviteOperator(deps: AccountsDeps, request: { name: string; role?: string }): NewInvitation {
  const name = cleanName(request.name);
  const role = request.role ?? "editor";
  const problems = [];
  if (!NAME.test(name)) problems.push({ field: "name", message: "must be 1 to 60 letters, digits, spaces or . _ @ ' -, starting with a letter or digit" });
  if (!isRole(role)) problems.push({ field: "role", message: `must be "admin" or "editor"` });
  if (problems.length) throw new ValidationError(problems);
  if (deps.accounts.byName(name)) throw new ConflictError(`an operator named "${name}" exists already`);
  const account: Account = { id: deps.newId(), name, role: role as Role, passwordHash: null, createdAt: at(deps), passwordChangedAt: null };
  deps.accounts.insert(account);
  return invite(deps, account);
}

function named(deps: AccountsDeps, name: string): Account {
  const account = deps.accounts.byName(cleanName(name));
  if (!account) throw new NotFoundError("operator", cleanName(name));
  return account;
}

/** A forgotten password: the old one stops working, every session ends, a new link is made. */
export function resetOperator(deps: AccountsDeps, name: string): NewInvitation {
  const account = named(deps, name);
  deps.accounts.setPassword(account.id, null, null);
  deps.sessions.removeFor(account.id);
  deps.invitations.removeFor(account.id);
  return invite(deps, { ...account, passwordHash: null });
}

/** Removes an operator (sessions and links end with it); the last admin stays. */
export function removeOperator(deps: AccountsDeps, name: string): Account {
  const account = named(deps, name);
  if (account.role === "admin" && deps.accounts.list().filter((a) => a.role === "admin").length === 1) {
    throw new ConflictError(`"${account.name}" is the only admin: invite another admin first`);
  }
  deps.accounts.remove(account.id);
  return account;
}

export type InvitationState = { ok: true; account: Account; invitation: Invitation } | { ok: false; reason: "unknown" | "expired" | "used" };

/** What an invitation link stands for, without using it. */
export function readInvitation(deps: AccountsDeps, token: string): InvitationState {
  const invitation = token ? deps.invitations.byDigest(deps.secrets.digest(token)) : undefined;
  const account = invitation && deps.accounts.get(invitation.accountId);
  if (!invitation || !account) return { ok: false, reason: "unknown" };
  if (invitation.usedAt) return { ok: false, reason: "used" };
  if (Date.parse(invitation.expiresAt) <= deps.now().getTime()) return { ok: false, reason: "expired" };
  return { ok: true, account, invitation };
}

/** Why a new password is refused (the field is "password"), or none. */
function passwordProblems(password: string, name: string): { field: string; message: string }[] {
  if (password.length < MIN_PASSWORD) return [{ field: "password", message: `must be at least ${MIN_PASSWORD} characters` }];
  if (password.length > MAX_PASSWORD) return [{ field: "password", message: `must be at most ${MAX_PASSWORD} characters` }];
  if (password.trim().toLowerCase() === name.toLowerCase()) return [{ field: "password", message: "must not be the operator's name" }];
  return [];
}

/** Sets the password of an invitation's account; the link then stops working. */
export async function acceptInvitation(deps: AccountsDeps, token: string, password: string): Promise<Account> {
  const state = readInvitation(deps, token);
  if (!state.ok) throw new ConflictError(`invitation ${state.reason}`);
  const problems = passwordProblems(password, state.account.name);
  if (problems.length) throw new ValidationError(problems);
  const hash = await deps.hasher.hash(password);
  // Checked again after the await: two tabs may submit the same link.
  if (!deps.invitations.markUsed(state.invitation.tokenDigest, at(deps))) throw new ConflictError("invitation used");
  deps.accounts.setPassword(state.account.id, hash, at(deps));
  deps.sessions.removeFor(state.account.id);
  return { ...state.account, passwordHash: hash };
}

/** The account whose name and password these are, or null (never says which was wrong). */
export async function checkPassword(deps: AccountsDeps, name: string, password: string): Promise<Account | null> {
  const account = deps.accounts.byName(cleanName(name));
  if (!account?.passwordHash || password.length > MAX_PASSWORD) {
    // An unknown name costs as long as a wrong password: the answer's timing tells nothing.
    await deps.hasher.verify(null, password.slice(0, MAX_PASSWORD));
    return null;
  }
  return (await deps.hasher.verify(account.passwordHash, password)) ? account : null;
}

/** Changes one's own password; the other sessions of the account end. */
export async function changePassword(deps: AccountsDeps, accountId: string, current: string, next: string, keepSession: string): Promise<void> {
  const account = deps.accounts.get(accountId);
  if (!account?.passwordHash || !(await deps.hasher.verify(account.passwordHash, current))) {
    throw new ValidationError([{ field: "current", message: "is not the current password" }]);
  }
  const problems = passwordProblems(next, account.name);
  if (problems.length) throw new ValidationError(problems);
  deps.accounts.setPassword(account.id, await deps.hasher.hash(next), at(deps));
  deps.sessions.removeFor(account.id, keepSession);
}

export type StartedSession = { token: string; session: Session };

/** A new session for a signed-in account: a fresh secret each time (never one from before sign-in). */
export function startSession(deps: AccountsDeps, account: Account): StartedSession {
  const token = deps.secrets.token();
  const now = at(deps);
  const session: Session = {
    idDigest: deps.secrets.digest(token),
    accountId: account.id,
    csrfToken: deps.secrets.token(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: at(deps, (deps.sessionDays ?? 7) * 24 * HOUR_MS),
  };
  deps.sessions.insert(session);
  return { token, session };
}

export type CurrentSession = { session: Session; account: Account };

/** The live session a cookie holds, or null; its last activity moves forward (at most once a minute). */
export function currentSession(deps: AccountsDeps, token: string | undefined): CurrentSession | null {
  if (!token) return null;
  const session = deps.sessions.get(deps.secrets.digest(token));
  if (!session) return null;
  const now = deps.now().getTime();
  const idleMs = (deps.sessionIdleMinutes ?? 8 * 60) * 60_000;
  if (Date.parse(session.expiresAt) <= now || Date.parse(session.lastSeenAt) + idleMs <= now) {
    deps.sessions.remove(session.idDigest);
    return null;
  }
  const account = deps.accounts.get(session.accountId);
  if (!account?.passwordHash) return null;
  if (now - Date.parse(session.lastSeenAt) > 60_000) deps.sessions.touch(session.idDigest, at(deps));
  return { session, account };
}

export function endSession(deps: AccountsDeps, token: string | undefined): void {
  if (token) deps.sessions.remove(deps.secrets.digest(token));
}

/** Signs an account out of every browser. */
export function endAllSessions(deps: AccountsDeps, accountId: string): number {
  return deps.sessions.removeFor(accountId);
}
