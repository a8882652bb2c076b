import "./temporal.ts";
import { startNode } from "./app.ts";
import { ConfigError, loadConfig, StartupError } from "./config.ts";
import { configureLogging } from "./logging.ts";

/** Entry point: `npm start -- --config FILE` (or CANTINE_CONFIG=FILE, or the built-in Paris node). */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  await configureLogging(config.logLevel, { format: config.logFormat });
  let node: Awaited<ReturnType<typeof startNode>>;
  try {
    node = await startNode(config);
  } catch (error) {
    // The port is taken, the data folder unusable…: the operator's to fix, so no stack trace.
    if (error instanceof StartupError) {
      process.stderr.write(`Cantine node cannot start: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const host = new URL(config.origin).host;
  process.stdout.write(`Cantine node "${config.name}" is up: ${config.origin} (follow @${config.slug}@${host})\n`);

  const stop = async (signal: string) => {
    process.stdout.write(`Received ${signal}, stopping…\n`);
    await node.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  process.stderr.write(`Cantine node failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
