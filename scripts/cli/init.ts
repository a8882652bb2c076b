import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import type { NodeConfig } from "../../node/config.ts";
import { ConfigError, parseConfig } from "../../node/config.ts";
import type { NewInvitation } from "../../node/domain/accounts/manage-accounts.ts";
import { inviteOperator } from "../../node/domain/accounts/manage-accounts.ts";
import { formatProblems, ValidationError } from "../../node/domain/errors.ts";
import { invitationUrl } from "../../node/http/admin/routes-team.ts";
import { accountsOf } from "../../node/web-admin.ts";
import type { Command, Io } from "./command.ts";
import { CliError, chooseConfigFile, parse, shownConfigFile, withNodeOf } from "./command.ts";

const usage = `cantine init [--config FILE] [--slug HANDLE] [--name NAME] [--city CITY] [--country CC]
      [--timezone ZONE] [--origin URL] [--data-dir DIR] [--admin NAME] [--yes] [--force]
  Writes FILE (else CANTINE_CONFIG, else ./cantine.json) and creates the node's data folder and keys.
  Prints a one-time link (48 hours) where the first operator of the web admin, an admin named
  NAME (default "admin"), sets a password; none if the node has operators already.
  Asks for what the flags do not give; with --yes it asks nothing, and --city, --country,
  --timezone and --origin are then required. An existing FILE is kept unless --force.`;

type Field = "city" | "country" | "timezone" | "slug" | "name" | "origin" | "dataDir";

type Question = Readonly<{
  field: Field;
  flag: string;
  prompt: string;
  /** From the answers so far; undefined when the operator must answer. */
  suggest?: (answers: Partial<Record<Field, string>>) => string | undefined;
}>;

// Asked in this order: the handle and the name are suggested from the city.
const questions: readonly Question[] = [
  { field: "city", flag: "--city", prompt: "City of the venue (e.g. Paris)" },
  { field: "country", flag: "--country", prompt: "Country, as a two-letter code (e.g. FR)" },
  { field: "timezone", flag: "--timezone", prompt: "Time zone of the venue", suggest: () => Intl.DateTimeFormat().resolvedOptions().timeZone },
  { field: "slug", flag: "--slug", prompt: "Handle (the paris in @paris@paris.cantine.example)", suggest: ({ city }) => (city ? slugFrom(city) : undefined) },
  { field: "name", flag: "--name", prompt: "Name of the cantine", suggest: ({ city }) => (city ? `La Cantine ${city}` : undefined) },
  { field: "origin", flag: "--origin", prompt: "Public address, as the fediverse will see it (e.g. https://paris.cantine.example)" },
  { field: "dataDir", flag: "--data-dir", prompt: "Data folder, for the database and keys (relative to the config file)", suggest: () => "./data" },
];

// Flags that --yes cannot do without: a wrong guess would be wrong for good (the origin and
// handle make the node's identity) or quietly wrong (a server's zone is often UTC).
const requiredWithYes: readonly Field[] = ["city", "country", "timezone", "origin"];

/** A handle from a city's name: "São Paulo" → "sao-paulo". */
function slugFrom(city: string): string | undefined {
  const slug = city
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 30)
    .replace(/-+$/, "");
  return slug || undefined;
}

// Valid values for every key, so that one answer can be checked alone against the schema.
const placeholder: Record<Field, string> = {
  city: "Paris",
  country: "FR",
  timezone: "Europe/Paris",
  slug: "paris",
  name: "La Cantine Paris",
  origin: "https://paris.cantine.example",
  dataDir: "./data",
};

/** What is wrong with one answer, in the config parser's words, or undefined. */
function problemWith(field: Field, value: string): string | undefined {
  try {
    parseConfig({ ...placeholder, [field]: value });
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => problem.replace(/^config: /, "")).join("; ");
  }
}

type Reader = { ask(prompt: string): Promise<string | undefined>; close(): void };

/** Lines of stdin, one per question; undefined once the input has ended. */
function lineReader(): Reader {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  // The iterator buffers lines that arrive before their question (answers piped in at once).
  const lines = rl[Symbol.asyncIterator]();
  let ended = false;
  return {
    async ask(prompt) {
      process.stdout.write(prompt);
      const next = ended ? undefined : await lines.next();
      if (next === undefined || next.done) {
        ended = true;
        process.stdout.write("\n");
        return undefined;
      }
      const line = String(next.value).trim();
      if (!process.stdin.isTTY) process.stdout.write(`${line}\n`); // a transcript reads like a terminal's
      return line;
    },
    close: () => rl.close(),
  };
}

/** Asks until the answer is valid; an empty answer takes the suggestion. */
async function askFor(question: Question, suggested: string | undefined, reader: Reader, io: Io): Promise<string> {
  const name = question.flag.slice(2);
  for (;;) {
    const line = await reader.ask(`${question.prompt}${suggested ? ` [${suggested}]` : ""}: `);
    const answer = line || suggested;
    if (answer) {
      const problem = problemWith(question.field, answer);
      if (!problem) return answer;
      io.err(`  ${problem}`);
    } else if (line !== undefined) {
      io.err("  An answer is needed.");
    }
    if (line === undefined) throw new CliError(`No ${answer ? "valid " : ""}answer for ${name} before the end of the input: give it with ${question.flag}`, 2);
  }
}

