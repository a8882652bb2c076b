import type { CryptographicKey, Multikey } from "@fedify/vocab";
import { Endpoints, Image, Organization, PropertyValue } from "@fedify/vocab";
import { escapeHtml } from "../../node/domain/text.ts";
import type { Venue } from "../../node/domain/venue.ts";

export type ActorUris = {
  id: URL;
  inbox: URL;
  sharedInbox: URL;
  outbox: URL;
  followers: URL;
  following: URL;
  icon: URL;
};

export type ActorKeys = { publicKey: CryptographicKey | null; assertionMethods: Multikey[] };

/** The cantine as an ActivityStreams `Organization` (Mastodon shows it as an ordinary account). */
export function toActor(venue: Venue, uris: ActorUris, keys: ActorKeys): Organization {
  return new Organization({
    id: uris.id,
    preferredUsername: venue.slug,
    name: venue.name,
    summary: venue.summary ? `<p>${escapeHtml(venue.summary)}</p>` : null,
    url: uris.id,
    icon: new Image({ url: uris.icon, mediaType: mediaTypeOf(uris.icon), name: venue.name }),
    attachments: profileFields(venue),
    inbox: uris.inbox,
    outbox: uris.outbox,
    followers: uris.followers,
    following: uris.following,
    endpoints: new Endpoints({ sharedInbox: uris.sharedInbox }),
    publicKey: keys.publicKey,
    assertionMethods: keys.assertionMethods,
    manuallyApprovesFollowers: venue.manuallyApprovesFollowers,
    discoverable: true,
    indexable: true,
  });
}

/** Profile fields Mastodon shows as a table: address, city, website, time zone. */
function profileFields(venue: Venue): PropertyValue[] {
  const fields: [string, string | undefined][] = [
    ["Address", venue.address && escapeHtml(venue.address)],
    ["City", `${escapeHtml(venue.city)}, ${escapeHtml(venue.country)}`],
    ["Website", venue.website && `<a href="${escapeHtml(venue.website)}" rel="me nofollow noopener" target="_blank">${escapeHtml(venue.website)}</a>`],
    ["Time zone", escapeHtml(venue.timezone)],
  ];
  return fields.filter((field): field is [string, string] => Boolean(field[1])).map(([name, value]) => new PropertyValue({ name, value }));
}

function mediaTypeOf(url: URL): string {
  const extension = url.pathname.split(".").pop()?.toLowerCase();
  const types: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp" };
  return types[extension ?? ""] ?? "image/png";
}
