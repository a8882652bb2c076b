// JSON-LD context of the objects we hand-craft (events, projects). Fedify re-serialises typed
// objects and drops what it does not know (timezone, eventStatus, joinMode, PostalAddress…), so
// these objects are plain JSON sent under this context. Every extension term is defined inline:
// Fedify's JSON-LD signer only has the ActivityStreams and security contexts preloaded, and any
// other remote context URL would have to be fetched while signing.
//
// Term choices (peers read the compact keys, JSON-LD processors read the IRIs):
// - FEP-8a8e terms use its namespace https://w3id.org/fep/8a8e/ (terms are `…/8a8e/<term>`,
//   PEERS-gancio-mobilizon.md §5), eventStatus values are vocabulary terms (`EventCancelled`).
// - `timezone`, `isOnline`, `participantCount` use Mobilizon's `mz:` IRIs, as Mobilizon's own context does (§2.2).
// - `status` is `ical:status` like Mobilizon; schema.org terms use Mobilizon's `http://schema.org#`.
// - Project terms live under our own `cantine:` namespace.
// The same object is published as schemas/cantine-context.jsonld (a test keeps them equal).

export const AS_CONTEXT = "https://www.w3.org/ns/activitystreams";
export const SECURITY_CONTEXT = "https://w3id.org/security/v1";
export const AS_PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

export const CANTINE_TERMS = {
  sc: "http://schema.org#",
  mz: "https://joinmobilizon.org/ns#",
  ical: "http://www.w3.org/2002/12/cal/ical#",
  toot: "http://joinmastodon.org/ns#",
  fep8a8e: "https://w3id.org/fep/8a8e/",
  cantine: "https://cantine.example/ns#",
  Hashtag: "https://www.w3.org/ns/activitystreams#Hashtag",
  PostalAddress: "sc:PostalAddress",
  VirtualLocation: "sc:VirtualLocation",
  address: "sc:address",
  streetAddress: "sc:streetAddress",
  addressLocality: "sc:addressLocality",
  addressRegion: "sc:addressRegion",
  postalCode: "sc:postalCode",
  addressCountry: "sc:addressCountry",
  timezone: "mz:timezone",
  isOnline: "mz:isOnline",
  status: "ical:status",
  eventStatus: { "@id": "fep8a8e:eventStatus", "@type": "@vocab" },
  EventScheduled: "fep8a8e:EventScheduled",
  EventTentative: "fep8a8e:EventTentative",
  EventCancelled: "fep8a8e:EventCancelled",
  EventPostponed: "fep8a8e:EventPostponed",
  EventRescheduled: "fep8a8e:EventRescheduled",
  EventMovedOnline: "fep8a8e:EventMovedOnline",
  displayEndTime: "fep8a8e:displayEndTime",
  organizers: { "@id": "fep8a8e:organizers", "@type": "@id" },
  joinMode: "fep8a8e:joinMode",
  externalParticipationUrl: "fep8a8e:externalParticipationUrl",
  category: "fep8a8e:category",
  isBannerImage: "fep8a8e:isBannerImage",
  maximumAttendeeCapacity: "sc:maximumAttendeeCapacity",
  remainingAttendeeCapacity: "sc:remainingAttendeeCapacity",
  participantCount: "mz:participantCount",
  inLanguage: "sc:inLanguage",
  focalPoint: { "@container": "@list", "@id": "toot:focalPoint" },
  blurhash: "toot:blurhash",
  stage: "cantine:stage",
  lookingFor: "cantine:lookingFor",
  cities: "cantine:cities",
  contact: "cantine:contact",
} as const;

/** `@context` of every activity that carries one of our hand-crafted objects. */
export const CANTINE_CONTEXT = [AS_CONTEXT, SECURITY_CONTEXT, CANTINE_TERMS] as const;
