#!/usr/bin/env node
import "../node/temporal.ts";
import { ConfigError, StartupError } from "../node/config.ts";
import { adminCommand } from "./cli/admin.ts";
import { backupCommand, restoreCommand } from "./cli/backup.ts";
import type { Command, Io } from "./cli/command.ts";
import { CliError } from "./cli/command.ts";
import { eventCommand } from "./cli/events.ts";
import { followersCommand } from "./cli/followers.ts";
import { initCommand } from "./cli/init.ts";
import { moderationCommands } from "./cli/moderation.ts";
import { followCommand, followsCommand, jobsCommand, relayCommand, syncCommand, unfollowCommand } from "./cli/network.ts";
import { participantsCommand } from "./cli/participants.ts";
import { projectCommand } from "./cli/projects.ts";
import { tokenCommand } from "./cli/token.ts";

const commands: Command[] = [
  initCommand,
  adminCommand,
  tokenCommand,
  eventCommand,
  projectCommand,
  followCommand,
  unfollowCommand,
  followsCommand,
  syncCommand,
  relayCommand,
  followersCommand,
  participantsCommand,
  jobsCommand,
  backupCommand,
  restoreCommand,
  ...moderationCommands,
];

function help(io: Io): void {
  io.out("cantine — operate a cantine node\n");
  io.out("Usage: cantine COMMAND [options]   (npm run cantine -- COMMAND …)\n");
  io.out("Every command acts on the node of --config FILE, else CANTINE_CONFIG, else ./cantine.json (`cantine init` writes one).\n");
  io.out("Commands:");
  for (const command of commands) io.out(`  ${command.name.padEnd(12)} ${command.summary}`);
  io.out("\nRun `cantine COMMAND --help` for a command's usage.");
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    help(io);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}". Run \`cantine help\` for the list.`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`${command.summary}\n\nUsage:\n  ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 2;
    }
    if (error instanceof StartupError) {
      io.err(`cantine: cannot open the node's data: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) {
  const io: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
  runCli(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`cantine: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
