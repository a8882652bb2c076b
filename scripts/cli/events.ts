import { readFileSync } from "node:fs";
import { formatProblems, ValidationError } from "../../node/domain/errors.ts";
import type { CantineEvent } from "../../node/domain/events/event.ts";
import { cancelEvent, deleteEvent, publishEvent, updateEvent } from "../../node/domain/events/manage-events.ts";
import { checkEventInput, eventPatch } from "../../node/http/validate-input.ts";
import type { Command, Io } from "./command.ts";
import { CliError, parse, withNode } from "./command.ts";
import { audienceText, whenText, whereText } from "./event-text.ts";

const usage = `cantine event add --title TITLE --starts DATETIME [--ends DATETIME] [--timezone ZONE]
      [--place NAME] [--address TEXT] [--room ROOM] [--online URL] [--organizer NAME] [--tags a,b]
      [--description MARKDOWN] [--registration URL] [--category CATEGORY] [--recurrence RRULE]
      [--capacity N] [--participation free|restricted|external|none] [--language CODE] [--json FILE] [--config FILE]
  cantine event edit EVENT_ID [any option of add; an empty value removes it, e.g. --ends ""] [--json PATCH_FILE]
  cantine event list [--all] [--config FILE]
  cantine event cancel EVENT_ID [--config FILE]
  cantine event delete EVENT_ID [--config FILE]
DATETIME is ISO 8601; without an offset it is wall-clock time in the event's zone (default: the node's).
A --place (or --room) without --address is at the venue: the event gets the venue's address.`;

// Flag → field of the event input; location fields are nested.
const FIELDS = {
  title: "title",
  starts: "startsAt",
  ends: "endsAt",
  timezone: "timezone",
  organizer: "organizer",
  description: "description",
  registration: "registrationUrl",
  category: "category",
  recurrence: "recurrence",
  language: "language",
  capacity: "capacity",
  tags: "tags",
  participation: "participation",
} as const;
const LOCATION = { place: "name", address: "address", room: "room", online: "url" } as const;
const FLAGS = [...Object.keys(FIELDS), ...Object.keys(LOCATION), "json"];

type Values = Record<string, string | boolean | string[] | undefined>;

function readJson(file: string, what: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file === "-" ? 0 : file, "utf8"));
  } catch (error) {
    throw new CliError(`Cannot read ${what} JSON from ${file}: ${(error as Error).message}`);
  }
}

/** A flag's value as the input wants it: a number, a list, or text. */
function fieldValue(flag: string, text: string): unknown {
  if (flag === "capacity") return Number(text);
  if (flag === "tags")
    return text
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  return text;
}

/**
 * The event input (add) or merge patch (edit) the flags stand for. For an edit, only the flags
 * given count, and an empty value removes the field (`--ends ""`).
 */
function inputFromFlags(values: Values, forEdit: boolean): Record<string, unknown> {
  if (typeof values.json === "string") return readJson(values.json, forEdit ? "patch" : "event");
  const given = (flag: string) => (typeof values[flag] === "string" ? (values[flag] as string) : undefined);
  const value = (flag: string, text: string) => (forEdit && text.trim() === "" ? null : fieldValue(flag, text));
  const input: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(FIELDS)) {
    const text = given(flag);
    if (text !== undefined) input[field] = value(flag, text);
  }
  const location: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(LOCATION)) {
    const text = given(flag);
    if (text !== undefined) location[field] = value(flag, text);
  }
  if (Object.keys(location).length > 0) input.location = location;
  return input;
}

/** What the node understood, for the operator to check: when (in the event's zone), where, and who gets it. */
function confirm(io: Io, verb: string, event: CantineEvent, venue: { name: string; address?: string }, followers: number): void {
  io.err(`${verb} "${event.title}": ${whenText(event)}, ${whereText(event.location, venue)}.`);
  io.err(audienceText(followers, verb === "Published" ? "it" : "the change"));
}

/** `cantine event …`: publish, edit, list, cancel and delete events on the node's data directly. */
export const eventCommand: Command = {
  name: "event",
  summary: "add, edit, list, cancel or delete events (followers are told)",
  usage,
  async run(args, io) {
    const flags = Object.fromEntries(FLAGS.map((n) => [n, { type: "string" as const }]));
    const { values, positionals } = parse(args, { ...flags, all: { type: "boolean" } });
    const [action, id] = positionals;
    return withNode(values.config, async (node) => {
      const followers = () => node.followers.countAccepted();
      try {
        if (action === "add") {
          const { event, series } = publishEvent(node.publishing, checkEventInput(inputFromFlags(values, false)));
          io.out(`${event.id}  ${event.url}`);
          confirm(io, "Published", event, node.publishing.venue, followers());
          if (series) io.err(`Series ${series.series.id}: ${series.occurrences.length} occurrences published.`);
          return 0;
        }
        if (action === "edit") {
          if (!id) throw new CliError(`Missing EVENT_ID. Usage:\n  ${usage}`, 2);
          const patch = inputFromFlags(values, true);
          if (Object.keys(patch).length === 0) throw new CliError(`Nothing to change: give at least one option of \`event add\`. Usage:\n  ${usage}`, 2);
          const event = updateEvent(node.publishing, id, eventPatch(patch));
          io.out(`${event.id}  ${event.url}`);
          confirm(io, "Updated", event, node.publishing.venue, followers());
          return 0;
        }
        if (action === "list") {
          const { items } = node.publishing.events.query({ local: true, from: values.all ? undefined : new Date().toISOString(), limit: 200, offset: 0 });
          for (const e of items) io.out(`${e.id}  ${whenText(e)}  ${e.status.padEnd(9)}  ${e.title}`);
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
