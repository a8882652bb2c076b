// Node configuration: the one place that reads process.env and config files.
// Everything else receives a validated, frozen NodeConfig.

import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { dirname, join, resolve } from "node:path";
import type { ErrorObject } from "ajv/dist/2020.js";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import cron from "node-cron";

type LogLevel = "debug" | "info" | "warning" | "error";
type LogFormat = "text" | "json";

export type NodeConfig = Readonly<{
  slug: string;
  name: string;
  city: string;
  country: string;
  timezone: string;
  /** Public base URL, normalised (lowercase host, no default port, no trailing slash). */
  origin: string;
  host: string;
  port: number;
  /** Absolute path. */
  dataDir: string;
  allowPrivateAddresses: boolean;
  manuallyApprovesFollowers: boolean;
  /** Objects and collections answer only signed requests from servers that are not blocked. */
  authorizedFetch: boolean;
  pruneRemoteEventsAfterDays: number;
  /** What one remote server may cost this node (node/http/activitypub/rate-limit.ts). */
  limits: Readonly<{ inboxRequestsPerMinute: number; inboxBytesPerMinute: number; inboxConcurrency: number }>;
  locale: string;
  logLevel: LogLevel;
  /** Readable lines, or JSON lines for a log collector (node/observability/log-format.ts). */
  logFormat: LogFormat;
  /** Who may read GET /metrics: these client addresses or ranges, or bearers of the token. */
  metrics: Readonly<{ allow: readonly string[]; token?: string }>;
  network: readonly string[];
  /**
   * The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses,
   * CIDR ranges, or Express's names ("loopback", "linklocal", "uniquelocal").
   */
  trustProxy: readonly string[];
  /** Scheduled copies of the database (node/storage/backup.ts); `dir` is absolute. */
  backup: BackupConfig;
  summary?: string;
  address?: string;
  website?: string;
  icon?: string;
}>;

type BackupConfig = Readonly<{ enabled: boolean; dir: string; schedule: string; keep: number }>;

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[], source?: string) {
    const header = `Invalid node configuration${source ? ` in ${source}` : ""}:`;
    super([header, ...problems.map((p) => `  - ${p}`)].join("\n"));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/**
 * A valid setting this machine cannot honour (the port is taken, the data folder cannot be
 * written): one line naming the key and its value, for the operator to change one or the other.
 */
export class StartupError extends Error {
  readonly key: string;

  constructor(key: string, value: unknown, problem: string) {
    super(`"${key}" (${typeof value === "string" ? value : JSON.stringify(value)}): ${problem}`);
    this.name = "StartupError";
    this.key = key;
  }
}

/** Why the server could not listen on `host`:`port`, as a StartupError naming the key to change. */
export function listenError(config: Pick<NodeConfig, "host" | "port">, error: unknown): StartupError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "EADDRINUSE":
      return new StartupError("port", config.port, `already in use on ${config.host} by another program (EADDRINUSE)`);
    case "EACCES":
      return new StartupError("port", config.port, `this user may not listen on it; ports below 1024 need privileges (EACCES)`);
    case "EADDRNOTAVAIL":
      return new StartupError("host", config.host, `not an address of this machine (EADDRNOTAVAIL)`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
    case "EAI_NONAME":
      return new StartupError("host", config.host, `cannot be resolved to an address of this machine (${code})`);
    default:
      return undefined;
  }
}

type PropertySchema = {
  title?: string;
  description: string;
  default?: unknown;
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  enum?: string[];
  /** Keys of an object-valued setting (`limits`). */
  properties?: Record<string, PropertySchema>;
};
type ConfigSchema = { required: string[]; properties: Record<string, PropertySchema> };

// The schema is plain data and the validator is pure: compiling them once is safe.
const schema = JSON.parse(readFileSync(new URL("../schemas/node-config.schema.json", import.meta.url), "utf8")) as ConfigSchema;
const validate = (() => {
  // ajv is CommonJS: under Node ESM (and for tsc) the class is the `default` property.
  // The schema is checked against JSON Schema's meta-schema by a test (test/schemas.test.ts), not at every start (about 0.1 s).
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, validateSchema: false });
  addFormats.default(ajv, ["uri"]);
  return ajv.compile(schema);
})();

