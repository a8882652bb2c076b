import { adminEn } from "./en.ts";
import type { AdminMessages } from "./en.ts";

export const adminPt: AdminMessages = { ...adminEn };
