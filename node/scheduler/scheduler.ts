import { getLogger } from "@logtape/logtape";
import type { ScheduledTask } from "node-cron";
import cron from "node-cron";
import type { JobDeps } from "./jobs.ts";
import { jobs } from "./jobs.ts";

const log = getLogger(["cantine", "scheduler"]);

/**
 * Registers every job with node-cron: one run at a time per job (noOverlap), each failure logged
 * and contained. `schedules` moves a job (a cron expression from the config) or stops it (null).
 * `stop()` destroys the tasks so that the process can exit.
 */
export function startScheduler(deps: JobDeps, timezone: string, schedules: Readonly<Record<string, string | null>> = {}): { stop(): Promise<void> } {
  const scheduled = jobs.flatMap((job) => {
    const schedule = Object.hasOwn(schedules, job.name) ? schedules[job.name] : job.schedule;
    return schedule ? [{ job, schedule }] : [];
  });
  const tasks: ScheduledTask[] = scheduled.map(({ job, schedule }) =>
    cron.schedule(
      schedule,
      async () => {
        try {
          const result = await job.run(deps);
          // The outbox flush runs every minute: report it only when debugging.
          if (job.name === "flush-outbox") log.debug("Job {job}: {result}", { job: job.name, result });
          else log.info("Job {job}: {result}", { job: job.name, result });
        } catch (error) {
          log.error("Job {job} failed: {error}", { job: job.name, error });
        }
      },
      { name: job.name, timezone, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
