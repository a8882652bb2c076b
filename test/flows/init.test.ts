// A new operator sets a node up without reading the code: `cantine init` writes the config and
// makes the data folder and keys, and no command ever acts on a node nobody named.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";
import { loadConfig } from "../../node/config.ts";
import { freePort, startNodeProcess } from "../helpers/node-process.ts";

const cli = new URL("../../scripts/cantine.ts", import.meta.url).pathname;

type Run = { code: number | null; stdout: string; stderr: string };

/** The CLI in its own process, in `cwd`, with `input` on its stdin. */
function cantine(cwd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: { ...process.env, CANTINE_CONFIG: "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

const parisFlags = [
  "--slug",
  "paris",
  "--name",
  "La Cantine Paris",
  "--city",
  "Paris",
  "--country",
  "FR",
  "--timezone",
  "Europe/Paris",
  "--origin",
  "https://paris.cantine.example",
];

function actorsWithKeys(databaseFile: string): string[] {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT DISTINCT actor FROM actor_keys").all() as { actor: string }[]).map((row) => row.actor);
  } finally {
    db.close();
  }
}

describe("cantine init", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-init-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a valid config from flags with --yes, creates the data folder and keys, and says what next", async () => {
    const run = await cantine(dir, ["init", "--yes", ...parisFlags, "--data-dir", "./paris-data"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Handle: @paris@paris.cantine.example");
    expect(run.stdout).toContain("Next steps:");
    expect(run.stdout).toContain("npm start -- --config ./cantine.json");

    const config = loadConfig(["--config", join(dir, "cantine.json")], {});
    expect(config).toMatchObject({
      slug: "paris",
      name: "La Cantine Paris",
      city: "Paris",
      country: "FR",
      timezone: "Europe/Paris",
      origin: "https://paris.cantine.example",
      host: "127.0.0.1",
      port: 8000,
      dataDir: join(dir, "paris-data"),
    });
    expect(actorsWithKeys(join(dir, "paris-data", "cantine.db"))).toEqual(["paris"]);
  });

  it("prints the first admin's invitation, whose link opens the set-password form once the node runs", async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const run = await cantine(dir, ["init", "--yes", ...parisFlags, "--origin", origin, "--admin", "Ana", "--config", "paris.json"]);
    expect(run.code).toBe(0);
    const link = run.stdout.match(/^\s+(http:\S+\/admin\/invite\/\S+)$/m)?.[1];
    expect(link).toMatch(new RegExp(`^${origin}/admin/invite/`));
    expect(run.stdout).toContain('the password of "Ana", the first admin');
    // The same node: its config names the same port and data folder.
    const node = await startNodeProcess({ workDir: dir, port, slug: "paris" });
    try {
      const page = await fetch(link!);
      expect(page.status).toBe(200);
      const body = await page.text();
      expect(body).toContain('id="f-password"');
      expect(body).toContain('id="f-confirm"');
      expect(body).toContain("Ana");
    } finally {
      await node.stop();
    }
    // Initialised again on the same data folder: Ana keeps her account, no second invitation.
    const again = await cantine(dir, ["init", "--yes", ...parisFlags, "--origin", origin, "--config", "paris.json", "--force"]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("/admin/invite/");
    expect(again.stdout).toContain("has operators already");
  }, 60_000);

  it("with --yes, names every missing flag and writes nothing", async () => {
    const run = await cantine(dir, ["init", "--yes", "--city", "Lyon"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--country, --timezone, --origin");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("rejects a bad flag with the config's own words", async () => {
    const run = await cantine(dir, ["init", "--yes", ...parisFlags, "--country", "France"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--country: "country": must be an ISO 3166-1 alpha-2 code/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("asks on stdin, suggests defaults, asks again after a wrong answer", async () => {
    // City, country (wrong, then right), zone, handle (suggested), name (suggested), origin, data folder (suggested).
    const answers = ["São Paulo", "Brasil", "BR", "America/Sao_Paulo", "", "", "https://saopaulo.cantine.example", ""];
    const run = await cantine(dir, ["init", "--config", "sp.json"], { input: `${answers.join("\n")}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Handle (the paris in @paris@paris.cantine.example) [sao-paulo]: ");
    expect(run.stdout).toContain("Name of the cantine [La Cantine São Paulo]: ");
    expect(run.stderr).toMatch(/"country": must be an ISO 3166-1 alpha-2 code/);
    expect(run.stdout).toContain("Handle: @sao-paulo@saopaulo.cantine.example");
    expect(JSON.parse(readFileSync(join(dir, "sp.json"), "utf8"))).toEqual({
      slug: "sao-paulo",
      name: "La Cantine São Paulo",
      city: "São Paulo",
      country: "BR",
      timezone: "America/Sao_Paulo",
      origin: "https://saopaulo.cantine.example",
      host: "127.0.0.1",
      port: 8000,
      dataDir: "./data",
    });
    expect(actorsWithKeys(join(dir, "data", "cantine.db"))).toEqual(["sao-paulo"]);
  });

  it("stops when the input ends before a needed answer", async () => {
    const run = await cantine(dir, ["init"], { input: "Lyon\nFR\n" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("give it with --origin");
    expect(existsSync(join(dir, "cantine.json"))).toBe(false);
  });

  it("refuses to overwrite a config without --force", async () => {
    expect((await cantine(dir, ["init", "--yes", ...parisFlags])).code).toBe(0);
    const before = readFileSync(join(dir, "cantine.json"), "utf8");
    const again = await cantine(dir, ["init", "--yes", ...parisFlags, "--name", "Another name"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("./cantine.json already exists");
    expect(again.stderr).toContain("--force");
    expect(readFileSync(join(dir, "cantine.json"), "utf8")).toBe(before);

    const forced = await cantine(dir, ["init", "--yes", ...parisFlags, "--name", "Another name", "--force"]);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "cantine.json"), "utf8")).name).toBe("Another name");
  });
});

describe("the CLI without --config", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-noconfig-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses with a hint when no node is named, and touches nothing", async () => {
    const run = await cantine(dir, ["event", "add", "--title", "Apéro", "--starts", "2030-01-10T19:00"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe("No node config: pass --config FILE, set CANTINE_CONFIG, or run `cantine init`");
    expect(run.stdout).toBe("");
    expect(readdirSync(dir)).toEqual([]); // no data/ folder of a default node
  });

  it("uses ./cantine.json and says which node it acts on", async () => {
    expect((await cantine(dir, ["init", "--yes", ...parisFlags])).code).toBe(0);
    const run = await cantine(dir, ["event", "list"]);
    expect(run.code).toBe(0);
    expect(run.stderr.split("\n")[0]).toBe("Using ./cantine.json (La Cantine Paris, @paris@paris.cantine.example)");
    expect(`${run.stdout}${run.stderr}`).toContain("No upcoming events");
  });

  it("uses CANTINE_CONFIG and says so", async () => {
    mkdirSync(join(dir, "etc"));
    const file = join(dir, "etc", "lyon.json");
    writeFileSync(
      file,
      JSON.stringify({ slug: "lyon", name: "La Cantine Lyon", city: "Lyon", country: "FR", timezone: "Europe/Paris", origin: "https://lyon.cantine.example" }),
    );
    const run = await cantine(dir, ["token", "list"], { env: { CANTINE_CONFIG: file } });
    expect(run.code).toBe(0);
    expect(run.stderr.split("\n")[0]).toBe(`Using ${file} (from CANTINE_CONFIG) (La Cantine Lyon, @lyon@lyon.cantine.example)`);
    expect(existsSync(join(dir, "etc", "data", "cantine.db"))).toBe(true);
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  it("says nothing more when --config names the node", async () => {
    expect((await cantine(dir, ["init", "--yes", ...parisFlags])).code).toBe(0);
    const run = await cantine(dir, ["event", "list", "--config", "cantine.json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("Using");
  });
});