// What a value with a pattern/format must look like, for readable messages.
const MUST_BE: Record<string, string> = {
  slug: `lowercase letters, digits and "_", optionally joined by "." or "-", like "paris"`,
  country: `an ISO 3166-1 alpha-2 code in capitals, like "FR"`,
  origin: `a URL like "https://paris.cantine.example" or "http://127.0.0.1:8101", with no path, query or fragment`,
  host: `a host name or IP address without spaces, like "127.0.0.1"`,
  locale: `a BCP 47 language tag, like "fr" or "pt-BR"`,
  website: `an http(s) URL, like "https://www.cantine.example"`,
  icon: `an http(s) URL of an image, like "https://paris.cantine.example/logo.png"`,
  trustProxy: `an IP address or CIDR range, like "127.0.0.1" or "10.0.0.0/8", or one of "loopback", "linklocal", "uniquelocal"`,
  "metrics.allow": `an IP address or CIDR range, like "127.0.0.1", "::1" or "10.0.0.0/8"`,
  network: `a handle like "@sf@sf.cantine.example" or an actor URL like "https://sf.cantine.example/actors/sf"`,
};

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  integer: "a whole number",
  boolean: "true or false",
  array: "a list (JSON array)",
  object: "an object of settings (JSON object)",
};

// Which environment variable sets which key; CANTINE_DATA_DIR is resolved from the working directory.
const ENV_KEYS = {
  CANTINE_PORT: "port",
  CANTINE_HOST: "host",
  CANTINE_DATA_DIR: "dataDir",
  CANTINE_LOG_LEVEL: "logLevel",
} as const;

type Raw = Record<string, unknown>;
type ParseOptions = { baseDir?: string; source?: string };

export function parseConfig(raw: unknown, options: ParseOptions = {}): NodeConfig {
  return parse(raw, options, {});
}

export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): NodeConfig {
  const file = configPathFrom(argv) ?? (env.CANTINE_CONFIG || undefined);
  const { raw, baseDir, source } =
    file === undefined
      ? { raw: defaultNode(env.CANTINE_PORT) as unknown, baseDir: process.cwd(), source: "the built-in default node (Paris)" }
      : { raw: readConfigFile(file), baseDir: dirname(resolve(file)), source: file };

  const overrides: Raw = {};
  const fromEnv: Record<string, string> = {};
  for (const [variable, key] of Object.entries(ENV_KEYS)) {
    const value = env[variable]?.trim();
    if (!value) continue; // empty means unset, as in most shells' "VAR= cmd"
    fromEnv[key] = variable;
    if (key === "port")
      overrides.port = /^\d+$/.test(value) ? Number(value) : value; // the schema rejects the string
    else if (key === "dataDir") overrides.dataDir = resolve(value);
    else overrides[key] = value;
  }
  return parse(isObject(raw) ? { ...raw, ...overrides } : raw, { baseDir, source }, fromEnv);
}

