import type { Messages } from "./en.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { pt } from "./pt.ts";

export type { Messages } from "./en.ts";

/** The interface languages of the network's four cities. */
export const LOCALES = ["fr", "en", "es", "pt"] as const;
export type Locale = (typeof LOCALES)[number];

export const messages: Record<Locale, Messages> = { fr, en, es, pt };

/** Each language under its own name, for the switch. */
export const languageNames: Record<Locale, string> = { fr: "Français", en: "English", es: "Español", pt: "Português" };

/** The locale handed to `Intl`: the variant spoken in the network's cities. */
export const intlLocale: Record<Locale, string> = { fr: "fr-FR", en: "en-GB", es: "es-ES", pt: "pt-BR" };

export function asLocale(tag: string | null | undefined): Locale | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(primary ?? "") ? (primary as Locale) : null;
}

/** Best of our languages for an `Accept-Language` header (RFC 9110 §12.5.4 q-values), or null. */
export function fromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { locale: asLocale(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.locale && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.locale ?? null;
}
