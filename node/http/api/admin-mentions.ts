import { Router } from "express";
import type { ReplyStore } from "../../domain/conversation/replies.ts";
import type { AuthDeps } from "../auth.ts";
import { requireOperator } from "../auth.ts";

/** Replies whose author mentions the cantine, newest first, for the operators (scope `admin`). */
export function adminMentionRoutes(replies: Pick<ReplyStore, "mentions">, auth: AuthDeps): Router {
  const router = Router();
  router.get("/api/admin/mentions", requireOperator(auth, "admin"), (req, res) => {
    const limit = Math.min(Math.max(Number.parseInt(String(req.query.limit ?? "100"), 10) || 100, 1), 500);
    const offset = Math.max(Number.parseInt(String(req.query.offset ?? "0"), 10) || 0, 0);
    res.json({
      items: replies.mentions(limit, offset).map((reply) => ({
        id: reply.apId,
        url: reply.url,
        inReplyTo: reply.target.apId,
        author: reply.author,
        contentHtml: reply.contentHtml,
        publishedAt: reply.publishedAt,
      })),
    });
  });
  return router;
}
