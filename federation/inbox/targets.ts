import type { ReplyTarget } from "../../node/domain/conversation/replies.ts";
import type { FederationDeps } from "../context.ts";

/** One of our own live events or projects, by its ActivityPub id; null for anything else. */
export function ourTarget(deps: Pick<FederationDeps, "events" | "projects">, id: string | null | undefined): ReplyTarget | null {
  if (!id) return null;
  const event = deps.events.getByApId(id);
  if (event) return event.value.local && !event.deletedAt ? { type: "Event", apId: event.value.apId } : null;
  const project = deps.projects.getByApId(id);
  if (project) return project.value.local && !project.deletedAt ? { type: "Article", apId: project.value.apId } : null;
  return null;
}
