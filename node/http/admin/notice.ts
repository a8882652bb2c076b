import { createHmac, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import { signedIn } from "./session.ts";

// After a change the admin redirects (Post/Redirect/Get) with its notice in the URL. The notice is
// signed with the operator's session secret, so a link crafted elsewhere cannot make the admin
// show text of someone else's choosing.

const MAX_NOTICE = 300;

function signature(res: Response, notice: string): string | null {
  const session = signedIn(res)?.session;
  return session ? createHmac("sha256", session.csrfToken).update(notice).digest("base64url").slice(0, 22) : null;
}

/** After a change, the page to show with a notice. */
export function redirectWithNotice(res: Response, path: string, notice: string): void {
  const url = new URL(path, "http://x");
  const sig = signature(res, notice);
  if (sig && notice.length <= MAX_NOTICE) {
    url.searchParams.set("done", notice);
    url.searchParams.set("sig", sig);
  }
  res.redirect(303, `${url.pathname}${url.search}`);
}

/** The notice a redirect after a change carries, when this operator's session signed it. */
export function noticeOf(req: Request, res: Response): string | null {
  const { done, sig } = req.query;
  if (typeof done !== "string" || typeof sig !== "string" || done.length > MAX_NOTICE) return null;
  const expected = signature(res, done);
  if (!expected || expected.length !== sig.length) return null;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(sig)) ? done : null;
}
