import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { runCantine } from "../helpers/cli.ts";
import { dateFromToday, instantOf } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";

const PARIS = "Europe/Paris";
const VENUE_ADDRESS = "151 rue Montmartre, 75002 Paris";

/** "Thu" for a date, as the CLI shows it. */
function weekday(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString("en-GB", { weekday: "short" });
}

describe("what a new operator meets at the command line", () => {
  let node: NodeProcess;
  let peer: Peer;
  let token: string;
  let scratch: string;
  const cli = (...args: string[]) => runCantine([...args, "--config", node.configFile]);

  beforeAll(async () => {
    [node, peer] = await startTogether(startNodeProcess({ config: { address: VENUE_ADDRESS } }), startPeer({ users: ["alice"] }));
    token = await issueToken(node, "events:write,projects:write");
    const actorId = `${node.origin}/users/paris`;
    await peer.follow("alice", actorId, `${actorId}/inbox`);
    await peer.waitFor((r) => r.body?.type === "Accept");
    scratch = mkdtempSync(join(tmpdir(), "cantine-cli-edges-"));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close()]);
    if (node) removeWorkDir(node.configFile.replace(/\/[^/]+$/, ""));
    if (scratch) removeWorkDir(scratch);
  });

  it("confirms what `event add` understood, keeps the venue's address for a --place, and lists local times", async () => {
    const day = dateFromToday(11, PARIS);
    const added = await cli("event", "add", "--title", "Atelier vélo", "--starts", `${day}T19:00`, "--ends", `${day}T21:00`, "--place", "Salle Ada");
    expect(added.code).toBe(0);
    const [id, url] = added.stdout.trim().split(/\s+/);
    expect(url).toBe(`${node.origin}/events/${id}`);
    expect(added.stderr).toContain(`Published "Atelier vélo": ${weekday(day)} ${day} 19:00–21:00 ${PARIS}, at Salle Ada, ${VENUE_ADDRESS}.`);
    expect(added.stderr).toContain("1 follower will get it");

    const stored = (await api(node, "GET", `/api/events/${id}`, null)).body;
    expect(stored.location).toEqual({ name: "Salle Ada", address: VENUE_ADDRESS });
    expect(stored.startsAt).toBe(instantOf(`${day}T19:00`, PARIS));

    const listed = await cli("event", "list");
    const line = listed.stdout.split("\n").find((l) => l.startsWith(id!))!;
    expect(line).toContain(`${weekday(day)} ${day} 19:00–21:00 ${PARIS}`);
    expect(line).toContain("Atelier vélo");
    expect(line).not.toContain(stored.startsAt);
  });

  it("keeps an address given with --place, and shows all-day events as days", async () => {
    const day = dateFromToday(12, PARIS);
    const elsewhere = await cli(
      "event",
      "add",
      "--title",
      "Pique-nique",
      "--starts",
      day,
      "--place",
      "Parc de Belleville",
      "--address",
      "47 rue des Couronnes, 75020 Paris",
    );
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stderr).toContain(`${weekday(day)} ${day} (all day) ${PARIS}, at Parc de Belleville, 47 rue des Couronnes, 75020 Paris.`);
  });

  it("edits an event with `event edit`, through the same rules as the admin API", async () => {
    const day = dateFromToday(13, PARIS);
    const added = await cli("event", "add", "--title", "Café", "--starts", `${day}T09:00`, "--ends", `${day}T10:00`);
    const [id] = added.stdout.trim().split(/\s+/);

    const edited = await cli("event", "edit", id!, "--title", "Café des fondateurs", "--starts", `${day}T09:30`, "--ends", "", "--room", "Mezzanine");
    expect(edited.code).toBe(0);
    expect(edited.stdout.trim()).toBe(`${id}  ${node.origin}/events/${id}`);
    expect(edited.stderr).toContain(`Updated "Café des fondateurs": ${weekday(day)} ${day} 09:30 ${PARIS}, at La Cantine paris, Mezzanine, ${VENUE_ADDRESS}.`);
    expect(edited.stderr).toContain("1 follower will get the change");
    const stored = (await api(node, "GET", `/api/events/${id}`, null)).body;
    expect(stored).toMatchObject({ title: "Café des fondateurs", startsAt: instantOf(`${day}T09:30`, PARIS), endsAt: null });

    const bad = await cli("event", "edit", id!, "--title", "", "--ends", "x");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/title: is required and cannot be removed/);
    expect(bad.stderr).toMatch(/endsAt: /);
    const nothing = await cli("event", "edit", id!);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("Nothing to change");
    expect((await cli("event", "edit", "no-such-event", "--title", "x")).stderr).toContain('event "no-such-event" not found');
  });

  it("suggests the option a typo meant, with exit code 2", async () => {
    const typo = await cli("event", "add", "--titel", "Apéro", "--starts", `${dateFromToday(14, PARIS)}T19:00`);
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim()).toBe("Unknown option --titel. Did you mean --title?");
    const project = await cli("project", "add", "--looking_for", "skills");
    expect(project.code).toBe(2);
    expect(project.stderr).toContain("Did you mean --looking-for?");
  });

  it("lists the stages and needs a project may have in `project add --help`", async () => {
    const help = await runCantine(["project", "add", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("STAGE is one of: idea, prototype, launched, growing, paused");
    expect(help.stdout).toContain("NEED is one or more of: skills, partners, funding, space, mentoring, volunteers, users");
  });

  it("names every offending field in the admin API's 422", async () => {
    const created = await api(node, "POST", "/api/admin/events", token, { title: "x", startsAt: "soon", endsAt: "x", capacity: 0 });
    expect(created.status).toBe(422);
    expect(created.body.problems.map((p: { field: string }) => p.field)).toEqual(["startsAt", "endsAt", "capacity"]);

    const day = dateFromToday(15, PARIS);
    const { body: event } = await api(node, "POST", "/api/admin/events", token, { title: "Apéro", startsAt: `${day}T19:00` });
    const patched = await api(node, "PATCH", `/api/admin/events/${event.id}`, token, { title: null, endsAt: "x", colour: "red" });
    expect(patched.status).toBe(422);
    expect(patched.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(["colour", "endsAt", "title"]);

    const { body: project } = await api(node, "POST", "/api/admin/projects", token, { title: "Compost", summary: "Des composteurs partagés." });
    const badProject = await api(node, "PATCH", `/api/admin/projects/${project.id}`, token, { summary: null, stage: "seed" });
    expect(badProject.status).toBe(422);
    expect(badProject.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(["stage", "summary"]);
  });

  it("names the config key when following a loopback node is refused", async () => {
    const strict = join(scratch, "strict.json");
    writeFileSync(
      strict,
      JSON.stringify({ ...node.config, slug: "strict", port: 1, origin: "http://127.0.0.1:1", dataDir: "./strict-data", allowPrivateAddresses: false }),
    );
    for (const target of [`${node.origin}/users/paris`, `@paris@${new URL(node.origin).host}`]) {
      const refused = await runCantine(["follow", target, "--config", strict]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`"allowPrivateAddresses": true`);
    }
  });
});
