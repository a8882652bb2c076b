import type { CantineEvent } from "../../../domain/events/event.ts";
import { pathOf } from "../../../domain/local-urls.ts";
import type { Cantine } from "../../../domain/network/cantines.ts";
import { sanitize } from "../../../domain/rich-text.ts";
import type { PageContext } from "./context.ts";
import { handleOf } from "./context.ts";
import { formatWhen, isoInZone } from "./format.ts";
import type { Html } from "./html.ts";
import { html, jsonForScript, safeUrl } from "./html.ts";
import { placeLines } from "./links.ts";

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " " };

/** Text of a (sanitised) description for meta tags and JSON-LD: no markup at all, short. */
function plainText(descriptionHtml: string, max = 300): string {
  const text = sanitize(descriptionHtml, { allowedTags: [], allowedAttributes: {}, nonTextTags: ["script", "style", "textarea", "noscript", "template"] })
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (e) => entities[e]!)
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const schemaStatus: Record<string, string> = {
  scheduled: "https://schema.org/EventScheduled",
  cancelled: "https://schema.org/EventCancelled",
  postponed: "https://schema.org/EventPostponed",
};

/** schema.org Event (https://schema.org/Event), as search engines and link previews read it. */
function eventJsonLd(event: CantineEvent, source: Cantine, pageUrl: string): Record<string, unknown> {
  const date = (instant: string) => (event.allDay ? isoInZone(instant, event.timezone).slice(0, 10) : isoInZone(instant, event.timezone));
  const online = safeUrl(event.location?.url);
  const lines = placeLines(event.location);
  const place = lines.length
    ? {
        "@type": "Place",
        name: event.location?.name ?? lines[0],
        ...(event.location?.address ? { address: event.location.address } : {}),
        ...(Number.isFinite(event.location?.lat) && Number.isFinite(event.location?.lon)
          ? { geo: { "@type": "GeoCoordinates", latitude: event.location!.lat, longitude: event.location!.lon } }
          : {}),
      }
    : null;
  const locations = [place, online ? { "@type": "VirtualLocation", url: online } : null].filter(Boolean);
  const image = safeUrl(event.image?.url);
  const registration = safeUrl(event.registrationUrl);
  return {
    "@context": "https://schema.org",
    "@type": "Event",
    name: event.title,
    url: pageUrl,
    startDate: date(event.startsAt),
    ...(event.endsAt ? { endDate: date(event.endsAt) } : {}),
    eventStatus: schemaStatus[event.status] ?? schemaStatus.scheduled,
    eventAttendanceMode: `https://schema.org/${place && online ? "Mixed" : online ? "Online" : "Offline"}EventAttendanceMode`,
    ...(locations.length ? { location: locations.length === 1 ? locations[0] : locations } : {}),
    organizer: event.organizer
      ? { "@type": "Organization", name: event.organizer }
      : { "@type": "Organization", name: source.name, ...(safeUrl(source.url) ? { url: source.url } : {}) },
    ...(plainText(event.descriptionHtml) ? { description: plainText(event.descriptionHtml, 1000) } : {}),
    ...(image ? { image: [image] } : {}),
    ...(event.language ? { inLanguage: event.language } : {}),
    ...(event.tags.length ? { keywords: event.tags.join(", ") } : {}),
    ...(registration ? { offers: { "@type": "Offer", url: registration } } : {}),
    ...(event.capacity ? { maximumAttendeeCapacity: event.capacity } : {}),
  };
}

/** OpenGraph tags (Mastodon builds its preview card from them), JSON-LD and the ActivityPub alternate. */
export function eventHead(ctx: PageContext, event: CantineEvent, source: Cantine, pageUrl: string): Html {
  const { venue } = ctx;
  const when = formatWhen(event, event.timezone, ctx.intl);
  const place = placeLines(event.location).join(", ") || (event.location?.url ? ctx.t.online : "");
  const status = event.status === "scheduled" ? "" : `${event.status === "cancelled" ? ctx.t.statusCancelled : ctx.t.statusPostponed} — `;
  const excerpt = plainText(event.descriptionHtml, 200);
  const description = `${status}${when}${place ? ` · ${place}` : ""}${excerpt ? ` — ${excerpt}` : ""}`;
  const image = safeUrl(event.image?.url) ?? safeUrl(venue.icon) ?? new URL("/icon.png", venue.origin).href;
  const canonical = event.local ? pageUrl : (safeUrl(event.url) ?? pageUrl);
  return html`<meta name="description" content="${description}">
<link rel="canonical" href="${canonical}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${venue.name}">
<meta property="og:title" content="${status}${event.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${pageUrl}">
<meta property="og:image" content="${image}">
${event.image?.alt ? html`<meta property="og:image:alt" content="${event.image.alt}">` : ""}
<meta property="og:locale" content="${ctx.intl.replace("-", "_")}">
${
  event.local
    ? html`<meta name="fediverse:creator" content="@${handleOf(venue)}">
<link rel="alternate" type="application/activity+json" href="${event.apId}">`
    : ""
}
<link rel="alternate" type="text/calendar" href="${pathOf("event", { id: event.id })}.ics">
<script type="application/ld+json">${jsonForScript(eventJsonLd(event, source, pageUrl))}</script>`;
}
