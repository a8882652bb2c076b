import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import { configure, getConsoleSink, getTextFormatter } from "@logtape/logtape";

export type LogLevel = "debug" | "info" | "warning" | "error";

/**
 * Process-wide logging, set once by the entry point (never by buildNode, so tests and the demo
 * can run several nodes in one process). Fedify logs through LogTape as well; it stays at
 * warning unless we are debugging.
 */
export async function configureLogging(level: LogLevel, prefix = ""): Promise<void> {
  const formatter = getTextFormatter({
    timestamp: "date-time",
    value: (value) => (typeof value === "string" ? value : inspect(value, { depth: 3, breakLength: Infinity })),
    format: ({ timestamp, level: lvl, category, message }) => `${timestamp} ${prefix}${lvl.toUpperCase()} ${category}: ${message}`,
  });
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: getConsoleSink({ formatter }) },
    loggers: [
      { category: "cantine", lowestLevel: level, sinks: ["console"] },
      { category: "fedify", lowestLevel: level === "debug" ? "debug" : "warning", sinks: ["console"] },
      // Fedify logs every request it does not serve; pages and the API are served after it.
      { category: ["fedify", "federation", "http"], lowestLevel: "error", sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}
