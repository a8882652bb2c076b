import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import { cookieName, readCookies, setCookie } from "./cookies.ts";
import { signedIn } from "./session.ts";

// Every form carries a token the server checks before doing anything: the session's own token
// once signed in (synchroniser token), else one bound to a cookie of the browser (double submit)
// for the sign-in and invitation forms. A form posted from another origin is refused as well.

const PRE_SESSION = "cantine_csrf";
export const CSRF_FIELD = "_csrf";

function same(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token to put in this response's forms (made and set as a cookie when the browser has none). */
export function csrfToken(req: Request, res: Response, secure: boolean): string {
  const session = signedIn(res);
  if (session) return session.session.csrfToken;
  const name = cookieName(PRE_SESSION, secure);
  const known = (res.locals.csrfCookie as string | undefined) ?? readCookies(req)[name];
  if (known && /^[A-Za-z0-9_-]{32,64}$/.test(known)) return known;
  const token = randomBytes(32).toString("base64url");
  setCookie(res, name, token, secure);
  res.locals.csrfCookie = token;
  return token;
}

/** Whether a posted form carries this browser's token and comes from our own origin. */
export function csrfValid(req: Request, res: Response, origin: string, secure: boolean, sent: string | undefined): boolean {
  const from = req.get("origin");
  if (from && from !== "null" && from !== new URL(origin).origin) return false;
  const session = signedIn(res);
  if (session) return same(sent, session.session.csrfToken);
  return same(sent, readCookies(req)[cookieName(PRE_SESSION, secure)]);
}
