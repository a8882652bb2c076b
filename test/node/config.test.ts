import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ConfigError, loadConfig, parseConfig } from "../../node/config.ts";

const minimal = {
  slug: "lisboa",
  name: "Cantina Lisboa",
  city: "Lisboa",
  country: "PT",
  timezone: "Europe/Lisbon",
  origin: "https://lisboa.cantine.example/",
};

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cantine-config-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeConfig(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

// Runs `fn`, expects a ConfigError and returns it.
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("applies defaults and resolves dataDir relative to the config file", () => {
    const file = writeConfig("nodes/lisboa.json", minimal);
    const config = loadConfig(["--config", file], {});
    expect(config).toEqual({
      ...minimal,
      origin: "https://lisboa.cantine.example",
      host: "127.0.0.1",
      port: 8000,
      dataDir: path.join(dir, "nodes", "data"),
      allowPrivateAddresses: false,
      manuallyApprovesFollowers: false,
      authorizedFetch: false,
      pruneRemoteEventsAfterDays: 30,
      limits: { inboxRequestsPerMinute: 300, inboxBytesPerMinute: 5 * 1024 * 1024, inboxConcurrency: 32 },
      locale: "en",
      logLevel: "info",
      logFormat: "text",
      metrics: { allow: ["127.0.0.1", "::1"] },
      network: [],
      trustProxy: ["loopback"],
      backup: { enabled: true, dir: path.join(dir, "nodes", "data", "backups"), schedule: "30 3 * * *", keep: 7 },
    });
  });

  it("reads authorized fetch, and refuses what is not a boolean", () => {
    expect(parseConfig({ ...minimal, authorizedFetch: true }).authorizedFetch).toBe(true);
    expect(configError(() => parseConfig({ ...minimal, authorizedFetch: "yes" })).problems[0]).toContain(`"authorizedFetch"`);
  });

  it("reads who may see the metrics, and refuses an allow entry that is not an address", () => {
    const metrics = { allow: ["10.0.0.0/8", "::1"], token: "a-long-enough-scrape-secret" };
    expect(parseConfig({ ...minimal, metrics, logFormat: "json" })).toMatchObject({ metrics, logFormat: "json" });
    const error = configError(() => parseConfig({ ...minimal, metrics: { allow: ["localhost", "10.0.0.0/99"], token: "short" } }));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`"metrics.token": must not be shorter than 16 characters`),
        expect.stringContaining(`"metrics.allow"[0]: must be an IP address or CIDR range`),
        expect.stringContaining(`"metrics.allow"[1]: must be an IP address or CIDR range`),
      ]),
    );
    expect(configError(() => parseConfig({ ...minimal, logFormat: "xml" })).problems[0]).toContain(`"logFormat": must be one of "text", "json"`);
  });

  it("takes the port from the origin when there is one", () => {
    expect(parseConfig({ ...minimal, origin: "http://127.0.0.1:8101" }).port).toBe(8101);
    expect(parseConfig({ ...minimal, origin: "http://127.0.0.1:8101", port: 9000 }).port).toBe(9000);
  });

  it("reports a missing slug", () => {
    const { slug: _, ...rest } = minimal;
    const error = configError(() => parseConfig(rest));
    expect(error.problems).toEqual([`config: missing required key "slug" (the actor's handle, e.g. "paris")`]);
  });

  it("reports an invalid timezone with its value", () => {
    const error = configError(() => parseConfig({ ...minimal, timezone: "Europe/Pariss" }));
    expect(error.problems).toEqual([`config: "timezone": "Europe/Pariss" is not an IANA time zone (e.g. "Europe/Paris")`]);
    expect(parseConfig({ ...minimal, timezone: "UTC" }).timezone).toBe("UTC");
  });

  it("reports an origin that is not a URL", () => {
    const error = configError(() => parseConfig({ ...minimal, origin: "not a url" }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(`"origin": must be a URL like "https://paris.cantine.example"`);
    expect(error.problems[0]).toContain(`(got "not a url")`);
  });

  it.each(["https://x.example/events", "https://x.example?a=1", "https://x.example#top", "ftp://x.example", "https://u:p@x.example"])(
    "rejects the origin %s",
    (origin) => {
      expect(configError(() => parseConfig({ ...minimal, origin })).message).toContain(`"origin"`);
    },
  );

  it("names an unknown key", () => {
    const error = configError(() => parseConfig({ ...minimal, timeZone: "Europe/Paris" }));
    expect(error.problems).toEqual([`config: unknown key "timeZone" (did you mean "timezone"?)`]);
  });

  it("takes the inbox limits given and the defaults of the others", () => {
    const config = parseConfig({ ...minimal, limits: { inboxRequestsPerMinute: 20 } });
    expect(config.limits).toEqual({ inboxRequestsPerMinute: 20, inboxBytesPerMinute: 5 * 1024 * 1024, inboxConcurrency: 32 });
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it("names a wrong inbox limit by its full path", () => {
    const error = configError(() => parseConfig({ ...minimal, limits: { inboxRequestsPerMinute: 0, inboxBytesPerMinute: 1000, inboxconcurrency: 8 } }));
    expect(error.problems.sort()).toEqual([
      `config: "limits.inboxBytesPerMinute": must be between 1048576 and 10737418240 (got 1000)`,
      `config: "limits.inboxRequestsPerMinute": must be between 1 and 1000000 (got 0)`,
      `config: unknown key "limits.inboxconcurrency" (did you mean "limits.inboxConcurrency"?)`,
    ]);
    expect(configError(() => parseConfig({ ...minimal, limits: 300 })).problems).toEqual([
      `config: "limits": must be an object of settings (JSON object) (got 300)`,
    ]);
  });

  it("lists every problem at once, under the file name", () => {
    const file = writeConfig("broken.json", { ...minimal, slug: "Lisboa!", timezone: "Mars/Olympus", port: 70000, colour: "red" });
    const error = configError(() => loadConfig([`--config=${file}`], {}));
    expect(error.problems).toHaveLength(4);
    expect(error.message).toContain(file);
    for (const needle of [`"slug"`, `"Lisboa!"`, `"timezone"`, `"Mars/Olympus"`, `"port"`, `70000`, `unknown key "colour"`]) {
      expect(error.message).toContain(needle);
    }
  });

  it("returns a frozen config", () => {
    const config = parseConfig({ ...minimal, network: ["@sf@sf.cantine.example"] });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.network)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe("loadConfig", () => {
  it("reads the file from --config FILE, --config=FILE or CANTINE_CONFIG", () => {
    const a = writeConfig("a.json", { ...minimal, slug: "a" });
    const b = writeConfig("b.json", { ...minimal, slug: "b" });
    expect(loadConfig(["node", "main.ts", "--config", a], {}).slug).toBe("a");
    expect(loadConfig([`--config=${a}`], {}).slug).toBe("a");
    expect(loadConfig([], { CANTINE_CONFIG: b }).slug).toBe("b");
    expect(loadConfig(["--config", a], { CANTINE_CONFIG: b }).slug).toBe("a"); // argv wins
  });

  it("falls back to the Paris node on port 8000", () => {
    const config = loadConfig([], {});
    expect(config).toMatchObject({
      slug: "paris",
      country: "FR",
      timezone: "Europe/Paris",
      origin: "http://127.0.0.1:8000",
      port: 8000,
      locale: "fr",
      allowPrivateAddresses: true,
      dataDir: path.resolve("data"),
    });
  });

  it("reports a missing file and invalid JSON, naming the file", () => {
    const missing = path.join(dir, "nope.json");
    expect(configError(() => loadConfig(["--config", missing], {})).message).toContain(`${missing}`);
    expect(configError(() => loadConfig(["--config", missing], {})).message).toContain("file not found");
    const bad = writeConfig("bad.json", "{ slug: paris }");
    const error = configError(() => loadConfig(["--config", bad], {}));
    expect(error.message).toContain(bad);
    expect(error.message).toContain("not valid JSON");
    expect(configError(() => loadConfig(["--config"], {})).message).toContain("--config needs a file path");
  });

  it("applies environment overrides", () => {
    const file = writeConfig("env.json", minimal);
    const env = { CANTINE_PORT: "9100", CANTINE_HOST: "0.0.0.0", CANTINE_DATA_DIR: "var/cantine", CANTINE_LOG_LEVEL: "debug" };
    expect(loadConfig(["--config", file], env)).toMatchObject({
      port: 9100,
      host: "0.0.0.0",
      dataDir: path.resolve("var/cantine"), // relative to the working directory, not the file
      logLevel: "debug",
    });
  });

  it("reports a bad CANTINE_PORT clearly", () => {
    const error = configError(() => loadConfig([], { CANTINE_PORT: "abc" }));
    expect(error.problems).toEqual([`config: "port" (from CANTINE_PORT): must be a whole number (got "abc")`]);
    const high = configError(() => loadConfig([], { CANTINE_PORT: "70000", CANTINE_LOG_LEVEL: "loud" }));
    expect(high.problems).toHaveLength(2);
    expect(high.message).toContain("CANTINE_LOG_LEVEL");
  });
});

describe("running in the world: proxies and backups", () => {
  it("believes forwarded headers from the proxies listed, loopback by default", () => {
    expect(parseConfig(minimal).trustProxy).toEqual(["loopback"]);
    expect(parseConfig({ ...minimal, trustProxy: ["10.0.0.2", "fd00::/8", "uniquelocal"] }).trustProxy).toEqual(["10.0.0.2", "fd00::/8", "uniquelocal"]);
    expect(parseConfig({ ...minimal, trustProxy: [] }).trustProxy).toEqual([]);
    const error = configError(() => parseConfig({ ...minimal, trustProxy: ["proxy.example", "10.0.0.0/33", "127.0.0.1"] }));
    expect(error.problems).toEqual([
      `config: "trustProxy"[0]: must be an IP address or CIDR range, like "127.0.0.1" or "10.0.0.0/8", or one of "loopback", "linklocal", "uniquelocal" (got "proxy.example")`,
      `config: "trustProxy"[1]: must be an IP address or CIDR range, like "127.0.0.1" or "10.0.0.0/8", or one of "loopback", "linklocal", "uniquelocal" (got "10.0.0.0/33")`,
    ]);
  });

  it("reads the backup settings, a relative folder from the config file's folder", () => {
    const file = writeConfig("backups/paris.json", { ...minimal, backup: { dir: "../copies", schedule: "0 4 * * 1", keep: 3 } });
    expect(loadConfig(["--config", file], {}).backup).toEqual({ enabled: true, dir: path.join(dir, "copies"), schedule: "0 4 * * 1", keep: 3 });
    expect(parseConfig({ ...minimal, backup: { enabled: false } }).backup).toMatchObject({ enabled: false, keep: 7 });
    const error = configError(() => parseConfig({ ...minimal, backup: { schedule: "every night", keep: 0, folder: "x" } }));
    expect(error.problems).toEqual([
      `config: unknown key "backup.folder"`,
      `config: "backup.keep": must be between 1 and 1000 (got 0)`,
      `config: "backup.schedule": must be a cron expression (minute hour day month weekday), like "30 3 * * *" (got "every night")`,
    ]);
  });
});
