// Our answers to people taking part in our events, as ActivityStreams: Accept, Reject or Ignore
// of the activity they sent (Mobilizon's Join, Friendica's Accept of the event…), embedded with
// ids only, as Mobilizon matches the answer to the participation by the Join's id. A Reject that
// is not a plain refusal says why in `content`, in the venue's language.

import type { Activity } from "@fedify/vocab";
import { Accept, Ignore, Join, Reject, TentativeAccept } from "@fedify/vocab";
import type { CantineEvent } from "../../node/domain/events/event.ts";
import type { Answer, AnswerActivityType } from "../../node/domain/participation/participant.ts";
import type { AnswerTarget } from "../../node/domain/participation/ports.ts";
import { escapeHtml } from "../../node/domain/text.ts";

type Lang = "en" | "fr" | "es" | "pt";

type Texts = {
  waitlist(title: string, position: number): string;
  refuse(title: string): string;
  external(title: string, link: string): string;
};

/** `title` arrives escaped, `link` as an HTML link. */
const TEXTS: Record<Lang, Texts> = {
  en: {
    waitlist: (title, n) => `“${title}” is full: you are number ${n} on the waiting list. An Accept will follow if a place frees up.`,
    refuse: (title) => `Your request to take part in “${title}” was not accepted.`,
    external: (title, link) => `Registration for “${title}” happens at ${link}.`,
  },
  fr: {
    waitlist: (title, n) => `« ${title} » est complet : vous êtes n° ${n} sur la liste d’attente. Un Accept suivra si une place se libère.`,
    refuse: (title) => `Votre demande de participation à « ${title} » n’a pas été acceptée.`,
    external: (title, link) => `L’inscription à « ${title} » se fait sur ${link}.`,
  },
  es: {
    waitlist: (title, n) => `«${title}» está completo: eres el número ${n} de la lista de espera. Llegará un Accept si se libera una plaza.`,
    refuse: (title) => `Tu solicitud para participar en «${title}» no fue aceptada.`,
    external: (title, link) => `La inscripción a «${title}» se hace en ${link}.`,
  },
  pt: {
    waitlist: (title, n) => `“${title}” está lotado: você é o número ${n} da lista de espera. Um Accept virá se uma vaga for liberada.`,
    refuse: (title) => `Seu pedido para participar de “${title}” não foi aceito.`,
    external: (title, link) => `A inscrição em “${title}” é feita em ${link}.`,
  },
};

function textsFor(locale: string): Texts {
  const lang = locale.slice(0, 2).toLowerCase();
  return lang in TEXTS ? TEXTS[lang as Lang] : TEXTS.en;
}

const ANSWERED: Record<AnswerActivityType, typeof Join | typeof Accept | typeof TentativeAccept | typeof Reject> = {
  Join,
  Accept,
  TentativeAccept,
  Reject,
};

/** The activity a person sent, by its id, actor and object only. */
function answeredActivity(target: AnswerTarget, event: CantineEvent): Activity {
  const Type = ANSWERED[target.activityType];
  return new Type({ id: new URL(target.activityId), actor: new URL(target.actorId), object: new URL(event.apId) });
}

/** The `content` of a Reject that needs a word (full, refused, registration elsewhere), as HTML. */
function answerContent(answer: Answer, event: CantineEvent, locale: string): string | null {
  const texts = textsFor(locale);
  const title = escapeHtml(event.title);
  if (answer.kind === "waitlist") return `<p>${texts.waitlist(title, answer.position)}</p>`;
  if (answer.kind === "refuse") return `<p>${texts.refuse(title)}</p>`;
  if (answer.kind === "external") {
    const url = escapeHtml(answer.url);
    return `<p>${texts.external(title, `<a href="${url}">${url}</a>`)}</p>`;
  }
  return null;
}

/**
 * Our answer: Accept (a place), Reject (full: waiting list; refused; registration at a link, also
 * given as `url`) or Ignore (no participation taken here), addressed to the person.
 */
export function toAnswerActivity(
  values: Readonly<{ id: URL; actor: URL; event: CantineEvent; target: AnswerTarget; answer: Answer; locale: string }>,
): Activity {
  const { id, actor, event, target, answer } = values;
  const common = { id, actor, object: answeredActivity(target, event), tos: [new URL(target.actorId)] };
  if (answer.kind === "accept") return new Accept(common);
  if (answer.kind === "ignore") return new Ignore(common);
  const content = answerContent(answer, event, values.locale);
  return new Reject({
    ...common,
    ...(content ? { content } : {}),
    ...(answer.kind === "external" ? { url: new URL(answer.url) } : {}),
  });
}
