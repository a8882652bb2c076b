// La Cantine Paris, Passage des Panoramas: the venue the project was born from.

import type { DemoCity, DemoVenue, Programme } from "../programme.ts";
import { Days } from "../programme.ts";

const venue: DemoVenue = {
  slug: "paris",
  name: "La Cantine Paris",
  city: "Paris",
  country: "FR",
  timezone: "Europe/Paris",
  locale: "fr",
  address: "151 rue Montmartre, Passage des Panoramas, 75002 Paris",
  summary:
    "Premier espace de travail collaboratif en réseau d'Île-de-France, au cœur du Passage des Panoramas : " +
    "à la fois un labo, un cluster, une école et un lieu de rencontre où l'on peut boire un café. " +
    "Rencontres publiques chaque soir, reliées aux cantines de San Francisco, Barcelone et São Paulo.",
  website: "https://paris.cantine.example",
  lat: 48.8712,
  lon: 2.342,
};

const site = "https://paris.cantine.example";
const here = (room: string) => ({ name: venue.name, address: venue.address, room, lat: venue.lat, lon: venue.lon });
const common = { timezone: venue.timezone, language: "fr" } as const;

function programme(today: Temporal.PlainDate): Programme {
  const d = new Days(today);
  const tuesday = d.next("TU");
  return {
    events: [
      {
        ...common,
        title: "Mardi du libre : atelier de contributions open source",
        description:
          "Chaque mardi, on apporte son ordinateur et on contribue ensemble à des logiciels libres : " +
          "traductions, documentation, premiers correctifs.\n\n" +
          "- accueil et café à 19 h\n- binômes débutants / habitués\n- tour de table des contributions à 21 h",
        startsAt: d.at(tuesday, "19:00"),
        endsAt: d.at(tuesday, "21:30"),
        recurrence: "FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        location: here("L'Atelier"),
        organizer: "La Cantine Paris",
        tags: ["logiciellibre", "opensource", "atelier"],
        category: "WORKSHOPS_SKILL_SHARING",
        capacity: 30,
      },
      {
        ...common,
        title: "Les Dames de la Cantine : déjouer les inégalités femmes-hommes dans les sciences et le numérique",
        description:
          "Table ronde organisée par **Les Dames de la Cantine** avec une chercheuse en informatique, " +
          "une fondatrice de start-up et une enseignante de lycée : pourquoi si peu de femmes dans les métiers " +
          "techniques, et qu'est-ce qui marche vraiment pour que cela change ?\n\nÉchange avec la salle puis apéritif.",
        startsAt: d.at(d.next("TH"), "19:00"),
        endsAt: d.at(d.next("TH"), "21:00"),
        location: here("Grande salle"),
        organizer: "Les Dames de la Cantine",
        tags: ["égalité", "femmesdunumérique", "sciences"],
        category: "SCIENCE_TECH",
        registrationUrl: `${site}/inscription/dames-de-la-cantine-table-ronde`,
      },
      {
        ...common,
        title: "FING — Villes 2.0 : l'internet mobile dans la ville de demain",
        description:
          "La Fondation Internet Nouvelle Génération présente les premiers résultats de son programme **Villes 2.0** : " +
          "quels services et quels usages de l'internet mobile dans la ville de demain ?\n\n" +
          "Sur place ou en direct sur le site de la Cantine.",
        startsAt: d.at(d.next("WE", 1), "19:00"),
        endsAt: d.at(d.next("WE", 1), "21:00"),
        location: { ...here("Grande salle"), url: `${site}/direct/villes-2-0` },
        organizer: "Fondation Internet Nouvelle Génération (FING)",
        tags: ["villes20", "mobilité", "prospective"],
        category: "SCIENCE_TECH",
        registrationUrl: `${site}/inscription/fing-villes-2-0`,
      },
      {
        ...common,
        title: "Silicon Sentier — Quartier Numérique : rencontre PME innovantes et entreprises traditionnelles",
        description:
          "Les entrepreneurs de **Silicon Sentier** invitent des PME-PMI plus traditionnelles du quartier : " +
          "dix minutes pour présenter un besoin, dix minutes pour imaginer un projet commun. " +
          "« Pour progresser, nous devons être solidaires et développer des projets communs. »",
        startsAt: d.at(d.next("TH", 2), "18:30"),
        endsAt: d.at(d.next("TH", 2), "21:00"),
        location: here("Grande salle"),
        organizer: "Silicon Sentier",
        tags: ["siliconsentier", "quartiernumérique", "pme"],
        category: "BUSINESS",
        capacity: 80,
        registrationUrl: `${site}/inscription/quartier-numerique`,
      },
      {
        ...common,
        title: "Soirée pitch : huit projets, trois minutes chacun",
        description:
          "Huit porteurs de projets de la Cantine présentent une invention, une expérimentation ou une entreprise naissante, " +
          "et disent ce qu'ils cherchent : compétences, partenaires, financement. Vote du public et buffet.",
        startsAt: d.at(d.next("WE", 3), "19:00"),
        endsAt: d.at(d.next("WE", 3), "22:00"),
        location: here("Grande salle"),
        organizer: "La Cantine Paris",
        tags: ["pitch", "projets", "entrepreneuriat"],
        category: "NETWORKING",
        capacity: 120,
        registrationUrl: `${site}/inscription/soiree-pitch`,
      },
      {
        ...common,
        title: "Présentation de recherche : les métamorphoses du travail au XXIe siècle",
        description:
          "Une équipe de sociologues présente une enquête de deux ans dans les espaces de travail partagés d'Île-de-France : " +
          "qui y travaille, comment on y coopère, ce que cela change aux métiers. Discussion ouverte aux passants.",
        startsAt: d.at(d.next("MO", 1), "19:00"),
        endsAt: d.at(d.next("MO", 1), "20:30"),
        location: here("Salle des Panoramas"),
        organizer: "Laboratoire de prospective citoyenne",
        tags: ["recherche", "prospective", "travail"],
        category: "SCIENCE_TECH",
      },
      {
        ...common,
        title: "Réseau mondial des cantines : point d'étape en ligne avec San Francisco, Barcelone et São Paulo",
        description:
          "Une heure en visio avec les équipes des quatre cantines : projets communs, résidences croisées, " +
          "programme des prochains mois. Échanges en français et en anglais.",
        startsAt: d.at(d.next("FR", 1), "18:00"),
        endsAt: d.at(d.next("FR", 1), "19:00"),
        location: { name: "En ligne", url: `${site}/visio/reseau-mondial` },
        organizer: "La Cantine Paris",
        tags: ["réseaumondial", "cantines", "international"],
        category: "COMMUNITY",
      },
      {
        ...common,
        title: "Passerelles arts et technologies : performance audiovisuelle générative",
        description:
          "Deux artistes en résidence à la Cantine jouent en direct une pièce écrite en code : images et sons générés " +
          "par des programmes libres, projetés sur la verrière du passage.",
        startsAt: d.at(d.next("FR", 2), "20:00"),
        endsAt: d.at(d.next("FR", 2), "22:30"),
        location: here("Grande salle"),
        organizer: "Collectif Panoramas numériques",
        tags: ["artnumérique", "creativecoding", "performance"],
        category: "PERFORMING_VISUAL_ARTS",
        capacity: 90,
      },
      {
        ...common,
        title: "Atelier cartographie ouverte des passages couverts",
        description:
          "Relevé collectif des boutiques, des accès et des horaires des passages Panoramas, Jouffroy et Verdeau " +
          "dans OpenStreetMap. Aucune connaissance préalable nécessaire.",
        startsAt: d.at(d.next("SA", 1), "14:00"),
        endsAt: d.at(d.next("SA", 1), "17:00"),
        location: here("L'Atelier"),
        organizer: "Cartographes des Passages",
        tags: ["openstreetmap", "cartographie", "passages"],
        category: "WORKSHOPS_SKILL_SHARING",
        cancel: true,
      },
      {
        ...common,
        title: "Journée portes ouvertes de la Cantine",
        description:
          "Toute la journée, visite de l'espace, rencontre avec les résidents et les associations, " + "démonstrations des projets en cours. Entrée libre.",
        startsAt: d.next("SA", 3).toString(),
        location: here("Tout l'espace"),
        organizer: "La Cantine Paris",
        tags: ["portesouvertes", "coworking"],
        category: "COMMUNITY",
      },
    ],
    projects: [
      {
        title: "Passerelle Paris–São Paulo : résidences croisées de makers",
        summary:
          "Deux makers de la Cantine partent trois mois à São Paulo, deux makers paulistanos viennent au Passage des Panoramas : " +
          "fabriquer ensemble, documenter en libre, revenir avec un réseau.",
        description:
          "Première étape du réseau mondial des cantines numériques.\n\n" +
          "- appel à candidatures commun aux deux cantines\n- ateliers ouverts au public pendant chaque résidence\n" +
          "- tout est documenté sous licence libre",
        stage: "prototype",
        lookingFor: ["partners", "funding", "space"],
        cities: ["Paris", "São Paulo"],
        tags: ["makers", "résidence", "international"],
        links: [{ name: "Dossier du projet", url: `${site}/projets/passerelle-paris-sao-paulo` }],
        contact: "passerelle@paris.cantine.example",
        language: "fr",
      },
      {
        title: "Carte sensible du quartier des Passages",
        summary:
          "Dans le cadre de Villes 2.0, une carte participative du quartier : lieux, usages, souvenirs et besoins des habitants, " +
          "consultable depuis un téléphone dans la rue.",
        stage: "idea",
        lookingFor: ["skills", "volunteers", "users"],
        cities: ["Paris"],
        tags: ["villes20", "cartographie", "opendata"],
        contact: "villes20@paris.cantine.example",
        language: "fr",
      },
    ],
  };
}

export const paris: DemoCity = { venue, programme };
