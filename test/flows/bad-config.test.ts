import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";

const repoRoot = new URL("../../", import.meta.url).pathname;
const workDir = mkdtempSync(join(tmpdir(), "cantine-bad-config-"));
const valid = {
  slug: "paris",
  name: "La Cantine",
  city: "Paris",
  country: "FR",
  timezone: "Europe/Paris",
  origin: "http://127.0.0.1:8101",
  dataDir: "./data",
};

function startWith(config: Record<string, unknown>): { status: number | null; stderr: string } {
  const file = join(workDir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  const result = spawnSync(process.execPath, ["node/main.ts", "--config", file], { cwd: repoRoot, encoding: "utf8", timeout: 20_000 });
  return { status: result.status, stderr: result.stderr };
}

describe("a node started with a bad config file", () => {
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("stops when the slug is missing, naming the key", () => {
    const { slug: _slug, ...config } = valid;
    const { status, stderr } = startWith(config);
    expect(status).not.toBe(0);
    expect(stderr).toContain('missing required key "slug"');
  });

  it("stops on an invalid time zone, naming the key and the value", () => {
    const { status, stderr } = startWith({ ...valid, timezone: "Europe/Pariss" });
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/"timezone".*Europe\/Pariss.*not an IANA time zone/);
  });

  it("stops when the origin is not a URL", () => {
    const { status, stderr } = startWith({ ...valid, origin: "paris.cantine" });
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/"origin": must be a URL/);
  });

  it("stops when the file does not exist", () => {
    const result = spawnSync(process.execPath, ["node/main.ts", "--config", join(workDir, "missing.json")], { cwd: repoRoot, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/missing\.json/);
  });
});
