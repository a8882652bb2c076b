import { extendSeriesHorizons } from "../domain/events/manage-series.ts";
import type { Network } from "../domain/network/network.ts";
import type { PublishingDeps } from "../domain/publishing/publishing.ts";

export type JobDeps = Readonly<{
  network: Network;
  publishing: PublishingDeps;
  pruneAfterDays: number;
  /** Copies the database into the backup folder and prunes old copies; absent when backups are off. */
  backup?: () => Promise<string>;
}>;

export type Job = Readonly<{
  name: string;
  description: string;
  /** node-cron expression (minute hour day month weekday). */
  schedule: string;
  run(deps: JobDeps): Promise<string>;
}>;

/** The node's housekeeping; each job is a plain function, also runnable by hand (`cantine jobs run NAME`). */
export const jobs: readonly Job[] = [
  {
    name: "reconcile",
    description: "walk every followed cantine's outbox: catches missed deliveries and deletions",
    schedule: "17 */3 * * *",
    async run({ network }) {
      const { synced, failed } = await network.syncAll();
      return `${synced} cantine(s) reconciled${failed.length ? `; failed: ${failed.join(", ")}` : ""}`;
    },
  },
  {
    name: "refresh-profiles",
    description: "re-fetch followed cantines' profiles (name, city, inboxes)",
    schedule: "43 4 * * *",
    async run({ network }) {
      const { refreshed, failed } = await network.refreshProfiles();
      return `${refreshed} profile(s) refreshed${failed.length ? `; failed: ${failed.join(", ")}` : ""}`;
    },
  },
  {
    name: "prune",
    description: "forget remote events that ended long ago",
    schedule: "11 3 * * *",
    async run({ network, pruneAfterDays }) {
      return `${network.pruneRemoteEvents(pruneAfterDays)} remote event(s) older than ${pruneAfterDays} days removed`;
    },
  },
  {
    name: "extend-series",
    description: "publish the occurrences of recurring series that enter the 90-day horizon",
    schedule: "5 2 * * *",
    async run({ publishing }) {
      return `${extendSeriesHorizons(publishing)} occurrence(s) published`;
    },
  },
  {
    name: "backup",
    description: "copy the database (and so the node's keys) to backup.dir, keeping the newest backup.keep copies",
    // The config's default; `backup.schedule` moves it and `backup.enabled: false` stops it.
    schedule: "30 3 * * *",
    async run({ backup }) {
      return backup ? backup() : "backups are off (backup.enabled is false)";
    },
  },
  {
    name: "flush-outbox",
    description: "send publications left pending by a crash or an error",
    schedule: "* * * * *",
    async run({ publishing }) {
      return `${await publishing.announcer.flushPending()} pending publication(s) sent`;
    },
  },
];

export function findJob(name: string): Job | undefined {
  return jobs.find((job) => job.name === name);
}
