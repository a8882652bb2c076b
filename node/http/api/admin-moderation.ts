import type { Request, Response } from "express";
import express, { Router } from "express";
import type { Operator } from "../../domain/accounts/tokens.ts";
import type { Block } from "../../domain/moderation/blocks.ts";
import type { Moderation } from "../../domain/moderation/moderation.ts";
import type { Report } from "../../domain/moderation/reports.ts";
import type { AuthDeps } from "../auth.ts";
import { requireOperator } from "../auth.ts";
import { HttpError } from "../problem.ts";

/** Who the moderation log names: the operator token's name. */
function operatorOf(res: Response): string {
  return (res.locals.operator as Operator).name;
}

function blockJson(block: Block) {
  return { ...block };
}

function reportJson(report: Report) {
  return { ...report, objectIds: [...report.objectIds] };
}

function body(req: Request): Record<string, unknown> {
  if (typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) throw new HttpError(422, "the body must be a JSON object");
  return req.body as Record<string, unknown>;
}

function stringField(req: Request, name: string, max = 2048): string {
  const value = body(req)[name];
  if (typeof value !== "string" || !value.trim() || value.length > max)
    throw new HttpError(422, `"${name}" must be a non-empty string of at most ${max} characters`);
  return value.trim();
}

function optionalString(req: Request, name: string, max = 5000): string | null {
  const value = body(req)[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length > max) throw new HttpError(422, `"${name}" must be a string of at most ${max} characters`);
  return value;
}

const json = express.json({ limit: "200kb", type: () => true });
// A blocklist of 20,000 domains with comments fits in a few megabytes.
const csv = express.text({ limit: "5mb", type: () => true });

/**
 * The operators' moderation API (scope `admin`): blocks and their Mastodon CSV, hidden items,
 * reports received and sent, and the moderation log. Mounted before the API's JSON parser,
 * since an import is CSV: each route parses its own body.
 */
export function adminModerationRoutes(moderation: Moderation, auth: AuthDeps): Router {
  const router = Router();
  const admin = requireOperator(auth, "admin");

  router.get("/api/admin/blocks", admin, (_req, res) => {
    res.json({ items: moderation.blocks().map(blockJson) });
  });
  router.post("/api/admin/blocks", admin, json, async (req, res) => {
    const fields = body(req);
    const { block, created, purged } = await moderation.block(
      { ...fields, target: stringField(req, "target") } as Parameters<Moderation["block"]>[0],
      operatorOf(res),
    );
    res.status(created ? 201 : 200).json({ ...blockJson(block), purged });
  });
  router.delete("/api/admin/blocks/:target", admin, (req, res) => {
    moderation.unblock(req.params.target as string, operatorOf(res));
    res.status(204).end();
  });
  router.get("/api/admin/blocks.csv", admin, (_req, res) => {
    res.type("text/csv; charset=utf-8").set("Content-Disposition", 'attachment; filename="domain_blocks.csv"').send(moderation.exportDomainBlocks());
  });
  router.post("/api/admin/blocks/import", admin, csv, async (req, res) => {
    if (typeof req.body !== "string" || req.body.trim() === "") throw new HttpError(422, "send the CSV as the request body (Content-Type: text/csv)");
    res.json(await moderation.importDomainBlocks(req.body, operatorOf(res)));
  });

  router.get("/api/admin/hidden", admin, (_req, res) => {
    res.json({ items: moderation.hidden() });
  });
  router.post("/api/admin/hidden", admin, json, (req, res) => {
    res.status(201).json(moderation.hide(stringField(req, "url"), optionalString(req, "reason", 1000), operatorOf(res)));
  });
  router.delete("/api/admin/hidden/:url", admin, (req, res) => {
    moderation.unhide(req.params.url as string, operatorOf(res));
    res.status(204).end();
  });

  router.get("/api/admin/reports", admin, (req, res) => {
    res.json({ items: moderation.reports(req.query.all === "true" || req.query.all === "1").map(reportJson) });
  });
  router.post("/api/admin/reports/:id/resolve", admin, (req, res) => {
    res.json(reportJson(moderation.resolveReport(req.params.id as string, operatorOf(res))));
  });
  router.post("/api/admin/reports/remote", admin, json, async (req, res) => {
    res.status(202).json(await moderation.sendReport(stringField(req, "url"), optionalString(req, "comment") ?? "", operatorOf(res)));
  });

  router.get("/api/admin/moderation-log", admin, (req, res) => {
    const limit = Math.min(Math.max(Number.parseInt(String(req.query.limit ?? "100"), 10) || 100, 1), 1000);
    const offset = Math.max(Number.parseInt(String(req.query.offset ?? "0"), 10) || 0, 0);
    res.json({ items: moderation.log(limit, offset) });
  });
  return router;
}
