import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "node:util";
import { installSafeFetch } from "../../federation/safe-fetch.ts";
import type { BuiltNode } from "../../node/app.ts";
import { buildNode } from "../../node/app.ts";
import type { NodeConfig } from "../../node/config.ts";
import { loadConfig } from "../../node/config.ts";
import { explainParseError } from "./suggest.ts";

/** Output streams, passed in so commands can be tested without a terminal. */
export type Io = { out: (line: string) => void; err: (line: string) => void };

export type Command = {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: Io): Promise<number>;
};

/** A mistake of the user's: printed without a stack trace, exit code 1 (2 for usage). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses a subcommand's flags; `--config FILE` is accepted by every command. */
export function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { config: { type: "string" }, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    // A mistyped option gets its likely spelling ("Did you mean --title?"), not Node's raw message.
    throw new CliError(explainParseError(error, ["config", ...Object.keys(options)]), 2);
  }
}

/** The config file `cantine init` writes and every command looks for in the current folder. */
const DEFAULT_CONFIG_FILE = "cantine.json";

export type ConfigChoice = Readonly<{ file: string; from: "--config" | "CANTINE_CONFIG" | "the current folder" }>;

/**
 * The config file a command is about: `--config FILE`, else CANTINE_CONFIG, else ./cantine.json.
 * With `mustExist`, ./cantine.json counts only if it is there (`cantine init` is the one command
 * that makes it). Never a built-in node: the CLI acts only on a node its operator named.
 */
export function chooseConfigFile(flag: string | undefined, options: { mustExist: boolean; cwd?: string }): ConfigChoice | undefined {
  if (flag) return { file: flag, from: "--config" };
  const fromEnv = process.env.CANTINE_CONFIG?.trim(); // empty means unset, as in "VAR= cmd"
  if (fromEnv) return { file: fromEnv, from: "CANTINE_CONFIG" };
  const local = join(options.cwd ?? process.cwd(), DEFAULT_CONFIG_FILE);
  return !options.mustExist || existsSync(local) ? { file: local, from: "the current folder" } : undefined;
}

/** How a config file is named to the operator: as given, or ./cantine.json. */
export function shownConfigFile(choice: ConfigChoice): string {
  return choice.from === "the current folder" ? `./${DEFAULT_CONFIG_FILE}` : choice.file;
}

/**
 * The config of the node a command acts on. Unless the operator passed --config, one line on
 * stderr says which node it is; with no config anywhere, the command is refused (exit 2).
 */
export function loadNodeConfig(flag: string | undefined, say: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): NodeConfig {
  const choice = chooseConfigFile(flag, { mustExist: true });
  if (!choice) throw new CliError("No node config: pass --config FILE, set CANTINE_CONFIG, or run `cantine init`", 2);
  const config = loadConfig(["--config", choice.file], process.env);
  if (choice.from !== "--config") {
    const via = choice.from === "CANTINE_CONFIG" ? " (from CANTINE_CONFIG)" : "";
    say(`Using ${shownConfigFile(choice)}${via} (${config.name}, @${config.slug}@${new URL(config.origin).host})`);
  }
  return config;
}

/** Opens the node described by --config (or CANTINE_CONFIG, or ./cantine.json) on its data folder. */
export async function withNode<T>(configFile: string | undefined, work: (node: BuiltNode) => Promise<T>): Promise<T> {
  return withNodeOf(loadNodeConfig(configFile), work);
}

/** Opens the node of `config` on its data folder, and closes it once `work` is done. */
export async function withNodeOf<T>(config: NodeConfig, work: (node: BuiltNode) => Promise<T>): Promise<T> {
  // The CLI fetches remote documents too (follow, sync): the same guard as the node.
  // Blocked servers are refused too, once the node's blocks can be read.
  let refuses: ((url: string) => string | null) | undefined;
  const uninstall = installSafeFetch({ allowPrivateAddresses: config.allowPrivateAddresses, refuses: (url) => refuses?.(url) ?? null });
  let node: BuiltNode;
  try {
    node = await buildNode(config);
  } catch (error) {
    uninstall();
    throw error;
  }
  refuses = node.refusesFetch;
  try {
    return await work(node);
  } finally {
    // What the command published is queued before the database closes.
    node.network.stop();
    await node.tasks.idle();
    await node.announcer.idle();
    node.close();
    uninstall();
  }
}
