import { Router } from "express";
import { deleteProject, localProject, publishProject, updateProject } from "../../domain/projects/manage-projects.ts";
import type { PublishingDeps } from "../../domain/publishing/publishing.ts";
import type { AuthDeps } from "../auth.ts";
import { requireOperator } from "../auth.ts";
import { checkProjectInput, projectPatch } from "../validate-input.ts";
import { projectJson } from "./event-json.ts";

/** Operators' project API: announce, edit, withdraw. */
export function adminProjectRoutes(publishing: PublishingDeps, auth: AuthDeps): Router {
  const router = Router();
  const canWrite = requireOperator(auth, "projects:write");

  router.post("/api/admin/projects", canWrite, (req, res) => {
    const project = publishProject(publishing, checkProjectInput(req.body));
    res.status(201).location(project.url).json(projectJson(project));
  });
  router.get("/api/admin/projects/:id", canWrite, (req, res) => {
    res.json(projectJson(localProject(publishing, req.params.id as string)));
  });
  router.patch("/api/admin/projects/:id", canWrite, (req, res) => {
    res.json(projectJson(updateProject(publishing, req.params.id as string, projectPatch(req.body))));
  });
  router.delete("/api/admin/projects/:id", canWrite, (req, res) => {
    deleteProject(publishing, req.params.id as string);
    res.status(204).end();
  });
  return router;
}
