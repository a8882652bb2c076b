import type { Locale } from "./index.ts";

/** The words of the replies section and counters under an event or a project. */
export type ConversationMessages = Readonly<{
  title: string;
  interested: (n: number) => string;
  shared: (n: number) => string;
  replies: (n: number) => string;
  noReplies: string;
  howToReply: string;
  avatarOf: (name: string) => string;
  original: string;
}>;

const en: ConversationMessages = {
  title: "Conversation",
  interested: (n) => `${n} interested`,
  shared: (n) => (n === 1 ? "shared once" : `shared ${n} times`),
  replies: (n) => (n === 1 ? "1 reply" : `${n} replies`),
  noReplies: "No reply yet.",
  howToReply: "Reply from Mastodon or any fediverse app: search for this page's address there and answer it.",
  avatarOf: (name) => `Avatar of ${name}`,
  original: "on their server",
};

const fr: ConversationMessages = {
  title: "Conversation",
  interested: (n) => (n <= 1 ? `${n} intéressé·e` : `${n} intéressé·es`),
  shared: (n) => `partagé ${n} fois`,
  replies: (n) => (n <= 1 ? `${n} réponse` : `${n} réponses`),
  noReplies: "Pas encore de réponse.",
  howToReply: "Répondez depuis Mastodon ou toute application du fédivers : cherchez-y l’adresse de cette page et répondez.",
  avatarOf: (name) => `Avatar de ${name}`,
  original: "sur son serveur",
};

const es: ConversationMessages = {
  title: "Conversación",
  interested: (n) => (n === 1 ? "1 persona interesada" : `${n} personas interesadas`),
  shared: (n) => (n === 1 ? "compartido 1 vez" : `compartido ${n} veces`),
  replies: (n) => (n === 1 ? "1 respuesta" : `${n} respuestas`),
  noReplies: "Aún no hay respuestas.",
  howToReply: "Responde desde Mastodon o cualquier aplicación del fediverso: busca allí la dirección de esta página y respóndela.",
  avatarOf: (name) => `Avatar de ${name}`,
  original: "en su servidor",
};

const pt: ConversationMessages = {
  title: "Conversa",
  interested: (n) => (n === 1 ? "1 pessoa interessada" : `${n} pessoas interessadas`),
  shared: (n) => (n === 1 ? "compartilhado 1 vez" : `compartilhado ${n} vezes`),
  replies: (n) => (n === 1 ? "1 resposta" : `${n} respostas`),
  noReplies: "Ainda não há respostas.",
  howToReply: "Responda pelo Mastodon ou por qualquer aplicativo do fediverso: procure lá o endereço desta página e responda.",
  avatarOf: (name) => `Avatar de ${name}`,
  original: "no servidor de origem",
};

export const conversationMessages: Record<Locale, ConversationMessages> = { en, fr, es, pt };
