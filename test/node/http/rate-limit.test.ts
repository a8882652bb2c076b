import { describe, expect, it } from "@jest/globals";
import { createInboxGate, HostBudgets, InFlight, senderHost } from "../../../node/http/activitypub/rate-limit.ts";

const MINUTE = 60_000;
const MB = 1024 * 1024;

/** A clock the test moves by hand (any starting value: nothing depends on today's date). */
function manualClock(start = 5_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("HostBudgets", () => {
  it("lets a host spend a minute's requests at once, then refuses and says when one is earned back", () => {
    const clock = manualClock();
    const budgets = new HostBudgets({ requestsPerMinute: 20, bytesPerMinute: 5 * MB }, { now: clock.now });
    for (let i = 0; i < 20; i++) expect(budgets.spend("a.example", 100)).toEqual({ ok: true });
    const refused = budgets.spend("a.example", 100);
    expect(refused).toEqual({ ok: false, retryAfterMs: 3_000, reason: "too many inbox requests from a.example: at most 20 per minute" });
    clock.advance(2_999);
    expect(budgets.spend("a.example", 100).ok).toBe(false);
    clock.advance(1);
    expect(budgets.spend("a.example", 100).ok).toBe(true); // one earned back every 3 s
    expect(budgets.spend("a.example", 100).ok).toBe(false);
  });

  it("refused requests cost nothing, and a quiet minute refills the whole budget (no more)", () => {
    const clock = manualClock();
    const budgets = new HostBudgets({ requestsPerMinute: 3, bytesPerMinute: 5 * MB }, { now: clock.now });
    for (let i = 0; i < 50; i++) budgets.spend("a.example", 0);
    clock.advance(10 * MINUTE);
    const spent = Array.from({ length: 5 }, () => budgets.spend("a.example", 0).ok);
    expect(spent).toEqual([true, true, true, false, false]);
  });

  it("counts bytes too, and another host has its own budget", () => {
    const clock = manualClock();
    const budgets = new HostBudgets({ requestsPerMinute: 300, bytesPerMinute: 2 * MB }, { now: clock.now });
    expect(budgets.spend("a.example", MB).ok).toBe(true);
    expect(budgets.spend("a.example", MB).ok).toBe(true);
    expect(budgets.spend("a.example", MB / 2)).toEqual({
      ok: false,
      retryAfterMs: 15_000,
      reason: `too many inbox bytes from a.example: at most ${2 * MB} per minute`,
    });
    expect(budgets.spend("a.example:8443", MB).ok).toBe(true); // another port is another host
    expect(budgets.spend("b.example", MB).ok).toBe(true);
  });

  it("remembers a bounded number of hosts, forgetting the least recently seen", () => {
    const clock = manualClock();
    const budgets = new HostBudgets({ requestsPerMinute: 1, bytesPerMinute: 5 * MB }, { now: clock.now, maxHosts: 2 });
    budgets.spend("a.example", 0);
    budgets.spend("b.example", 0);
    expect(budgets.spend("a.example", 0).ok).toBe(false); // a is now the most recently seen
    budgets.spend("c.example", 0); // b is forgotten
    expect(budgets.size).toBe(2);
    expect(budgets.spend("a.example", 0).ok).toBe(false);
    expect(budgets.spend("c.example", 0).ok).toBe(false);
  });
});

describe("InFlight", () => {
  it("refuses past max and frees a slot once per release", () => {
    const inFlight = new InFlight(4);
    const first = inFlight.tryEnter("a.example");
    expect(typeof first).toBe("function");
    for (const host of ["b.example", "c.example", "d.example"]) expect(typeof inFlight.tryEnter(host)).toBe("function");
    expect(inFlight.tryEnter("e.example")).toBe("full");
    (first as () => void)();
    (first as () => void)();
    expect(inFlight.count).toBe(3);
    expect(typeof inFlight.tryEnter("e.example")).toBe("function");
    expect(inFlight.tryEnter("f.example")).toBe("full");
  });

  it("lets one host hold half the slots (rounded up), leaving the rest to others", () => {
    const inFlight = new InFlight(5);
    const held = [1, 2, 3].map(() => inFlight.tryEnter("flood.example"));
    expect(held.every((release) => typeof release === "function")).toBe(true);
    expect(inFlight.tryEnter("flood.example")).toBe("host");
    expect(typeof inFlight.tryEnter("quiet.example")).toBe("function");
    (held[0] as () => void)();
    expect(typeof inFlight.tryEnter("flood.example")).toBe("function");
    expect(new InFlight(1).perHost).toBe(1);
  });
});

describe("createInboxGate", () => {
  it("refuses with 429 when the requests in flight are at their bound, without spending the host's budget", () => {
    const clock = manualClock();
    const gate = createInboxGate({ requestsPerMinute: 2, bytesPerMinute: 5 * MB, concurrency: 2 }, { now: clock.now });
    const first = gate.admit("a.example", 10);
    expect(first.ok).toBe(true);
    expect(gate.admit("a.example", 10)).toEqual({
      ok: false,
      status: 429,
      retryAfterSeconds: 1,
      reason: "too many inbox requests from a.example in progress: at most 1 at once",
      code: "busy",
    });
    const second = gate.admit("b.example", 10);
    expect(second.ok).toBe(true);
    expect(gate.admit("c.example", 10)).toEqual({
      ok: false,
      status: 429,
      retryAfterSeconds: 1,
      reason: "too many inbox requests in progress: at most 2 at once",
      code: "busy",
    });
    if (first.ok) first.release();
    const again = gate.admit("a.example", 10);
    expect(again.ok).toBe(true); // the refused one did not count
    if (again.ok) again.release();
    expect(gate.admit("a.example", 10)).toMatchObject({ ok: false, reason: "too many inbox requests from a.example: at most 2 per minute" });
  });

  it("gives Retry-After in whole seconds, at least one, and frees the slot of a refused request", () => {
    const clock = manualClock();
    const gate = createInboxGate({ requestsPerMinute: 7, bytesPerMinute: 5 * MB, concurrency: 1 }, { now: clock.now });
    for (let i = 0; i < 7; i++) {
      const admitted = gate.admit("a.example", 0);
      if (admitted.ok) admitted.release();
    }
    expect(gate.admit("a.example", 0)).toMatchObject({ ok: false, status: 429, retryAfterSeconds: 9 }); // 60/7 = 8.6 s
    expect(gate.inFlight.count).toBe(0);
  });
});

describe("senderHost", () => {
  it("is the host and port of the first key id that is a URL, else the client's address", () => {
    expect(senderHost(["https://mastodon.example/users/alice#main-key"], "10.0.0.1")).toBe("mastodon.example");
    expect(senderHost(["http://127.0.0.1:8101/users/paris#main-key"], "127.0.0.1")).toBe("127.0.0.1:8101");
    expect(senderHost(["not a url", "https://b.example/k"], undefined)).toBe("b.example");
    expect(senderHost([], "192.0.2.7")).toBe("unsigned from 192.0.2.7");
  });
});