export const initCommand: Command = {
  name: "init",
  summary: "set up a new node: write its config file, create its data folder and keys",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      slug: { type: "string" },
      name: { type: "string" },
      city: { type: "string" },
      country: { type: "string" },
      timezone: { type: "string" },
      origin: { type: "string" },
      "data-dir": { type: "string" },
      admin: { type: "string" },
      yes: { type: "boolean", short: "y" },
      force: { type: "boolean" },
    });
    if (positionals.length > 0) throw new CliError(`Unexpected argument "${positionals[0]}". Usage:\n  ${usage}`, 2);
    const choice = chooseConfigFile(values.config, { mustExist: false })!;
    const shown = shownConfigFile(choice);
    if (existsSync(choice.file) && !values.force) {
      throw new CliError(`${shown} already exists: it describes a node, whose identity lives in its data folder. Pass --force to replace the file.`);
    }

    const given: Partial<Record<Field, string>> = {};
    for (const question of questions) {
      const value = values[question.flag.slice(2) as keyof typeof values];
      if (typeof value === "string") given[question.field] = value.trim();
    }
    const flagProblems = Object.entries(given).flatMap(([field, value]) => {
      const problem = problemWith(field as Field, value!);
      return problem ? [`  - ${questions.find((q) => q.field === field)!.flag}: ${problem}`] : [];
    });
    if (flagProblems.length > 0) throw new CliError(["Invalid flags:", ...flagProblems].join("\n"), 2);

    const answers = values.yes ? withDefaults(given) : await ask(given, io);
    const raw = configFrom(answers);
    const config = parseConfig(raw, { baseDir: dirname(resolve(choice.file)), source: shown });

    // The data folder, keys and first invitation first: if they cannot be made, no config file is left behind.
    const invitation = await withNodeOf(config, async (node) => {
      const accounts = accountsOf(node.db, () => new Date());
      // Initialised again (--force) on a data folder that has operators: they keep their accounts.
      if (accounts.accounts.list().length > 0) return null;
      try {
        return inviteOperator(accounts, { name: values.admin ?? "admin", role: "admin" });
      } catch (error) {
        if (error instanceof ValidationError) throw new CliError(`--admin: ${formatProblems(error.problems)}`, 2);
        throw error;
      }
    });
    mkdirSync(dirname(resolve(choice.file)), { recursive: true });
    writeFileSync(choice.file, `${JSON.stringify(raw, null, 2)}\n`);
    report(config, shown, invitation, io);
    return 0;
  },
};

/** --yes: the suggestions for what the flags left out, and an error naming what has none. */
function withDefaults(given: Partial<Record<Field, string>>): Record<Field, string> {
  const missing = questions.filter((q) => requiredWithYes.includes(q.field) && given[q.field] === undefined).map((q) => q.flag);
  if (missing.length > 0) {
    throw new CliError(`Missing with --yes: ${missing.join(", ")} (or leave out --yes to be asked)`, 2);
  }
  const answers: Partial<Record<Field, string>> = { ...given };
  for (const question of questions) answers[question.field] ??= question.suggest?.(answers);
  return answers as Record<Field, string>;
}

async function ask(given: Partial<Record<Field, string>>, io: Io): Promise<Record<Field, string>> {
  const answers: Partial<Record<Field, string>> = { ...given };
  const reader = lineReader();
  try {
    for (const question of questions) {
      if (answers[question.field] !== undefined) continue;
      answers[question.field] = await askFor(question, question.suggest?.(answers), reader, io);
    }
  } finally {
    reader.close();
  }
  return answers as Record<Field, string>;
}

/** The config file's content: what was answered, and where the node listens behind its proxy. */
function configFrom(answers: Record<Field, string>): Record<string, unknown> {
  const origin = new URL(answers.origin);
  return {
    slug: answers.slug,
    name: answers.name,
    city: answers.city,
    country: answers.country,
    timezone: answers.timezone,
    origin: origin.origin,
    host: "127.0.0.1",
    port: origin.port ? Number(origin.port) : 8000,
    dataDir: answers.dataDir,
  };
}

function report(config: NodeConfig, shown: string, invitation: NewInvitation | null, io: Io): void {
  const handle = `@${config.slug}@${new URL(config.origin).host}`;
  const flag = `--config ${shown}`;
  io.out(`Wrote ${shown}; the database and keys of ${config.name} are in ${config.dataDir}.`);
  io.out(`Handle: ${handle}`);
  io.out("");
  io.out("Next steps:");
  io.out(`  1. Start the node:    npm start -- ${flag}   (it listens on http://${config.host}:${config.port})`);
  if (config.origin.startsWith("https:")) {
    io.out(`  2. Put a TLS reverse proxy for ${new URL(config.origin).host} in front of it (README, "Production").`);
  } else {
    io.out(`  2. For Mastodon to follow it, the origin must be public and https (README, "Production").`);
  }
  const nextWeek = Temporal.Now.plainDateISO(config.timezone).add({ days: 7 });
  io.out(`  3. Publish an event:  npm run cantine -- event add ${flag} --title "…" --starts ${nextWeek}T19:00`);
  io.out(`  4. Follow it from Mastodon: search for ${handle}`);
  io.out(`  5. Back it up: its database holds its keys (cantine backup FILE ${flag}).`);
  if (invitation) {
    io.out(`  6. Run the programme from the web admin: once the node runs, open this link (it works once, for 48 hours)`);
    io.out(`     to choose the password of "${invitation.account.name}", the first admin:`);
    io.out(`     ${invitationUrl(config.origin, invitation)}`);
    io.out(`     A new link, if it expires: npm run cantine -- admin reset "${invitation.account.name}" ${flag}`);
  } else {
    io.out(`  6. The web admin is at ${new URL("/admin", config.origin).href} (this node has operators already: cantine admin list ${flag}).`);
  }
}
