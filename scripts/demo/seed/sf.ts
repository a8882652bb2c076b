// The Cantine San Francisco, in the Mission: hack nights, civic tech and founders.

import type { DemoCity, DemoVenue, Programme } from "../programme.ts";
import { Days } from "../programme.ts";

const venue: DemoVenue = {
  slug: "sf",
  name: "The Cantine San Francisco",
  city: "San Francisco",
  country: "US",
  timezone: "America/Los_Angeles",
  locale: "en",
  address: "2180 Bryant Street, Mission District, San Francisco, CA 94110",
  summary:
    "Coworking space and evening venue in the Mission, sister of La Cantine Paris: talks, hack nights and " +
    "project pitches for open-source builders, civic technologists, artists and founders.",
  website: "https://sf.cantine.example",
  lat: 37.7604,
  lon: -122.4107,
};

const site = "https://sf.cantine.example";
const here = (room: string) => ({ name: venue.name, address: venue.address, room, lat: venue.lat, lon: venue.lon });
const common = { timezone: venue.timezone, language: "en" } as const;

function programme(today: Temporal.PlainDate): Programme {
  const d = new Days(today);
  const tuesday = d.next("TU");
  return {
    events: [
      {
        ...common,
        title: "Tuesday Hack Night",
        description:
          "Bring a laptop and a project — or join one. Every Tuesday the Workshop is open to anyone building in the open: " +
          "pair up, ship a pull request, demo it at 9 pm.\n\nPizza on the house, courtesy of our members.",
        startsAt: d.at(tuesday, "18:30"),
        endsAt: d.at(tuesday, "21:30"),
        recurrence: "FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        location: here("The Workshop"),
        organizer: "The Cantine San Francisco",
        tags: ["hacknight", "opensource"],
        category: "WORKSHOPS_SKILL_SHARING",
        capacity: 40,
      },
      {
        ...common,
        title: "Women in Open Tech SF: lightning talks & mentoring circle",
        description:
          "Six five-minute talks by women maintainers and engineers, then small mentoring circles: first contributions, " +
          "getting promoted to maintainer, negotiating for time to work on open source.",
        startsAt: d.at(d.next("WE"), "18:30"),
        endsAt: d.at(d.next("WE"), "21:00"),
        location: here("Main Hall"),
        organizer: "Women in Open Tech SF",
        tags: ["womenintech", "mentoring", "lightningtalks"],
        category: "NETWORKING",
        capacity: 60,
        registrationUrl: `${site}/register/women-in-open-tech-lightning-talks`,
      },
      {
        ...common,
        title: "Bay Area Civic Hackers: open data for transit equity",
        description:
          "Which neighborhoods wait longest for a bus? The Bay Area Civic Hackers walk through the open transit feeds " +
          "they built a dashboard on, and what the city changed after seeing it. In the room or on the live stream.",
        startsAt: d.at(d.next("TH", 1), "18:30"),
        endsAt: d.at(d.next("TH", 1), "20:30"),
        location: { ...here("Main Hall"), url: `${site}/live/transit-equity` },
        organizer: "Bay Area Civic Hackers",
        tags: ["civictech", "opendata", "transit"],
        category: "SCIENCE_TECH",
        registrationUrl: `${site}/register/civic-hackers-transit-equity`,
      },
      {
        ...common,
        title: "Founders & Makers Pitch Night",
        description:
          "Seven early-stage teams from the Cantine pitch for three minutes each and say what they need: co-founders, " +
          "beta users, hardware partners or a first check. Audience vote, then drinks.",
        startsAt: d.at(d.next("TH", 3), "18:00"),
        endsAt: d.at(d.next("TH", 3), "21:00"),
        location: here("Main Hall"),
        organizer: "The Cantine San Francisco",
        tags: ["pitchnight", "startups", "founders"],
        category: "BUSINESS",
        capacity: 100,
        registrationUrl: `${site}/register/pitch-night`,
      },
      {
        ...common,
        title: "Research talk: local-first software and the end of cloud lock-in",
        description:
          "A researcher from a Berkeley systems lab presents two years of work on CRDT-based apps that keep working " +
          "offline and sync peer to peer — and what it means for small teams that cannot afford a data center.",
        startsAt: d.at(d.next("MO", 2), "18:30"),
        endsAt: d.at(d.next("MO", 2), "20:00"),
        location: here("Library"),
        organizer: "The Cantine San Francisco",
        tags: ["localfirst", "research", "crdt"],
        category: "SCIENCE_TECH",
      },
      {
        ...common,
        title: "Fediverse Builders Bay Area: ActivityPub office hours (online)",
        description:
          "An hour on video with people who run and build fediverse servers: bring your questions on HTTP signatures, " +
          "WebFinger or delivery queues. Held in the morning so that Paris and Barcelona can join.",
        startsAt: d.at(d.next("FR", 1), "09:00"),
        endsAt: d.at(d.next("FR", 1), "10:00"),
        location: { name: "Online", url: `${site}/online/activitypub-office-hours` },
        organizer: "Fediverse Builders Bay Area",
        tags: ["fediverse", "activitypub", "officehours"],
        category: "WORKSHOPS_SKILL_SHARING",
      },
      {
        ...common,
        title: "Mission Hardware Collective: repair café & soldering basics",
        description: "Bring a broken lamp, toaster or headphones; volunteers help you open it and fix it. " + "Soldering table for beginners all afternoon.",
        startsAt: d.at(d.next("SA", 2), "11:00"),
        endsAt: d.at(d.next("SA", 2), "15:00"),
        location: here("The Workshop"),
        organizer: "Mission Hardware Collective",
        tags: ["repaircafe", "hardware", "soldering"],
        category: "DIY_MAKER_SPACES",
        capacity: 25,
      },
      {
        ...common,
        title: "Sunset networking on the roof deck",
        description: "Meet the members of the Cantine over drinks on the roof deck. Bring business cards, or better, a project.",
        startsAt: d.at(d.next("FR", 3), "17:30"),
        endsAt: d.at(d.next("FR", 3), "19:30"),
        location: here("Roof deck"),
        organizer: "The Cantine San Francisco",
        tags: ["networking", "community"],
        category: "NETWORKING",
        cancel: true,
      },
    ],
    projects: [
      {
        title: "Open Venue Kit",
        summary:
          "An open-source toolkit for community venues — room booking, door access, member billing and an event calendar " +
          "that federates — piloted in San Francisco and Barcelona.",
        description:
          "Every cantine rebuilds the same tools. Open Venue Kit packages what the San Francisco and Barcelona teams use " +
          "every day so that a new venue can open with them on day one.",
        stage: "prototype",
        lookingFor: ["skills", "users", "partners"],
        cities: ["San Francisco", "Barcelona"],
        tags: ["opensource", "venues", "fediverse"],
        links: [{ name: "Project page", url: `${site}/projects/open-venue-kit` }],
        contact: "openvenuekit@sf.cantine.example",
        language: "en",
      },
    ],
  };
}

export const sf: DemoCity = { venue, programme };
