import type { CantineEvent } from "../events/event.ts";
import type { Stored } from "../ports.ts";
import type { Project } from "../projects/project.ts";
import type { NewPublication } from "../publishing/publication.ts";
import type { PublishingDeps } from "../publishing/publishing.ts";
import { commitAndAnnounce } from "../publishing/publishing.ts";
import type { Network } from "./network.ts";
import { NetworkError } from "./network.ts";

type Relayable = Stored<CantineEvent> | Stored<Project>;

/** The event or project we hold under this URL: its id, or our own page of it. */
function heldAt(deps: PublishingDeps, url: string): Relayable | undefined {
  const held = deps.projects.getByApId(url) ?? deps.events.getByApId(url);
  if (held) return held;
  const ours = deps.uris.objectAt(url);
  if (!ours) return undefined;
  return ours.kind === "event" ? deps.events.get(ours.id) : deps.projects.get(ours.id);
}

/** The log entry of a relay: an Announce of the object's id, to our followers (it carries no snapshot: the object is not ours). */
function relayPublication(deps: PublishingDeps, relayed: Relayable): NewPublication {
  return {
    activityId: deps.uris.activity("announces", deps.newId()),
    type: "Announce",
    objectType: "stage" in relayed.value ? "Article" : "Event",
    objectId: relayed.value.id,
    objectApId: relayed.value.apId,
    snapshot: null,
    audience: "followers",
    publishedAt: deps.now().toISOString(),
  };
}

/**
 * Announces another cantine's project (or event) to our followers: what we do not hold yet is
 * fetched from its origin first; the Announce is committed to the publication log and handed
 * to the federation layer like every other publication.
 */
export async function relayObject(deps: PublishingDeps, network: Pick<Network, "fetchObject">, url: string): Promise<{ activityId: string; objectId: string }> {
  let relayed = heldAt(deps, url);
  if (!relayed) {
    await network.fetchObject(url);
    relayed = heldAt(deps, url);
  }
  if (!relayed || relayed.deletedAt) throw new NetworkError(`nothing to relay at ${url}`);
  if (relayed.value.local) throw new NetworkError("our own projects and events already reach our followers");
  const publication = commitAndAnnounce(deps, () => [relayPublication(deps, relayed)])[0]!;
  return { activityId: publication.activityId, objectId: relayed.value.apId };
}
