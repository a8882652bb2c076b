// La Cantina Barcelona, in Poblenou: programme in Catalan and Spanish.

import type { DemoCity, DemoVenue, Programme } from "../programme.ts";
import { Days } from "../programme.ts";

const venue: DemoVenue = {
  slug: "barcelona",
  name: "La Cantina Barcelona",
  city: "Barcelona",
  country: "ES",
  timezone: "Europe/Madrid",
  locale: "es",
  address: "Carrer de Pere IV, 58, 22@ Poblenou, 08005 Barcelona",
  summary:
    "Espacio de coworking y de eventos en el Poblenou, hermano de La Cantine de París: charlas, talleres y " +
    "proyectos en catalán, castellano e inglés, en red con San Francisco y São Paulo.",
  website: "https://barcelona.cantine.example",
  lat: 41.3989,
  lon: 2.1937,
};

const site = "https://barcelona.cantine.example";
const here = (room: string) => ({ name: venue.name, address: venue.address, room, lat: venue.lat, lon: venue.lon });
const catalan = { timezone: venue.timezone, language: "ca" } as const;
const spanish = { timezone: venue.timezone, language: "es" } as const;

function programme(today: Temporal.PlainDate): Programme {
  const d = new Days(today);
  const tuesday = d.next("TU");
  return {
    events: [
      {
        ...catalan,
        title: "Dimarts de codi obert",
        description:
          "Cada dimarts, trobada per contribuir a projectes de programari lliure: traduccions al català, documentació, " +
          "primeres correccions. Porteu l'ordinador; hi haurà cafè i galetes.",
        startsAt: d.at(tuesday, "19:00"),
        endsAt: d.at(tuesday, "21:30"),
        recurrence: "FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        location: here("Sala Taller"),
        organizer: "La Cantina Barcelona",
        tags: ["programarilliure", "codiobert", "català"],
        category: "WORKSHOPS_SKILL_SHARING",
        capacity: 30,
      },
      {
        ...catalan,
        title: "Dones i Tecnologia BCN: trobada i xerrades llampec",
        description:
          "Cinc xerrades de cinc minuts de dones que treballen en ciència i tecnologia a Barcelona, i després conversa " +
          "oberta sobre com trencar el sostre de vidre al sector.",
        startsAt: d.at(d.next("WE"), "19:00"),
        endsAt: d.at(d.next("WE"), "21:00"),
        location: here("Sala Gran"),
        organizer: "Dones i Tecnologia BCN",
        tags: ["dones", "tecnologia", "igualtat"],
        category: "NETWORKING",
        registrationUrl: `${site}/inscripcio/dones-i-tecnologia`,
      },
      {
        ...catalan,
        title: "Superilles i dades obertes: com mesurem la ciutat?",
        description:
          "El Col·lectiu Ciutat Oberta presenta els sensors de soroll i de qualitat de l'aire instal·lats a les superilles " +
          "del Poblenou, i com les dades obertes han canviat el debat veïnal. Presencial i en directe.",
        startsAt: d.at(d.next("TH", 1), "19:00"),
        endsAt: d.at(d.next("TH", 1), "21:00"),
        location: { ...here("Sala Gran"), url: `${site}/directe/superilles-dades-obertes` },
        organizer: "Col·lectiu Ciutat Oberta",
        tags: ["superilles", "dadesobertes", "ciutat"],
        category: "SCIENCE_TECH",
        registrationUrl: `${site}/inscripcio/superilles-dades-obertes`,
      },
      {
        ...spanish,
        title: "Noche de pitch: proyectos del Poblenou",
        description:
          "Ocho proyectos nacidos en el barrio presentan su idea en tres minutos y cuentan qué buscan: socios, " +
          "financiación, espacio o talento. Votación del público y vermut.",
        startsAt: d.at(d.next("TH", 3), "19:30"),
        endsAt: d.at(d.next("TH", 3), "22:00"),
        location: here("Sala Gran"),
        organizer: "La Cantina Barcelona",
        tags: ["pitch", "emprendimiento", "poblenou"],
        category: "BUSINESS",
        capacity: 90,
        registrationUrl: `${site}/inscripcio/noche-de-pitch`,
      },
      {
        ...spanish,
        title: "Charla: soberanía tecnológica y software libre en la administración pública",
        description:
          "Cómo una ciudad puede recuperar el control de sus datos y de sus herramientas: migraciones a software libre, " +
          "compra pública, y lo que se aprendió por el camino. Con responsables técnicos de dos ayuntamientos.",
        startsAt: d.at(d.next("MO", 1), "19:00"),
        endsAt: d.at(d.next("MO", 1), "20:30"),
        location: here("Aula Pere IV"),
        organizer: "Xarxa de Programari Lliure",
        tags: ["soberaníatecnológica", "softwarelibre", "administraciónpública"],
        category: "SCIENCE_TECH",
      },
      {
        ...spanish,
        title: "Taller en línea: publica la agenda de tu asociación en el fediverso",
        description:
          "Taller práctico por videoconferencia: crear una cuenta para tu asociación, publicar eventos que se vean bien " +
          "en Mastodon y seguir la agenda de otros espacios.",
        startsAt: d.at(d.next("WE", 2), "18:00"),
        endsAt: d.at(d.next("WE", 2), "19:30"),
        location: { name: "En línea", url: `${site}/en-linea/agenda-fediverso` },
        organizer: "La Cantina Barcelona",
        tags: ["fediverso", "mastodon", "asociaciones"],
        category: "WORKSHOPS_SKILL_SHARING",
      },
      {
        ...spanish,
        title: "Fab Poblenou: taller de impresión 3D para principiantes",
        description: "De un modelo libre a una pieza impresa en tres horas: diseño, laminado e impresión. Plazas limitadas.",
        startsAt: d.at(d.next("SA", 1), "11:00"),
        endsAt: d.at(d.next("SA", 1), "14:00"),
        location: here("Fab Lab"),
        organizer: "Associació Fab Poblenou",
        tags: ["impresión3d", "fablab", "maker"],
        category: "DIY_MAKER_SPACES",
        capacity: 15,
        registrationUrl: `${site}/inscripcio/impresion-3d`,
      },
      {
        ...catalan,
        title: "Vermut de networking",
        description: "Vermut i conversa entre els membres de la Cantina i els veïns del Poblenou, a la terrassa.",
        startsAt: d.at(d.next("SU", 2), "12:00"),
        endsAt: d.at(d.next("SU", 2), "14:00"),
        location: here("Terrassa"),
        organizer: "La Cantina Barcelona",
        tags: ["vermut", "networking", "poblenou"],
        category: "NETWORKING",
        cancel: true,
      },
    ],
    projects: [
      {
        title: "Sensors de barri: qualitat de l'aire a les superilles",
        summary:
          "Una xarxa de sensors de baix cost, construïts i mantinguts pels veïns, que publica en obert la qualitat de l'aire " +
          "i el soroll de les superilles del Poblenou.",
        description:
          "Ja hi ha 12 sensors instal·lats. Busquem voluntaris per muntar-ne 40 més i socis per fer-ne una versió per a " +
          "altres ciutats de la xarxa de cantines.",
        stage: "prototype",
        lookingFor: ["volunteers", "funding", "partners"],
        cities: ["Barcelona"],
        tags: ["superilles", "qualitatdelaire", "dadesobertes"],
        links: [{ name: "Pàgina del projecte", url: `${site}/projectes/sensors-de-barri` }],
        contact: "sensors@barcelona.cantine.example",
        language: "ca",
      },
    ],
  };
}

export const barcelona: DemoCity = { venue, programme };
