import type { Locale } from "../../i18n/index.ts";
import type { AdminMessages } from "./en.ts";
import { adminEn } from "./en.ts";
import { adminEs } from "./es.ts";
import { adminFr } from "./fr.ts";
import { adminPt } from "./pt.ts";

export type { AdminMessages } from "./en.ts";

export const adminMessages: Record<Locale, AdminMessages> = { en: adminEn, fr: adminFr, es: adminEs, pt: adminPt };
