// How log records are written: readable text lines (the default), or JSON lines for a log
// collector. Both show the request id that node/http/request-context.ts puts in the context of
// everything logged while a request is handled.
import { inspect } from "node:util";
import type { LogRecord, TextFormatter } from "@logtape/logtape";
import { getJsonLinesFormatter, getTextFormatter } from "@logtape/logtape";

export type LogFormat = "text" | "json";

/** A value inside a message: strings as they are, errors as "Name: message", the rest inspected on one line. */
function shownInText(value: unknown): string {
  return typeof value === "string" ? value : inspect(value, { depth: 3, breakLength: Infinity });
}

function shownInJson(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return shownInText(value);
}

/** The message with its values filled in. */
function renderMessage(message: readonly unknown[], show: (value: unknown) => string = shownInText): string {
  let text = "";
  for (let i = 0; i < message.length; i++) text += i % 2 === 0 ? String(message[i]) : show(message[i]);
  return text;
}

function requestIdOf(record: LogRecord): string | undefined {
  const id = record.properties.requestId;
  return typeof id === "string" ? id : undefined;
}

/** `2026-11-28 18:00:00.000 +00:00 INFO cantine·http: message [request id]`, as before, with the id when there is one. */
export function textFormatter(prefix = ""): TextFormatter {
  return getTextFormatter({
    timestamp: "date-time",
    value: shownInText,
    format: ({ timestamp, level, category, message, record }) => {
      const id = requestIdOf(record);
      return `${timestamp} ${prefix}${level.toUpperCase()} ${category}: ${message}${id ? ` [${id}]` : ""}`;
    },
  });
}

/**
 * One JSON object per line (LogTape's JSON Lines layout): `@timestamp`, `level`, `message` (its
 * values filled in as plain text), `logger` (the category joined by dots), and `properties` with
 * the structured values (errors with their stack) and the `requestId` of the request, if any.
 */
export function jsonFormatter(): TextFormatter {
  const base = getJsonLinesFormatter({ categorySeparator: ".", message: "rendered", properties: "nest:properties" });
  return (record) => base({ ...record, message: [renderMessage(record.message, shownInJson)] });
}

export function formatterFor(format: LogFormat, prefix = ""): TextFormatter {
  return format === "json" ? jsonFormatter() : textFormatter(prefix);
}
