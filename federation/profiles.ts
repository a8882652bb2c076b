import type { Context } from "@fedify/fedify";
import type { Actor } from "@fedify/vocab";
import { Image, PropertyValue } from "@fedify/vocab";
import type { CantineStore } from "../node/domain/network/cantines.ts";
import { htmlToText } from "../node/domain/rich-text.ts";
import { isValidTimeZone } from "../node/domain/time.ts";

type Profile = Parameters<CantineStore["upsertProfile"]>[0];

const cityLabels = ["city", "ville", "ciudad", "cidade"];
const zoneLabels = ["time zone", "timezone", "fuseau horaire", "zona horaria", "fuso horário"];

/**
 * An http(s) link, or null: a profile's `url` or icon of `javascript:alert(1)` is a valid URL to
 * Fedify, and went on into our feeds (iCalendar ORGANIZER, Atom author) as it was.
 */
function httpHref(value: unknown): string | null {
  return value instanceof URL && (value.protocol === "http:" || value.protocol === "https:") ? value.href : null;
}

/**
 * What the calendar needs to know of a remote actor. Cantines publish their city and time zone
 * as profile fields ("City: Paris, FR", "Time zone: Europe/Paris"); other servers may not, and
 * then their events simply have no city.
 */
export async function profileOf(actor: Actor, ctx: Context<void>): Promise<Profile> {
  const id = actor.id!.href;
  let city: string | null = null;
  let country: string | null = null;
  let timezone: string | null = null;
  for await (const attachment of actor.getAttachments({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, suppressError: true })) {
    if (!(attachment instanceof PropertyValue)) continue;
    const label = String(attachment.name ?? "")
      .trim()
      .toLowerCase();
    const value = htmlToText(String(attachment.value ?? ""))
      .trim()
      .slice(0, 100);
    if (cityLabels.includes(label) && value) {
      const [name, code] = value.split(/,\s*/);
      city = name || null;
      country = code && /^[A-Z]{2}$/.test(code) ? code : null;
    } else if (zoneLabels.includes(label) && isValidTimeZone(value)) {
      timezone = value;
    }
  }
  const icon = await actor.getIcon({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, suppressError: true });
  const iconUrl = icon instanceof Image ? httpHref(icon.url) : null;
  const username = actor.preferredUsername?.toString() ?? null;
  return {
    actorId: id,
    local: false,
    handle: username ? `${username}@${actor.id!.host}` : null,
    name: htmlToText(actor.name?.toString() ?? username ?? actor.id!.host).slice(0, 200),
    city,
    country,
    timezone,
    url: httpHref(actor.url) ?? id,
    icon: iconUrl,
    actorType: actor.constructor.name,
    inbox: actor.inboxId?.href ?? "",
    sharedInbox: actor.endpoints?.sharedInbox?.href ?? null,
    outbox: actor.outboxId?.href ?? null,
  };
}
