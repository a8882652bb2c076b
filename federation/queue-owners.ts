// Who holds the queue's leases. A lease normally ends when its handler settles, or after it
// expires; but a process killed mid-delivery leaves leases nobody will settle. Each queue
// instance records itself (pid, random token) before its first claim and signs each lease with
// its token, so that a starting process can tell the leases of a process that no longer runs —
// released at once — from those of a live one (a CLI, a second node), which it leaves alone.
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";
import type Database from "better-sqlite3";

type Db = Database.Database;

type OwnerRow = { token: string; queue: string; pid: number; scope: string; started: string | null };

/** Tokens of the owners this process registered and has not unregistered. */
const liveHere = new Set<string>();

function readOr(read: () => string, fallback: string): string {
  try {
    return read().trim();
  } catch {
    return fallback;
  }
}

/**
 * Where a pid names one process: this host, since its last boot, in this pid namespace (a
 * container sharing the data folder has its own). An owner from another scope is never judged
 * by its pid: its leases simply expire.
 */
export const processScope: string = [
  hostname(),
  readOr(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8"), ""),
  readOr(() => readlinkSync("/proc/self/ns/pid"), ""),
].join(" ");

/** A process as the system sees it (Linux): its state letter and its start time since boot. */
function processStat(pid: number): { state: string; started: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "PID (command) STATE …": the command may hold spaces and parentheses; field 22 is the start.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] === undefined ? undefined : { state: fields[0]!, started: fields[19] };
  } catch {
    return undefined;
  }
}

/** Whether the process that registered `owner` has ended, as far as this process can tell. */
function ownerIsGone(owner: Pick<OwnerRow, "token" | "pid" | "scope" | "started">): boolean {
  if (owner.scope !== processScope) return false;
  // Our own pid: that owner is us, or a process before us that had the same pid (a restarted
  // container often gets it again).
  if (owner.pid === process.pid) return !liveHere.has(owner.token);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH"; // EPERM: it runs, as another user
  }
  // The pid runs: the same process, unless it has died unreaped or the pid was given again.
  const stat = processStat(owner.pid);
  if (stat === undefined) return false;
  return stat.state === "Z" || stat.state === "X" || (owner.started !== null && stat.started !== owner.started);
}

/** One queue instance as a lease owner: recorded before its first claim, removed when it stops. */
export class LeaseOwner {
  readonly token: string = crypto.randomUUID();
  readonly #queue: string;
  readonly #insert: Database.Statement<[string, string, number, string, string | null, number]>;
  readonly #delete: Database.Statement<[string]>;
  #registered = false;

  constructor(db: Db, queue: string) {
    this.#queue = queue;
    this.#insert = db.prepare("INSERT OR REPLACE INTO fedify_queue_owners (token, queue, pid, scope, started, registered_at) VALUES (?, ?, ?, ?, ?, ?)");
    this.#delete = db.prepare("DELETE FROM fedify_queue_owners WHERE token = ?");
  }

  /** Before any lease is signed with the token (cheap once done). */
  register(): void {
    if (this.#registered) return;
    liveHere.add(this.token);
    this.#insert.run(this.token, this.#queue, process.pid, processScope, processStat(process.pid)?.started ?? null, Date.now());
    this.#registered = true;
  }

  /** Once its handlers have settled. A lease it still holds (a failed settle) expires as before. */
  unregister(): void {
    if (!this.#registered) return;
    this.#delete.run(this.token);
    liveHere.delete(this.token);
    this.#registered = false;
  }
}

/**
 * Releases the leases held by owners whose process has ended, so that their messages can be
 * claimed now rather than when their leases expire, and forgets those owners. Returns the number
 * of messages released per queue name. Leases of live owners, of owners this process cannot
 * judge, and leases taken before owners were recorded are left to expire.
 */
export function releaseLeasesOfGoneOwners(db: Db): Map<string, number> {
  const owners = db.prepare("SELECT token, queue, pid, scope, started FROM fedify_queue_owners").all() as OwnerRow[];
  const gone = owners.filter(ownerIsGone);
  const released = new Map<string, number>();
  if (gone.length === 0) return released;
  const release = db.prepare<[string], { queue: string }>(
    "UPDATE fedify_queue SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ? AND lease_until IS NOT NULL RETURNING queue",
  );
  const forget = db.prepare<[string]>("DELETE FROM fedify_queue_owners WHERE token = ?");
  db.transaction(() => {
    for (const owner of gone) {
      for (const { queue } of release.all(owner.token)) released.set(queue, (released.get(queue) ?? 0) + 1);
      forget.run(owner.token);
    }
  }).immediate();
  return released;
}
