import { adminEn } from "./en.ts";
import type { AdminMessages } from "./en.ts";

export const adminEs: AdminMessages = { ...adminEn };
