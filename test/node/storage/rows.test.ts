import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { iso, ms } from "../../../node/storage/rows.ts";

describe("instants as stored rows spell them", () => {
  it("spells an instant exactly as Temporal.Instant#toString does, fractions and far years included", () => {
    // Years -271821 to 275760: the whole range of Date and of Temporal.Instant.
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (epochMs) => {
        expect(iso(epochMs)).toBe(Temporal.Instant.fromEpochMilliseconds(epochMs).toString());
      }),
      { numRuns: 5_000 },
    );
    for (const epochMs of [0, 1, 10, 100, 120, 500, 999, -1, -1000, Date.UTC(2026, 11, 8, 18), Date.UTC(2026, 11, 8, 18, 0, 0, 50)])
      expect(iso(epochMs)).toBe(Temporal.Instant.fromEpochMilliseconds(epochMs).toString());
  });

  it("reads back what it spells", () => {
    fc.assert(fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (epochMs) => expect(ms(iso(epochMs))).toBe(epochMs)));
    expect(iso(Date.UTC(2026, 11, 8, 18))).toBe("2026-12-08T18:00:00Z");
    expect(iso(Date.UTC(2026, 11, 8, 18, 0, 0, 500))).toBe("2026-12-08T18:00:00.5Z");
  });
});
