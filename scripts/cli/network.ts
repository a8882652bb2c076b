import { assertPublicUrl, FetchRefusedError } from "../../federation/safe-fetch.ts";
import { jobDeps } from "../../node/app.ts";
import type { SyncProgress } from "../../node/domain/network/network.ts";
import { NetworkError } from "../../node/domain/network/network.ts";
import { relayObject } from "../../node/domain/network/relay.ts";
import { findJob, jobs } from "../../node/scheduler/jobs.ts";
import type { Command, Io } from "./command.ts";
import { CliError, parse, withNode } from "./command.ts";

/** "2 page(s), 14 activities: 3 new, 1 updated, 0 deleted, 10 already up to date" (and what was refused, if anything). */
function describeProgress(p: SyncProgress): string {
  const refused = p.ignored > 0 ? `, ${p.ignored} refused (the node's debug log says why)` : "";
  return `${p.pages} page(s), ${p.activities} activities: ${p.created} new, ${p.updated} updated, ${p.deleted} deleted, ${p.unchanged} already up to date${refused}`;
}

/** The host a follow is aimed at: the domain of a handle, the host of a URL, or the host given. */
function targetHost(input: string): string | undefined {
  const text = input.trim().replace(/^acct:/, "");
  const handle = /^@?[^@\s]+@([^@\s]+)$/.exec(text);
  if (handle) return handle[1];
  try {
    return new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`).host;
  } catch {
    return undefined;
  }
}

/**
 * Why a follow of `input` cannot work on this node, when its host is a private address and the
 * config does not allow those: the reason names the config key to set.
 */
async function privateAddressReason(input: string, allowPrivateAddresses: boolean): Promise<string | undefined> {
  const host = targetHost(input);
  if (allowPrivateAddresses || host === undefined) return undefined;
  try {
    await assertPublicUrl(`https://${host}/`, { allowPrivateAddresses: false });
    return undefined;
  } catch (error) {
    return error instanceof FetchRefusedError ? error.reason : undefined;
  }
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
      const actor = await guard(() => node.network.follow(input)).catch(async (error: unknown) => {
        // A loopback or LAN cantine is refused by the fetch policy: say which config key allows it.
        const reason =
          error instanceof CliError && !error.message.includes("allowPrivateAddresses")
            ? await privateAddressReason(input, node.config.allowPrivateAddresses)
            : undefined;
        throw reason ? new CliError(`${error instanceof Error ? error.message : String(error)} (${reason})`) : error;
      });
      io.out(`Following ${actor.name} (${actor.handle ?? actor.actorId}): ${actor.followState}`);
      if (values["no-wait"] || actor.followState === "accepted") return 0;
      return (await waitForBackfill(node.cantines, actor.actorId, actor.lastSyncAt, timeoutMs, io)) ? 0 : 1;
    });
  },
};

type FollowState = { actorId: string; followState: string; lastSyncAt: string | null; lastError: string | null; upcomingEvents: number; projects: number };

const counts = (c: FollowState) => `${c.upcomingEvents} upcoming event(s), ${c.projects} project(s)`;

/**
 * Follows the back-fill the running node does once the Accept arrives. Counts are shown only
 * once the walk of the outbox has brought something in (never a "0" that the next line belies),
 * and in full when it is done.
 */
async function waitForBackfill(
  cantines: { listAll: () => FollowState[] },
  actorId: string,
  syncedBefore: string | null,
  timeoutMs: number,
  io: Io,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let state = "pending";
  let shown: string | undefined;
  while (Date.now() < deadline) {
    const now = cantines.listAll().find((c) => c.actorId === actorId)!;
    if (now.followState !== state) {
      state = now.followState;
      io.out(state === "accepted" ? "Accepted; reading its outbox to back-fill its programme…" : `Follow ${state}.`);
      if (state === "rejected") return false;
      shown = counts(now); // what we held before the walk: not news
    }
    if (now.lastSyncAt && now.lastSyncAt !== syncedBefore) {
      io.out(now.lastError ? `Back-fill failed: ${now.lastError}` : `Back-fill done: ${counts(now)} in the calendar.`);
      return !now.lastError;
    }
    if (state === "accepted" && counts(now) !== shown) io.out(`  ${(shown = counts(now))} so far…`);
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
        io.out(
          `${c.followState.padEnd(8)}  ${(c.handle ?? c.actorId).padEnd(36)}  ${(c.city ?? "—").padEnd(14)}  ${String(c.upcomingEvents).padStart(4)} events  ${String(c.projects).padStart(3)} projects  synced ${c.lastSyncAt ?? "never"}${c.lastError ? `  (${c.lastError})` : ""}`,
        );
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
      const { activityId } = await guard(() => relayObject(node.publishing, node.network, positionals[0]!));
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
