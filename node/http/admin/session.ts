import type { RequestHandler, Response } from "express";
import { currentSession } from "../../domain/accounts/manage-accounts.ts";
import type { AccountsDeps, CurrentSession } from "../../domain/accounts/manage-accounts.ts";
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
 * show a signed-in operator "Edit" on the cantine's own events. A stale cookie is cleared.
 */
export function readSession(deps: AccountsDeps, secure: boolean): RequestHandler {
  return (req, res, next) => {
    const token = sessionToken(req, secure);
    const current = token ? currentSession(deps, token) : null;
    if (token && !current) clearCookie(res, cookieName(SESSION, secure), secure);
    res.locals.adminSession = current;
    next();
  };
}

export function setSessionCookie(res: Response, token: string, secure: boolean): void {
  // A browser-session cookie: the server decides when a session ends (idle and absolute expiry).
  setCookie(res, cookieName(SESSION, secure), token, secure);
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  clearCookie(res, cookieName(SESSION, secure), secure);
}
