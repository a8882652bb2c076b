/** Small conversions shared by the stores: instants ↔ epoch ms, optional JSON columns. */
export function ms(instant: string): number {
  const value = Date.parse(instant);
  if (Number.isNaN(value)) throw new TypeError(`not an instant: ${instant}`);
  return value;
}

export function iso(epochMs: number): string {
  // The same form as Temporal.Instant#toString (no trailing .000): one spelling of an instant everywhere.
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toString();
}

export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
