import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { runCantine } from "../helpers/cli.ts";
import type { CityNode } from "../helpers/network.ts";
import { startCities, stopCities } from "../helpers/network.ts";
import { api } from "../helpers/operator.ts";

/** San Francisco relays a project by Paris without following Paris. */
describe("relaying a cantine's project does not make it a followed cantine", () => {
  let paris: CityNode, sf: CityNode;
  let all: CityNode[];

  beforeAll(async () => {
    all = await startCities(["paris", "sf"]);
    [paris, sf] = all as [CityNode, CityNode];
    const project = await api(paris.node, "POST", "/api/admin/projects", paris.token, {
      title: "Fours solaires partagés",
      summary: "Des plans ouverts pour cuisiner au soleil.",
      stage: "prototype",
      lookingFor: ["partners"],
      cities: ["Paris"],
    });
    expect(project.status).toBe(201);
    expect((await api(sf.node, "POST", "/api/admin/relays", sf.token, { url: project.body.apId })).status).toBe(202);
  }, 60_000);
  afterAll(() => stopCities(all ?? []));

  it("still knows Paris: the relayed project is shown as Paris's", async () => {
    const board = (await api(sf.node, "GET", "/api/board", null)).body.items as any[];
    const entry = board.find((p) => p.title === "Fours solaires partagés");
    expect(entry?.cantine).toMatchObject({ name: "La Cantine Paris", city: "Paris" });
  });

  it("does not list Paris among its follows: admin API, CLI and network page", async () => {
    const follows = (await api(sf.node, "GET", "/api/admin/follows", sf.token)).body.items as any[];
    expect(follows.map((f) => f.handle)).not.toContain(paris.handle);

    const cli = await runCantine(["follows", "--config", sf.node.configFile]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).not.toContain(paris.handle);

    const page = await (await fetch(`${sf.node.origin}/network?lang=en`)).text();
    expect(page).toContain("The Cantine San Francisco");
    expect(page).not.toContain(paris.handle);
  });
});
