import { getLogger } from "@logtape/logtape";
import { extendSeriesHorizons } from "../domain/events/manage-series.ts";
import type { Network } from "../domain/network/network.ts";
import type { PublishingDeps } from "../domain/publishing/publishing.ts";

const log = getLogger(["cantine", "scheduler"]);

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

/** The instant `days` days before `now`, as the stores take it. */
function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

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
    description: "forget remote events that ended long ago, and the snapshots of delivered publications since superseded",
    schedule: "11 3 * * *",
    async run({ publishing, pruneAfterDays }) {
      const compacted = publishing.publications.compactSnapshots();
      return `${publishing.events.pruneRemoteEnded(daysBefore(publishing.now(), pruneAfterDays))} remote event(s) older than ${pruneAfterDays} days removed; ${compacted} superseded snapshot(s) dropped`;
    },
  },
  {
    name: "extend-series",
    description: "publish the occurrences of recurring series that enter the 90-day horizon",
    // 05:05 in the venue's zone. Clocks change only between 00:00 and 04:00, or after 21:00, local
    // time in every zone: a spring-forward day has no 02:05 in New York and no 03:05 in Helsinki
    // (node-cron skips the run), and autumn lives those hours twice. 05:05 happens once a day
    // everywhere, an hour clear of the latest change (test/node/scheduler/job-hours.test.ts).
    schedule: "5 5 * * *",
    async run({ publishing }) {
      const { created, failed } = extendSeriesHorizons(publishing);
      for (const { seriesId, reason } of failed) log.warning("Series {seriesId} not extended: {reason}", { seriesId, reason });
      return `${created} occurrence(s) published${failed.length ? `; failed: ${failed.map((f) => f.seriesId).join(", ")}` : ""}`;
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