function parse(raw: unknown, { baseDir, source }: ParseOptions, fromEnv: Record<string, string>): NodeConfig {
  if (!isObject(raw)) {
    throw new ConfigError([`config: must be a JSON object of settings (got ${shown(raw)})`], source);
  }
  const label = (path: string[]) => {
    const [key, ...rest] = path;
    const names = rest
      .filter((segment) => !/^\d+$/.test(segment))
      .map((name) => `.${name}`)
      .join("");
    const indexes = rest
      .filter((segment) => /^\d+$/.test(segment))
      .map((i) => `[${i}]`)
      .join("");
    return `"${key}${names}"${indexes}${fromEnv[key] ? ` (from ${fromEnv[key]})` : ""}`;
  };

  const problems: string[] = [];
  const badPaths = new Set<string>();
  if (!validate(raw)) {
    for (const error of validate.errors ?? []) {
      if (badPaths.has(error.instancePath)) continue; // one problem per value is enough
      if (error.instancePath) badPaths.add(error.instancePath);
      problems.push(`config: ${describeError(error, raw, label)}`);
    }
  }

  // Checks the schema cannot express, on values that passed it.
  const ok = (key: string) => typeof raw[key] === "string" && !badPaths.has(`/${key}`);
  if (ok("timezone") && !isIanaTimeZone(raw.timezone as string)) {
    problems.push(`config: ${label(["timezone"])}: ${shown(raw.timezone)} is not an IANA time zone (e.g. "Europe/Paris")`);
  }
  const origin = ok("origin") ? parseOrigin(raw.origin as string) : undefined;
  if (ok("origin") && !origin) {
    problems.push(`config: ${label(["origin"])}: must be ${MUST_BE.origin} (got ${shown(raw.origin)})`);
  }
  if (Array.isArray(raw.trustProxy) && !badPaths.has("/trustProxy")) {
    raw.trustProxy.forEach((entry: unknown, i) => {
      if (typeof entry !== "string" || badPaths.has(`/trustProxy/${i}`) || isProxyAddress(entry)) return;
      problems.push(`config: ${label(["trustProxy", String(i)])}: must be ${MUST_BE.trustProxy} (got ${shown(entry)})`);
    });
  }
  const allow = isObject(raw.metrics) ? raw.metrics.allow : undefined;
  if (Array.isArray(allow) && !badPaths.has("/metrics/allow")) {
    allow.forEach((entry: unknown, i) => {
      if (typeof entry !== "string" || badPaths.has(`/metrics/allow/${i}`) || (isProxyAddress(entry) && isIP(entry.split("/")[0]!) !== 0)) return;
      problems.push(`config: ${label(["metrics", "allow", String(i)])}: must be ${MUST_BE["metrics.allow"]} (got ${shown(entry)})`);
    });
  }
  const schedule = isObject(raw.backup) ? raw.backup.schedule : undefined;
  if (typeof schedule === "string" && !badPaths.has("/backup/schedule") && !cron.validate(schedule)) {
    problems.push(
      `config: ${label(["backup", "schedule"])}: must be a cron expression (minute hour day month weekday), like "30 3 * * *" (got ${shown(schedule)})`,
    );
  }
  if (problems.length > 0 || !origin) throw new ConfigError(problems, source);

  // Defaults come from the schema, except the port, which follows the origin's.
  const value = (key: string): unknown => raw[key] ?? structuredClone(schema.properties[key].default);
  const optional = (key: "summary" | "address" | "website" | "icon") => (typeof raw[key] === "string" ? { [key]: raw[key] } : {});
  const dataDir = resolve(baseDir ?? process.cwd(), value("dataDir") as string);
  const backup = { ...defaultsOf("backup"), ...(raw.backup as object | undefined) } as Raw;
  return Object.freeze({
    slug: raw.slug as string,
    name: raw.name as string,
    city: raw.city as string,
    country: raw.country as string,
    timezone: raw.timezone as string,
    origin: origin.origin,
    host: value("host") as string,
    port: (raw.port as number | undefined) ?? (origin.port ? Number(origin.port) : (value("port") as number)),
    dataDir,
    allowPrivateAddresses: value("allowPrivateAddresses") as boolean,
    manuallyApprovesFollowers: value("manuallyApprovesFollowers") as boolean,
    authorizedFetch: value("authorizedFetch") as boolean,
    pruneRemoteEventsAfterDays: value("pruneRemoteEventsAfterDays") as number,
    limits: Object.freeze({ ...defaultsOf("limits"), ...(raw.limits as object | undefined) }) as NodeConfig["limits"],
    locale: value("locale") as string,
    logLevel: value("logLevel") as LogLevel,
    logFormat: value("logFormat") as LogFormat,
    metrics: metricsAccess(raw.metrics as NodeConfig["metrics"] | undefined),
    network: Object.freeze([...(value("network") as string[])]),
    trustProxy: Object.freeze([...(value("trustProxy") as string[])]),
    backup: Object.freeze({
      enabled: backup.enabled as boolean,
      // Beside the database unless told otherwise; a relative path is read like dataDir's.
      dir: typeof backup.dir === "string" ? resolve(baseDir ?? process.cwd(), backup.dir) : join(dataDir, "backups"),
      schedule: backup.schedule as string,
      keep: backup.keep as number,
    }),
    ...optional("summary"),
    ...optional("address"),
    ...optional("website"),
    ...optional("icon"),
  });
}

/** Who may read /metrics: the allow list (default loopback) and the token, if one is set. */
function metricsAccess(raw: NodeConfig["metrics"] | undefined): NodeConfig["metrics"] {
  const allow = Object.freeze([...(raw?.allow ?? (defaultsOf("metrics").allow as string[]))]);
  return Object.freeze(raw?.token === undefined ? { allow } : { allow, token: raw.token });
}

/** The defaults of an object-valued setting's own keys. */
function defaultsOf(key: string): Raw {
  const properties = schema.properties[key].properties ?? {};
  return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, property.default]));
}

/** The schema of the setting at `path` (`["limits", "inboxConcurrency"]`); array indexes are skipped. */
function propertyAt(path: string[]): PropertySchema | undefined {
  let property: PropertySchema | undefined = schema.properties[path[0]];
  for (const segment of path.slice(1)) {
    if (/^\d+$/.test(segment)) continue;
    property = property?.properties?.[segment];
  }
  return property;
}

