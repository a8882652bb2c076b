import { join } from "node:path";
import { Router } from "express";

const FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(-thumb)?\.webp$/;

/**
 * Uploaded images, from the node's media folder. A file never changes once written (a new upload
 * gets a new id), so it may be cached for a year, everywhere.
 */
export function mediaRoutes(folder: string): Router {
  const router = Router();
  router.get("/media/:file", (req, res, next) => {
    const file = req.params.file;
    if (!FILE.test(file)) return next();
    res.set("Cache-Control", "public, max-age=31536000, immutable").type("image/webp");
    res.sendFile(join(folder, file), { dotfiles: "deny" }, (error) => {
      if (error && !res.headersSent) {
        res.removeHeader("Cache-Control");
        next();
      }
    });
  });
  return router;
}
