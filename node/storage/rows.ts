/** Small conversions shared by the stores: instants ↔ epoch ms, optional JSON columns. */
import { instantText } from "../domain/time.ts";

export function ms(instant: string): number {
  const value = Date.parse(instant);
  if (Number.isNaN(value)) throw new TypeError(`not an instant: ${instant}`);
  return value;
}

/** One spelling of an instant everywhere: Temporal.Instant#toString's (node/domain/time.ts). */
export const iso = instantText;

export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
