import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import { buildNode } from "../../node/app.ts";
import { installSafeFetch } from "../../federation/safe-fetch.ts";
import type { BuiltNode } from "../../node/app.ts";
import { loadConfig } from "../../node/config.ts";

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
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
}

/** Opens the node described by --config (or CANTINE_CONFIG, or the default node) on its data folder. */
export async function withNode<T>(configFile: string | undefined, work: (node: BuiltNode) => Promise<T>): Promise<T> {
  const config = loadConfig(configFile ? ["--config", configFile] : [], process.env);
  // The CLI fetches remote documents too (follow, sync): the same guard as the node.
  const uninstall = installSafeFetch({ allowPrivateAddresses: config.allowPrivateAddresses });
  const node = await buildNode(config);
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
