import { jobDeps } from "../../node/app.ts";
import { NetworkError } from "../../node/domain/network.ts";
import type { SyncProgress } from "../../node/domain/network.ts";
import { findJob, jobs } from "../../node/scheduler/jobs.ts";
import { CliError, parse, withNode } from "./command.ts";
import type { Command, Io } from "./command.ts";

function describeProgress(p: SyncProgress): string {
  return `${p.pages} page(s), ${p.activities} activities: ${p.created} new, ${p.updated} updated, ${p.deleted} deleted, ${p.ignored} ignored`;
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NetworkError) throw new CliError(error.message);
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `cantine follow HANDLE`: sends the Follow (the running node delivers it), waits for the
 * Accept, then shows the back-fill the node runs as it happens.
 */
export const followCommand: Command = {
  name: "follow",
  summary: "follow another cantine (or a Gancio/Mobilizon instance) and back-fill its programme",
  usage: "cantine follow HANDLE|ACTOR_URL|HOST [--no-wait] [--timeout SECONDS] [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, { "no-wait": { type: "boolean" }, timeout: { type: "string" } });
    const [input] = positionals;
    if (!input) throw new CliError(`Missing HANDLE. Usage:\n  ${followCommand.usage}`, 2);
    const timeoutMs = Number(values.timeout ?? 60) * 1000;
    return withNode(values.config, async (node) => {
      const actor = await guard(() => node.network.follow(input));
      io.out(`Following ${actor.name} (${actor.handle ?? actor.actorId}): ${actor.followState}`);
      if (values["no-wait"] || actor.followState === "accepted") return 0;
      return (await waitForBackfill(node.cantines, actor.actorId, actor.lastSyncAt, timeoutMs, io)) ? 0 : 1;
    });
  },
};

async function waitForBackfill(cantines: { listAll: () => { actorId: string; followState: string; lastSyncAt: string | null; lastError: string | null; upcomingEvents: number; projects: number }[] }, actorId: string, syncedBefore: string | null, timeoutMs: number, io: Io): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let state = "pending";
  let shown = "";
  while (Date.now() < deadline) {
    const now = cantines.listAll().find((c) => c.actorId === actorId)!;
    if (now.followState !== state) {
      state = now.followState;
      io.out(state === "accepted" ? "Accepted; back-filling its programme…" : `Follow ${state}.`);
      if (state === "rejected") return false;
    }
    const line = `  ${now.upcomingEvents} upcoming event(s), ${now.projects} project(s) imported`;
    if (state === "accepted" && line !== shown) io.out((shown = line));
    if (now.lastSyncAt && now.lastSyncAt !== syncedBefore) {
      io.out(now.lastError ? `Back-fill failed: ${now.lastError}` : "Back-fill done.");
      return !now.lastError;
    }
    await sleep(500);
  }
  io.err(state === "pending" ? "No answer yet: the follow stays pending (is the node running?)." : "Back-fill still running; see `cantine follows`.");
  return false;
}

export const unfollowCommand: Command = {
  name: "unfollow",
  summary: "stop following a cantine (sends Undo(Follow); its events leave the calendar)",
  usage: "cantine unfollow HANDLE|ACTOR_URL [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    if (!positionals[0]) throw new CliError(`Missing HANDLE. Usage:\n  ${unfollowCommand.usage}`, 2);
    return withNode(values.config, async (node) => {
      await guard(() => node.network.unfollow(positionals[0]!));
      io.out(`Unfollowed ${positionals[0]}.`);
      return 0;
    });
  },
};

export const followsCommand: Command = {
  name: "follows",
  summary: "list the cantines this node follows, with state, last sync and counts",
  usage: "cantine follows [--config FILE]",
  async run(args, io) {
    const { values } = parse(args, {});
    return withNode(values.config, async (node) => {
      const rows = node.network.list().filter((c) => !c.local);
      for (const c of rows) {
        io.out(`${c.followState.padEnd(8)}  ${(c.handle ?? c.actorId).padEnd(36)}  ${(c.city ?? "—").padEnd(14)}  ${String(c.upcomingEvents).padStart(4)} events  ${String(c.projects).padStart(3)} projects  synced ${c.lastSyncAt ?? "never"}${c.lastError ? `  (${c.lastError})` : ""}`);
      }
      if (rows.length === 0) io.err("Not following any cantine yet: `cantine follow @sf@sf.cantine.example`.");
      return 0;
    });
  },
};

export const syncCommand: Command = {
  name: "sync",
  summary: "walk a followed cantine's outbox now (back-fill, catch missed deliveries)",
  usage: "cantine sync HANDLE|ACTOR_URL [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    if (!positionals[0]) throw new CliError(`Missing HANDLE. Usage:\n  ${syncCommand.usage}`, 2);
    return withNode(values.config, async (node) => {
      const result = await guard(() => node.network.sync(positionals[0]!, (p) => io.err(`  … ${describeProgress(p)}`)));
      io.out(`Synced: ${describeProgress(result)}`);
      return 0;
    });
  },
};

export const relayCommand: Command = {
  name: "relay",
  summary: "announce another cantine's project (or event) to this node's followers",
  usage: "cantine relay OBJECT_URL [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    if (!positionals[0]) throw new CliError(`Missing OBJECT_URL. Usage:\n  ${relayCommand.usage}`, 2);
    return withNode(values.config, async (node) => {
      const { activityId } = await guard(() => node.network.relay(positionals[0]!));
      io.out(`Relayed ${positionals[0]} (${activityId}).`);
      return 0;
    });
  },
};

export const jobsCommand: Command = {
  name: "jobs",
  summary: "list the scheduled jobs or run one now",
  usage: "cantine jobs list\n  cantine jobs run NAME [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    const [action, name] = positionals;
    if (action === "list") {
      for (const job of jobs) io.out(`${job.name.padEnd(17)} ${job.schedule.padEnd(14)} ${job.description}`);
      return 0;
    }
    if (action !== "run") throw new CliError(`Unknown action "${action ?? ""}". Usage:\n  ${jobsCommand.usage}`, 2);
    const job = name ? findJob(name) : undefined;
    if (!job) throw new CliError(`Unknown job "${name ?? ""}"; jobs: ${jobs.map((j) => j.name).join(", ")}.`, 2);
    return withNode(values.config, async (node) => {
      io.out(`${job.name}: ${await job.run(jobDeps(node))}`);
      return 0;
    });
  },
};
