// A Cantina São Paulo, on Rua Augusta: programme in Portuguese.

import type { DemoCity, DemoVenue, Programme } from "../programme.ts";
import { Days } from "../programme.ts";

const venue: DemoVenue = {
  slug: "saopaulo",
  name: "A Cantina São Paulo",
  city: "São Paulo",
  country: "BR",
  timezone: "America/Sao_Paulo",
  locale: "pt",
  address: "Rua Augusta, 1508 — Consolação, São Paulo — SP, 01304-001",
  summary:
    "Espaço de coworking e de eventos na Rua Augusta, irmão de La Cantine Paris: palestras, oficinas e projetos " +
    "em rede com Paris, San Francisco e Barcelona.",
  website: "https://saopaulo.cantine.example",
  lat: -23.5577,
  lon: -46.6602,
};

const site = "https://saopaulo.cantine.example";
const here = (room: string) => ({ name: venue.name, address: venue.address, room, lat: venue.lat, lon: venue.lon });
const common = { timezone: venue.timezone, language: "pt" } as const;

function programme(today: Temporal.PlainDate): Programme {
  const d = new Days(today);
  const wednesday = d.next("WE");
  return {
    events: [
      {
        ...common,
        title: "Quarta do Código Aberto",
        description:
          "Toda quarta-feira, mutirão de contribuições para projetos de software livre: tradução para o português, " +
          "documentação, primeiras correções. Traga seu computador; o café é por nossa conta.",
        startsAt: d.at(wednesday, "19:30"),
        endsAt: d.at(wednesday, "22:00"),
        recurrence: "FREQ=WEEKLY;BYDAY=WE;COUNT=6",
        location: here("Oficina"),
        organizer: "A Cantina São Paulo",
        tags: ["softwarelivre", "códigoaberto", "mutirão"],
        category: "WORKSHOPS_SKILL_SHARING",
        capacity: 35,
      },
      {
        ...common,
        title: "Mulheres na Tecnologia SP: roda de conversa e mentorias",
        description:
          "Roda de conversa com desenvolvedoras, pesquisadoras e fundadoras, seguida de mentorias em pequenos grupos " + "para quem está começando na área.",
        startsAt: d.at(d.next("TU"), "19:00"),
        endsAt: d.at(d.next("TU"), "21:00"),
        location: here("Salão Augusta"),
        organizer: "Coletivo Mulheres na Tecnologia SP",
        tags: ["mulheresnatecnologia", "mentoria", "diversidade"],
        category: "NETWORKING",
        registrationUrl: `${site}/inscricao/mulheres-na-tecnologia`,
      },
      {
        ...common,
        title: "Cidades Digitais: dados abertos e mobilidade em São Paulo",
        description:
          "A Rede Cidades Digitais apresenta um painel feito com os dados abertos de ônibus e ciclovias da cidade " +
          "e discute o que eles revelam sobre as desigualdades de deslocamento. Presencial e com transmissão ao vivo.",
        startsAt: d.at(d.next("TH", 1), "19:30"),
        endsAt: d.at(d.next("TH", 1), "21:30"),
        location: { ...here("Salão Augusta"), url: `${site}/ao-vivo/cidades-digitais-mobilidade` },
        organizer: "Rede Cidades Digitais",
        tags: ["dadosabertos", "mobilidade", "cidadesdigitais"],
        category: "SCIENCE_TECH",
        registrationUrl: `${site}/inscricao/cidades-digitais`,
      },
      {
        ...common,
        title: "Noite de pitch: projetos de impacto social",
        description:
          "Oito projetos de impacto social apresentam suas ideias em três minutos e contam do que precisam: parceiros, " +
          "financiamento, voluntários. Votação do público e confraternização.",
        startsAt: d.at(d.next("TH", 3), "19:00"),
        endsAt: d.at(d.next("TH", 3), "22:00"),
        location: here("Salão Augusta"),
        organizer: "Associação Paulista de Startups Sociais",
        tags: ["pitch", "impactosocial", "empreendedorismo"],
        category: "BUSINESS",
        capacity: 120,
        registrationUrl: `${site}/inscricao/noite-de-pitch`,
      },
      {
        ...common,
        title: "Palestra: economia criativa e cultura digital nas periferias",
        description:
          "Produtoras culturais da zona leste e da zona sul contam como estúdios comunitários, rádios online e " +
          "coletivos de games estão criando renda e novas redes nas periferias da cidade.",
        startsAt: d.at(d.next("MO", 1), "19:30"),
        endsAt: d.at(d.next("MO", 1), "21:00"),
        location: here("Sala Consolação"),
        organizer: "A Cantina São Paulo",
        tags: ["economiacriativa", "culturadigital", "periferia"],
        category: "COMMUNITY",
      },
      {
        ...common,
        title: "Encontro online: rede mundial das cantinas",
        description:
          "Uma hora por videoconferência com as equipes de Paris, San Francisco e Barcelona: projetos comuns, " +
          "residências cruzadas e a agenda dos próximos meses. Em português, francês e inglês.",
        startsAt: d.at(d.next("FR", 1), "13:00"),
        endsAt: d.at(d.next("FR", 1), "14:00"),
        location: { name: "Online", url: `${site}/online/rede-mundial` },
        organizer: "A Cantina São Paulo",
        tags: ["redemundial", "cantinas", "internacional"],
        category: "COMMUNITY",
      },
      {
        ...common,
        title: "Oficina de eletrônica livre: Arduino para iniciantes",
        description: "Do LED que pisca ao sensor de umidade: quatro horas de prática com placas livres. Material fornecido.",
        startsAt: d.at(d.next("SA", 1), "14:00"),
        endsAt: d.at(d.next("SA", 1), "18:00"),
        location: here("Oficina"),
        organizer: "Coletivo Hacker Paulistano",
        tags: ["arduino", "eletrônica", "maker"],
        category: "DIY_MAKER_SPACES",
        capacity: 20,
        registrationUrl: `${site}/inscricao/arduino-iniciantes`,
      },
      {
        ...common,
        title: "Sarau digital: poesia e código",
        description: "Poetas e programadoras leem e projetam textos gerados, remixados e escritos ao vivo. Microfone aberto no fim.",
        startsAt: d.at(d.next("FR", 2), "20:00"),
        endsAt: d.at(d.next("FR", 2), "23:00"),
        location: here("Salão Augusta"),
        organizer: "A Cantina São Paulo",
        tags: ["sarau", "poesia", "artedigital"],
        category: "PERFORMING_VISUAL_ARTS",
        cancel: true,
      },
    ],
    projects: [
      {
        title: "Mapa aberto das feiras livres",
        summary:
          "Um mapa colaborativo das mais de 800 feiras livres de São Paulo — dias, horários, bancas e acessibilidade — " +
          "mantido por feirantes e frequentadores, com dados abertos.",
        stage: "launched",
        lookingFor: ["users", "volunteers"],
        cities: ["São Paulo"],
        tags: ["feiraslivres", "dadosabertos", "mapa"],
        links: [{ name: "Página do projeto", url: `${site}/projetos/mapa-das-feiras` }],
        contact: "feiras@saopaulo.cantine.example",
        language: "pt",
      },
      {
        title: "Ponte São Paulo–Paris: laboratório de reparo em rede",
        summary:
          "Oficinas de reparo comunitário em São Paulo e em Paris que compartilham guias, peças e ferramentas livres, " +
          "e recebem makers da outra cidade em residência.",
        stage: "idea",
        lookingFor: ["partners", "funding", "mentoring"],
        cities: ["São Paulo", "Paris"],
        tags: ["reparo", "makers", "internacional"],
        contact: "ponte@saopaulo.cantine.example",
        language: "pt",
      },
    ],
  };
}

export const saopaulo: DemoCity = { venue, programme };
