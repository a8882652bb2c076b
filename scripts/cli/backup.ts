import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { databaseFile } from "../../node/app.ts";
import type { BackupContents } from "../../node/storage/backup.ts";
import { backupDatabaseFile, backupInto, databaseInUse, fileTimestamp, inspectDatabase, replaceDatabase } from "../../node/storage/backup.ts";
import { bundledMigrations } from "../../node/storage/migrate.ts";
import type { Command } from "./command.ts";
import { CliError, loadNodeConfig, parse } from "./command.ts";

function describe(contents: BackupContents): string {
  const keys = contents.actors.length > 0 ? `the keys of ${contents.actors.join(", ")}` : "no actor keys";
  return `${contents.events} event(s), ${keys}, schema ${contents.migrations.at(-1) ?? "empty"}`;
}

/** The path of a file the operator named, which must not be the live database or its journals. */
function outsideLive(path: string, live: string, what: string): string {
  const file = resolve(path);
  if (file === live || file.startsWith(`${live}-`)) throw new CliError(`${path} is the node's live database, not a ${what}.`, 2);
  return file;
}

export const backupCommand: Command = {
  name: "backup",
  summary: "copy the node's database (events, followers and keys), even while the node runs",
  usage: `cantine backup [FILE|FOLDER] [--config FILE]
  Copies the database to FILE (in FOLDER, as cantine-<date>.db); without either, to backup.dir,
  keeping the newest backup.keep copies, as the scheduled backup does.`,
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    if (positionals.length > 1) throw new CliError(`One destination only. Usage:\n  ${backupCommand.usage}`, 2);
    const config = loadNodeConfig(values.config);
    const live = databaseFile(config);
    if (!existsSync(live)) throw new CliError(`No database at ${live}: this node has never run (cantine init, or start it once).`);

    let file: string;
    if (positionals[0] === undefined) {
      // Through one connection, like the node's own scheduled backup.
      const db = new Database(live, { fileMustExist: true, timeout: 5000 });
      try {
        const done = await backupInto(db, config.backup.dir, config.backup.keep, new Date());
        file = done.file;
        if (done.removed.length > 0) io.out(`Removed ${done.removed.length} older copy(ies) from ${config.backup.dir}.`);
      } finally {
        db.close();
      }
    } else {
      file = outsideLive(positionals[0], live, "backup destination");
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, `cantine-${fileTimestamp(new Date())}.db`);
      if (!existsSync(dirname(file))) throw new CliError(`No folder ${dirname(file)} to write the backup in.`);
      await backupDatabaseFile(live, file);
    }
    const inspected = inspectDatabase(file, bundledMigrations());
    if (!inspected.ok) throw new Error(`the copy ${file} cannot be read back: ${inspected.reason}`);
    io.out(`Backed up ${config.name} to ${file}: ${describe(inspected.contents)}.`);
    io.out("Keep it safe and private: it holds the node's private keys.");
    return 0;
  },
};

export const restoreCommand: Command = {
  name: "restore",
  summary: "put a backup in place of the node's database (the node must be stopped)",
  usage: `cantine restore FILE [--config FILE]
  Checks FILE, then replaces the database with it; the database it replaces is kept beside it
  as cantine.db.before-restore-<date>. Refused while the node (or another command) uses it.`,
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    if (positionals.length !== 1) throw new CliError(`Which backup? Usage:\n  ${restoreCommand.usage}`, 2);
    const config = loadNodeConfig(values.config);
    const live = databaseFile(config);
    const source = outsideLive(positionals[0]!, live, "backup");
    if (!existsSync(source) || !statSync(source).isFile()) throw new CliError(`No backup file ${positionals[0]}.`);

    const inspected = inspectDatabase(source, bundledMigrations());
    if (!inspected.ok) throw new CliError(`Not restoring ${positionals[0]}: ${inspected.reason}.`);
    const { contents } = inspected;
    if (!contents.actors.includes(config.slug)) {
      throw new CliError(
        `Not restoring ${positionals[0]}: it holds ${contents.actors.length ? `the keys of ${contents.actors.join(", ")}` : "no actor keys"}, not those of ${config.slug}; it is not a backup of this node.`,
      );
    }
    if (databaseInUse(live)) {
      throw new CliError(
        `Not restoring: the node is running (${live} is in use by it or by another cantine command). Stop it first (e.g. systemctl stop cantine), then restore.`,
      );
    }
    const { kept } = replaceDatabase(live, source, new Date());
    io.out(`Restored ${positionals[0]} into ${live}: ${describe(contents)}.`);
    if (kept) io.out(`The database it replaced is kept as ${kept}.`);
    io.out("Start the node again; it brings the schema up to date if the backup is older.");
    return 0;
  },
};
