import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { runCantine } from "../helpers/cli.ts";
import { dateFromToday, instantOf } from "../helpers/dates.ts";
import type { CityNode } from "../helpers/network.ts";
import { cities, startCities, stopCities } from "../helpers/network.ts";
import { api } from "../helpers/operator.ts";

describe("an operator runs the cantine CLI against running nodes", () => {
  let paris: CityNode, sf: CityNode;
  let all: CityNode[];
  const cli = (node: CityNode, ...args: string[]) => runCantine([...args, "--config", node.node.configFile]);

  beforeAll(async () => {
    all = await startCities(["paris", "sf"]);
    [paris, sf] = all as [CityNode, CityNode];
  }, 60_000);
  afterAll(() => stopCities(all ?? []));

  it("adds, lists and cancels events, and explains bad input", async () => {
    const day = dateFromToday(12, cities.paris.timezone);
    const added = await cli(
      paris,
      "event",
      "add",
      "--title",
      "Atelier vélo",
      "--starts",
      `${day}T14:00`,
      "--ends",
      `${day}T17:00`,
      "--place",
      "La Cantine",
      "--tags",
      "vélo,atelier",
    );
    expect(added.code).toBe(0);
    const [id, url] = added.stdout.trim().split(/\s+/);
    expect(url).toBe(`${paris.node.origin}/events/${id}`);
    const stored = (await api(paris.node, "GET", `/api/events/${id}`, null)).body;
    expect(stored).toMatchObject({ title: "Atelier vélo", startsAt: instantOf(`${day}T14:00`, cities.paris.timezone), tags: ["vélo", "atelier"] });

    const listed = await cli(paris, "event", "list");
    expect(listed.stdout).toContain("Atelier vélo");
    expect((await cli(paris, "event", "cancel", id!)).code).toBe(0);
    expect((await api(paris.node, "GET", `/api/events/${id}`, null)).body.status).toBe("cancelled");

    const bad = await cli(paris, "event", "add", "--starts", `${day}T25:00`, "--timezone", "Mars/Olympus");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/title/);
    expect(bad.stderr).toMatch(/timezone/);
    const unknown = await cli(paris, "event", "delete", "no-such-event");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('event "no-such-event" not found');
  });

  it("announces a project", async () => {
    const added = await cli(
      paris,
      "project",
      "add",
      "--title",
      "Cartographie des tiers-lieux",
      "--summary",
      "Une carte ouverte des lieux partagés.",
      "--stage",
      "prototype",
      "--looking-for",
      "skills,funding",
    );
    expect(added.code).toBe(0);
    expect((await cli(paris, "project", "list")).stdout).toContain("Cartographie des tiers-lieux");
  });

  it("follows another cantine, showing the back-fill, then lists, syncs and reconciles", async () => {
    await api(sf.node, "POST", "/api/admin/events", sf.token, { title: "Bay Area makers", startsAt: `${dateFromToday(15, cities.sf.timezone)}T18:00` });
    const followed = await cli(paris, "follow", `@${sf.handle}`);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain("Accepted; reading its outbox to back-fill its programme…");
    expect(followed.stdout).toContain("Back-fill done: 1 upcoming event(s), 0 project(s) in the calendar.");
    expect(followed.stdout).not.toMatch(/^\s+0 upcoming event/m); // no count before the outbox was read

    const follows = await cli(paris, "follows");
    expect(follows.stdout).toMatch(/accepted\s+sf@127\.0\.0\.1:\d+\s+San Francisco\s+1 events/);
    const synced = await cli(paris, "sync", sf.handle);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/^Synced: \d+ page\(s\), \d+ activities: 0 new, 0 updated, 0 deleted, [1-9]\d* already up to date$/m);
    const job = await cli(paris, "jobs", "run", "reconcile");
    expect(job.stdout).toContain("reconcile: 1 cantine(s) reconciled");
    const prune = await cli(paris, "jobs", "run", "prune");
    expect(prune.stdout).toContain("prune: 0 remote event(s) older than 30 days removed"); // sf's event is to come
    const unknownJob = await cli(paris, "jobs", "run", "nope");
    expect(unknownJob.code).toBe(2);
    expect(unknownJob.stderr).toContain("Unknown job");

    const wrong = await cli(paris, "follow", "@nobody@127.0.0.1:1");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/no ActivityPub actor found|could not look up/);
    // Seven CLI processes, each opening the node's database and Fedify: generous on a loaded machine.
  }, 120_000);
});