function describeError(error: ErrorObject, raw: Raw, label: (path: string[]) => string): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") {
    const key = String(params.missingProperty);
    const { title, examples } = schema.properties[key];
    return `missing required key "${key}" (${title}, e.g. ${shown(examples?.[0])})`;
  }
  if (error.keyword === "additionalProperties") {
    const parent = error.instancePath.split("/").slice(1);
    const key = String(params.additionalProperty);
    const siblings = parent.length === 0 ? schema.properties : (propertyAt(parent)?.properties ?? {});
    const squash = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, "");
    const near = Object.keys(siblings).find((k) => squash(k) === squash(key));
    const named = (k: string) => [...parent, k].join(".");
    return `unknown key "${named(key)}"${near ? ` (did you mean "${named(near)}"?)` : ""}`;
  }

  const path = error.instancePath.split("/").slice(1);
  const key = path[0];
  const value = path.reduce<unknown>((v, segment) => (v as Raw)[segment], raw);
  const property = propertyAt(path) ?? schema.properties[key];
  const got = ` (got ${shown(value)})`;
  switch (error.keyword) {
    case "type":
      return `${label(path)}: must be ${TYPE_NAMES[String(params.type)] ?? params.type}${got}`;
    case "minLength":
      return `${label(path)}: must not be ${params.limit === 1 ? "empty" : `shorter than ${params.limit} characters`}`;
    case "maxLength":
      return `${label(path)}: must be at most ${params.limit} characters (got ${String(value).length})`;
    case "minimum":
    case "maximum":
      return `${label(path)}: must be between ${property.minimum} and ${property.maximum}${got}`;
    case "enum":
      return `${label(path)}: must be one of ${property.enum?.map((v) => `"${v}"`).join(", ")}${got}`;
    case "uniqueItems":
      return `${label(path)}: ${shown((value as unknown[])[Number(params.j)])} is listed twice`;
    case "pattern":
    case "format":
      return `${label(path)}: must be ${MUST_BE[key] ?? `a string matching ${params.pattern}`}${got}`;
    default:
      return `${label(path)}: ${error.message}${got}`;
  }
}

function configPathFrom(argv: readonly string[]): string | undefined {
  let file: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== "--"; i++) {
    const arg = argv[i];
    if (arg !== "--config" && !arg.startsWith("--config=")) continue;
    file = arg === "--config" ? argv[++i] : arg.slice("--config=".length);
    if (!file || file.startsWith("--")) {
      throw new ConfigError([`config: --config needs a file path, e.g. "--config nodes/paris.json"`]);
    }
  }
  return file;
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "it is a folder" : (error as Error).message;
    throw new ConfigError([`config: cannot read ${shown(file)}: ${why}`], file);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")); // editors on Windows may add a BOM
  } catch (error) {
    throw new ConfigError([`config: ${shown(file)} is not valid JSON: ${(error as Error).message}`], file);
  }
}

// The node that runs when no config is given: Paris on loopback, for dev and demos.
// Its origin follows CANTINE_PORT so that `CANTINE_PORT=8101` still yields working IDs.
function defaultNode(portFromEnv: string | undefined): Raw {
  const wanted = Number(portFromEnv?.trim() || NaN);
  const port = Number.isInteger(wanted) && wanted >= 0 && wanted <= 65535 ? wanted : 8000;
  return {
    slug: "paris",
    name: "La Cantine Paris",
    city: "Paris",
    country: "FR",
    timezone: "Europe/Paris",
    origin: `http://127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    dataDir: "./data",
    allowPrivateAddresses: true, // loopback dev node: its peers are on 127.0.0.1 too
    locale: "fr",
    address: "151 rue Montmartre, Passage des Panoramas, 75002 Paris",
    summary:
      "La Cantine Paris, lieu de coworking et d'événements au cœur du Passage des Panoramas : " + "rencontres, ateliers et projets autour du numérique libre.",
  };
}

function parseOrigin(text: string): URL | undefined {
  try {
    const url = new URL(text);
    const plain = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    return (url.protocol === "http:" || url.protocol === "https:") && plain ? url : undefined;
  } catch {
    return undefined;
  }
}

/** An address or CIDR range Express's `trust proxy` accepts, or one of its named ranges. */
function isProxyAddress(entry: string): boolean {
  if (entry === "loopback" || entry === "linklocal" || entry === "uniquelocal") return true;
  const [address, prefix, ...rest] = entry.split("/");
  const version = isIP(address!);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function isIanaTimeZone(name: string): boolean {
  // Intl also accepts offsets like "+01:00", which are not zone names.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
