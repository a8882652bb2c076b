import { closeSync, mkdirSync, openSync, statSync, unlinkSync } from "node:fs";
import { dirname, join, parse, resolve, sep } from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;

/** The data folder cannot hold the database: what is wrong, in one line, naming the path. */
export class DataFolderError extends Error {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(problem);
    this.name = "DataFolderError";
    this.path = path;
  }
}

/**
 * Opens the node's SQLite database (WAL, foreign keys, a busy timeout so that a
 * second connection — the CLI beside a running node — waits instead of failing),
 * creating its folder first. A folder that cannot be made or written, or a file
 * SQLite cannot open, throws a DataFolderError.
 */
export function openDatabase(file: string): Db {
  if (file === ":memory:") return configure(new Database(file));
  prepareDataFolder(dirname(file));
  let db: Db | undefined;
  try {
    db = new Database(file);
    return configure(db);
  } catch (error) {
    if (db?.open) db.close();
    if (!(error instanceof Database.SqliteError)) throw error;
    throw new DataFolderError(file, `cannot open the database ${file}: ${error.message} (${error.code})`);
  }
}

function configure(db: Db): Db {
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

/**
 * Makes sure `dir` is a folder we can write in, creating what is missing one level at a time.
 * (Node's recursive mkdir loops forever on a path the file system refuses without saying why,
 * such as anything under /proc: each level is checked here instead, so every path gets an answer.)
 */
export function prepareDataFolder(dir: string): void {
  const absolute = resolve(dir);
  const { root } = parse(absolute);
  let current = root;
  for (const part of absolute.slice(root.length).split(sep).filter(Boolean)) {
    const parent = current;
    current = join(parent, part);
    const found = existing(current);
    if (found === "folder") continue;
    if (found !== undefined) throw new DataFolderError(current, `${current} is ${found === "file" ? "a file, " : ""}not a folder`);
    try {
      mkdirSync(current);
    } catch (error) {
      if (errorCode(error) === "EEXIST" && existing(current) === "folder") continue; // made by another process meanwhile
      throw new DataFolderError(current, `cannot create the folder ${current}: ${refusal(error, parent)}`);
    }
  }
  // A folder may exist and still refuse new files (read-only mount, /proc, permissions): try one.
  const probe = join(absolute, `.write-test-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    closeSync(openSync(probe, "wx"));
    unlinkSync(probe);
  } catch (error) {
    throw new DataFolderError(absolute, `cannot write in the folder ${absolute}: ${refusal(error, absolute)}`);
  }
}

function existing(path: string): "folder" | "file" | "other" | undefined {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats === undefined ? undefined : stats.isDirectory() ? "folder" : stats.isFile() ? "file" : "other";
  } catch (error) {
    throw new DataFolderError(path, `cannot look at ${path}: ${refusal(error, dirname(path))}`);
  }
}

/** Why the file system refused, in words, keeping the error code for searches. */
function refusal(error: unknown, where: string): string {
  const code = errorCode(error);
  const why: Record<string, string> = {
    EACCES: `permission denied in ${where}`,
    EPERM: `${where} does not allow it`,
    EROFS: `${where} is on a read-only file system`,
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    ENOENT: `${where} does not allow it`, // e.g. /proc: the parent exists, yet nothing can be made in it
    ENOTDIR: `part of the path is a file, not a folder`,
    ELOOP: "too many symbolic links in the path",
    ENAMETOOLONG: "the path is too long",
  };
  const text = (code && why[code]) ?? (error instanceof Error ? error.message : String(error));
  return code ? `${text} (${code})` : text;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
