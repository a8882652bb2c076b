import { AsyncLocalStorage } from "node:async_hooks";
import type { Sink } from "@logtape/logtape";
import { configure, getConsoleSink } from "@logtape/logtape";
import type { LogFormat } from "./observability/log-format.ts";
import { formatterFor } from "./observability/log-format.ts";

export type LogLevel = "debug" | "info" | "warning" | "error";

export type LoggingOptions = {
  /** "text" (readable lines, the default) or "json" (JSON lines). */
  format?: LogFormat;
  /** Put before the level on text lines (the demo names its nodes). */
  prefix?: string;
  /** Where records go; default the console (stdout/stderr). */
  sink?: Sink;
};

/**
 * Process-wide logging, set once by the entry point (never by buildNode, so tests and the demo
 * can run several nodes in one process). Fedify logs through LogTape as well; it stays at
 * warning unless we are debugging. The context storage carries each request's id
 * (node/http/request-context.ts) into every record logged while it is handled.
 */
export async function configureLogging(level: LogLevel, options: LoggingOptions = {}): Promise<void> {
  const sink = options.sink ?? getConsoleSink({ formatter: formatterFor(options.format ?? "text", options.prefix) });
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: sink },
    loggers: [
      { category: "cantine", lowestLevel: level, sinks: ["console"] },
      { category: "fedify", lowestLevel: level === "debug" ? "debug" : "warning", sinks: ["console"] },
      // Fedify logs every request it does not serve; pages and the API are served after it.
      { category: ["fedify", "federation", "http"], lowestLevel: "error", sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}
