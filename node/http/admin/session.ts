import type { RequestHandler, Response } from "express";
import type { AccountsDeps, CurrentSession } from "../../domain/accounts/manage-accounts.ts";
import { currentSession } from "../../domain/accounts/manage-accounts.ts";
import { clearCookie, cookieName, readCookies, setCookie } from "./cookies.ts";

const SESSION = "cantine_session";

/** The signed-in operator of this request, if any (set by `readSession`). */
export function signedIn(res: Response): CurrentSession | null {
  return (res.locals.adminSession as CurrentSession | null | undefined) ?? null;
}

/** The session cookie's secret, as sent. */
export function sessionToken(req: Parameters<RequestHandler>[0], secure: boolean): string | undefined {
  return readCookies(req)[cookieName(SESSION, secure)];
}

/**
 * Reads the session cookie on every request that has one: the admin needs it, and public pages
 * show a signed-in operator "Edit" on the cantine's own events.
 */
export function readSession(deps: AccountsDeps, secure: boolean): RequestHandler {
  return (req, res, next) => {
    const token = sessionToken(req, secure);
    // A stale cookie is left alone (signing out clears it): nodes on one host (a demo, tests) share cookies.
    res.locals.adminSession = token ? currentSession(deps, token) : null;
    next();
  };
}

/** The cookie lives as long as the session may (its absolute end); the server also ends it when idle. */
export function setSessionCookie(res: Response, started: { token: string; session: { expiresAt: string; createdAt: string } }, secure: boolean): void {
  const maxAge = Date.parse(started.session.expiresAt) - Date.parse(started.session.createdAt);
  setCookie(res, cookieName(SESSION, secure), started.token, secure, maxAge);
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  clearCookie(res, cookieName(SESSION, secure), secure);
}
