/** Small conversions shared by the stores: instants ↔ epoch ms, optional JSON columns. */
export function ms(instant: string): number {
  const value = Date.parse(instant);
  if (Number.isNaN(value)) throw new TypeError(`not an instant: ${instant}`);
  return value;
}

/**
 * The same spelling as Temporal.Instant#toString (no ".000", trailing zeros of a fraction left
 * out): one spelling of an instant everywhere. Through Date, which is several times cheaper than
 * the Temporal polyfill, and every read of a calendar page or feed spells each of its events' times.
 */
export function iso(epochMs: number): string {
  const text = new Date(epochMs).toISOString(); // …T10:00:00.000Z, or ±YYYYYY-… outside years 0–9999
  if (epochMs % 1000 === 0) return `${text.slice(0, -5)}Z`;
  return text.replace(/0{1,2}Z$/, "Z");
}

export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
