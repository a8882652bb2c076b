import type { RequestHandler } from "express";
import { httpSignatureKeyIds } from "./origin-guard.ts";

/**
 * An inbox POST signed by a key of a blocked server or actor is answered 202 and dropped unread,
 * before any parsing or signature check: as Mastodon does, the sender learns nothing of the
 * block and, having its answer, does not retry. (What still slips through — a block made while
 * an activity waited in the queue, an actor whose key is not under its own id — is dropped by
 * the inbox listeners, federation/inbox/blocked.ts.)
 */
export function droppingBlockedSenders(isBlocked: ((keyId: string) => boolean) | undefined): RequestHandler {
  return (req, res, next) => {
    if (!isBlocked) return next();
    const keyIds = httpSignatureKeyIds(req.headers);
    if (typeof keyIds !== "string" && keyIds.some((keyId) => isBlocked(keyId))) {
      // Word for word what the inbox answers an accepted activity.
      res.status(202).type("text/plain; charset=utf-8").send("Activity is enqueued.");
      return;
    }
    next();
  };
}
