import type { Request, Response } from "express";
import type { Account } from "../../domain/accounts/account.ts";
import type { Venue } from "../../domain/venue.ts";
import type { PageContext } from "../public/pages/context.ts";
import { pageContext } from "../public/routes/page-context.ts";
import { csrfToken } from "./csrf.ts";
import type { AdminMessages } from "./i18n/index.ts";
import { adminMessages } from "./i18n/index.ts";
import { signedIn } from "./session.ts";

/** What every admin page needs: the public page context (language, zone), the admin texts, who is signed in, the form token. */
export type AdminContext = PageContext & Readonly<{ a: AdminMessages; account: Account | null; csrf: string; secure: boolean; notice: string | null }>;

export function adminContext(req: Request, res: Response, venue: Venue, now: Date, notice: string | null = null): AdminContext {
  const secure = new URL(venue.origin).protocol === "https:";
  const page = pageContext(req, res, venue, now);
  return { ...page, a: adminMessages[page.locale], account: signedIn(res)?.account ?? null, csrf: csrfToken(req, res, secure), secure, notice };
}
