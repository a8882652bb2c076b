import { readFileSync } from "node:fs";
import { formatProblems, ValidationError } from "../../node/domain/errors.ts";
import { cancelEvent, deleteEvent, publishEvent } from "../../node/domain/manage-events.ts";
import { CliError, parse, withNode } from "./command.ts";
import type { Command } from "./command.ts";

const usage = `cantine event add --title TITLE --starts DATETIME [--ends DATETIME] [--timezone ZONE]
      [--place NAME] [--address TEXT] [--room ROOM] [--online URL] [--organizer NAME] [--tags a,b]
      [--description MARKDOWN] [--registration URL] [--category CATEGORY] [--recurrence RRULE]
      [--capacity N] [--language CODE] [--json FILE] [--config FILE]
  cantine event list [--all] [--config FILE]
  cantine event cancel EVENT_ID [--config FILE]
  cantine event delete EVENT_ID [--config FILE]
DATETIME is ISO 8601; without an offset it is wall-clock time in the event's zone (default: the node's).`;

function inputFromFlags(values: Record<string, string | boolean | string[] | undefined>): Record<string, unknown> {
  if (typeof values.json === "string") {
    try {
      return JSON.parse(readFileSync(values.json === "-" ? 0 : values.json, "utf8"));
    } catch (error) {
      throw new CliError(`Cannot read event JSON from ${values.json}: ${(error as Error).message}`);
    }
  }
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const location = { name: text("place"), address: text("address"), room: text("room"), url: text("online") };
  const input: Record<string, unknown> = {
    title: text("title"),
    startsAt: text("starts"),
    endsAt: text("ends"),
    timezone: text("timezone"),
    organizer: text("organizer"),
    description: text("description"),
    registrationUrl: text("registration"),
    category: text("category"),
    recurrence: text("recurrence"),
    language: text("language"),
    capacity: text("capacity") === undefined ? undefined : Number(text("capacity")),
    tags: text("tags")?.split(",").map((t) => t.trim()).filter(Boolean),
    location: Object.values(location).some(Boolean) ? location : undefined,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** `cantine event …`: publish, list, cancel and delete events on the node's data directly. */
export const eventCommand: Command = {
  name: "event",
  summary: "add, list, cancel or delete events (followers are told)",
  usage,
  async run(args, io) {
    const flags = Object.fromEntries(
      ["title", "starts", "ends", "timezone", "place", "address", "room", "online", "organizer", "tags", "description", "registration", "category", "recurrence", "capacity", "language", "json"].map((n) => [n, { type: "string" as const }]),
    );
    const { values, positionals } = parse(args, { ...flags, all: { type: "boolean" } });
    const [action, id] = positionals;
    return withNode(values.config, async (node) => {
      try {
        if (action === "add") {
          const { event, series } = publishEvent(node.publishing, inputFromFlags(values));
          io.out(`${event.id}  ${event.url}`);
          if (series) io.err(`Series ${series.series.id}: ${series.occurrences.length} occurrences published.`);
          return 0;
        }
        if (action === "list") {
          const { items } = node.publishing.events.query({ local: true, from: values.all ? undefined : new Date().toISOString(), limit: 200, offset: 0 });
          for (const e of items) io.out(`${e.id}  ${e.startsAt}  ${e.status.padEnd(9)}  ${e.title}`);
          if (items.length === 0) io.err("No upcoming events.");
          return 0;
        }
        if (action === "cancel" || action === "delete") {
          if (!id) throw new CliError(`Missing EVENT_ID. Usage:\n  ${usage}`, 2);
          if (action === "cancel") cancelEvent(node.publishing, id);
          else deleteEvent(node.publishing, id);
          io.out(`${action === "cancel" ? "Cancelled" : "Deleted"} ${id}; followers will be told.`);
          return 0;
        }
      } catch (error) {
        if (error instanceof ValidationError) throw new CliError(`Invalid event:\n${formatProblems(error.problems)}`);
        if (error instanceof Error && /not found|was deleted|already/.test(error.message)) throw new CliError(error.message);
        throw error;
      }
      throw new CliError(`Unknown action "${action ?? ""}". Usage:\n  ${usage}`, 2);
    });
  },
};
