import { PUBLIC_COLLECTION } from "@fedify/vocab";
import type { Publication } from "../../node/domain/publishing/publication.ts";
import { CANTINE_CONTEXT, CANTINE_TERMS } from "./context.ts";
import { ExtendedAnnounce, ExtendedCreate, ExtendedDelete, ExtendedUpdate, withObject } from "./extended.ts";

export type ActivityUris = Readonly<{ actorId: string; followersUrl: string }>;

/** Renders the object a publication carries (our event or project JSON at that version). */
export type ObjectRenderer = (publication: Publication) => Record<string, unknown> | null;

/** Public, cc our followers (Mastodon's own form). Announces delivered to instance followers only are public too. */
function audience(uris: ActivityUris) {
  return { to: [PUBLIC_COLLECTION.href], cc: [uris.followersUrl] };
}

/**
 * `formerType` read as a vocabulary term: the plain `"Event"` that peers compare with then
 * means as:Event to JSON-LD processors too (the ActivityStreams context types it as an IRI,
 * which would make it a relative one), so signatures cover what the peers read.
 */
const TOMBSTONE_TERMS = { formerType: { "@id": "as:formerType", "@type": "@vocab" } } as const;

function tombstone(publication: Publication): Record<string, unknown> {
  return { id: publication.objectApId, type: "Tombstone", formerType: publication.objectType, deleted: publication.publishedAt };
}

/** The activity as plain JSON-LD, for the outbox collection (Gancio back-fills from it). */
export function toActivityJson(publication: Publication, render: ObjectRenderer, uris: ActivityUris): Record<string, unknown> {
  const { to, cc } = audience(uris);
  const object = publication.type === "Delete" ? tombstone(publication) : (render(publication) ?? publication.objectApId);
  return {
    "@context": CANTINE_CONTEXT,
    id: publication.activityId,
    type: publication.type,
    actor: uris.actorId,
    published: publication.publishedAt,
    to,
    cc,
    object,
  };
}

/** The activity as a Fedify object to send, carrying our object JSON through serialisation and signing. */
export function toOutgoingActivity(publication: Publication, render: ObjectRenderer, uris: ActivityUris) {
  const { to, cc } = audience(uris);
  const common = {
    id: new URL(publication.activityId),
    actor: new URL(uris.actorId),
    published: Temporal.Instant.from(publication.publishedAt),
    tos: to.map((u) => new URL(u)),
    ccs: cc.map((u) => new URL(u)),
  };
  if (publication.type === "Delete") {
    // The Tombstone goes out as plain JSON, `"formerType": "Event"` as Gancio and Misskey read it.
    const deletion = new ExtendedDelete({ ...common, object: new URL(publication.objectApId) });
    return withObject(deletion, { terms: TOMBSTONE_TERMS, object: tombstone(publication) });
  }
  const object = render(publication);
  const values = { ...common, object: new URL(publication.objectApId) };
  const activity =
    publication.type === "Create" ? new ExtendedCreate(values) : publication.type === "Update" ? new ExtendedUpdate(values) : new ExtendedAnnounce(values);
  return object ? withObject(activity, { terms: CANTINE_TERMS, object }) : activity;
}
