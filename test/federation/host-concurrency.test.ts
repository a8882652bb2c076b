import { describe, expect, it } from "@jest/globals";
import { HostBusyError, HostConcurrency } from "../../federation/host-concurrency.ts";
import { createSafeFetch } from "../../federation/safe-fetch.ts";

/** Whether a promise has settled, after letting pending callbacks run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe("HostConcurrency", () => {
  it("lets perHost requests run, queues the next in order and hands each freed slot to the first in line", async () => {
    const hosts = new HostConcurrency({ perHost: 2 });
    const first = await hosts.acquire("a.example");
    const second = await hosts.acquire("a.example");
    const third = hosts.acquire("a.example");
    const fourth = hosts.acquire("a.example");
    expect(hosts.load("a.example")).toEqual({ active: 2, waiting: 2 });
    expect(await settled(third)).toBe(false);

    first();
    expect(await settled(third)).toBe(true);
    expect(await settled(fourth)).toBe(false);
    expect(hosts.load("a.example")).toEqual({ active: 2, waiting: 1 });
    second();
    (await third)();
    (await fourth)();
    expect(hosts.load("a.example")).toEqual({ active: 0, waiting: 0 });
    expect(hosts.hostCount).toBe(0); // idle hosts are forgotten
  });

  it("counts each host on its own (name and port)", async () => {
    const hosts = new HostConcurrency({ perHost: 1 });
    await hosts.acquire("127.0.0.1:8101");
    await expect(settled(hosts.acquire("127.0.0.1:8102"))).resolves.toBe(true);
    await expect(settled(hosts.acquire("127.0.0.1:8101"))).resolves.toBe(false);
  });

  it("a release called twice frees one slot only", async () => {
    const hosts = new HostConcurrency({ perHost: 1 });
    const release = await hosts.acquire("a.example");
    const waiting = hosts.acquire("a.example");
    release();
    release();
    await waiting;
    expect(hosts.load("a.example")).toEqual({ active: 1, waiting: 0 });
  });

  it("a request whose deadline passes while waiting leaves the queue with the signal's reason", async () => {
    const hosts = new HostConcurrency({ perHost: 1 });
    const release = await hosts.acquire("a.example");
    const controller = new AbortController();
    const waiting = hosts.acquire("a.example", controller.signal);
    const behind = hosts.acquire("a.example");
    controller.abort(new DOMException("deadline", "TimeoutError"));
    await expect(waiting).rejects.toMatchObject({ name: "TimeoutError" });
    expect(hosts.load("a.example")).toEqual({ active: 1, waiting: 1 });
    release();
    await expect(settled(behind)).resolves.toBe(true); // the slot went past the one that gave up
    await expect(hosts.acquire("b.example", AbortSignal.abort())).rejects.toMatchObject({ name: "AbortError" });
  });

  it("refuses at once when the queue is full, with a transient error naming the host", async () => {
    const hosts = new HostConcurrency({ perHost: 1, maxWaiting: 2 });
    await hosts.acquire("busy.example");
    void hosts.acquire("busy.example");
    void hosts.acquire("busy.example");
    const refused = hosts.acquire("busy.example");
    await expect(refused).rejects.toThrow(HostBusyError);
    await expect(refused).rejects.toThrow("too many requests to busy.example (2 already waiting for a free slot)");
  });

  it("raising the limit starts waiting requests", async () => {
    const hosts = new HostConcurrency({ perHost: 1 });
    await hosts.acquire("a.example");
    const waiting = hosts.acquire("a.example");
    hosts.perHost = 2;
    expect(await settled(waiting)).toBe(true);
  });
});

describe("createSafeFetch keeps to the per-host limit", () => {
  /** A network whose answers wait until the test lets them go. */
  function heldNetwork() {
    const calls: string[] = [];
    const pending: (() => void)[] = [];
    const inner = (async (input: RequestInfo | URL) => {
      calls.push(input instanceof Request ? input.url : String(input));
      await new Promise<void>((resolve) => pending.push(resolve));
      return new Response("ok");
    }) as typeof fetch;
    return { calls, inner, releaseAll: () => pending.splice(0).forEach((resolve) => resolve()) };
  }

  it("sends at most concurrencyPerHost requests to one host; others wait, and other hosts are not held up", async () => {
    const { calls, inner, releaseAll } = heldNetwork();
    const hosts = new HostConcurrency({ perHost: 2 });
    const safeFetch = createSafeFetch({ allowPrivateAddresses: true }, inner, { hosts });
    const toA = [1, 2, 3, 4].map((n) => safeFetch(`http://a.example/${n}`));
    const toB = safeFetch("http://b.example/1");
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(["http://a.example/1", "http://a.example/2", "http://b.example/1"]);
    expect(hosts.load("a.example")).toEqual({ active: 2, waiting: 2 });
    releaseAll();
    await Promise.all([toA[0], toA[1], toB]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.slice(3).sort()).toEqual(["http://a.example/3", "http://a.example/4"]);
    releaseAll();
    await Promise.all(toA);
    expect(hosts.hostCount).toBe(0);
  });

  it("a read (a key, an actor) is never held up by deliveries to the same host", async () => {
    const { calls, inner, releaseAll } = heldNetwork();
    const hosts = new HostConcurrency({ perHost: 2 });
    const safeFetch = createSafeFetch({ allowPrivateAddresses: true }, inner, { hosts });
    // Two servers delivering to each other: each must read the other's key before it answers.
    const deliveries = [1, 2, 3].map((n) => safeFetch(`http://peer.example/inbox?n=${n}`, { method: "POST", body: "{}" }));
    const keyRead = safeFetch("http://peer.example/users/peer#main-key");
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(["http://peer.example/inbox?n=1", "http://peer.example/inbox?n=2", "http://peer.example/users/peer#main-key"]);
    releaseAll();
    await Promise.all([keyRead, deliveries[0], deliveries[1]]);
    await new Promise((resolve) => setImmediate(resolve));
    releaseAll();
    await Promise.all(deliveries);
    expect(calls).toHaveLength(4);
    expect(hosts.hostCount).toBe(0);
  });

  it("time spent waiting counts against the deadline", async () => {
    const { calls, inner, releaseAll } = heldNetwork();
    const hosts = new HostConcurrency({ perHost: 1 });
    const safeFetch = createSafeFetch({ allowPrivateAddresses: true, timeoutMs: 200 }, inner, { hosts });
    const first = safeFetch("http://slow.example/1");
    const second = safeFetch("http://slow.example/2");
    await expect(second).rejects.toMatchObject({ name: "TimeoutError" });
    expect(calls).toEqual(["http://slow.example/1"]); // the second never went out
    releaseAll();
    await first;
    expect(hosts.hostCount).toBe(0);
  });
});
