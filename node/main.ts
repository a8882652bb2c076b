import { enableCompileCache } from "node:module";
import { setFlagsFromString } from "node:v8";

// Start-up is mostly loading modules (Fedify alone is a few megabytes of JavaScript). Node's
// compile cache keeps each module's compiled code (and, for our TypeScript, its stripped
// JavaScript) on disk, keyed by content: from the second start on, a node loads in about half
// the CPU time. NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off. The
// modules are imported below, after it is on.
enableCompileCache();

// Loading the modules and generating keys allocate a lot at once, and V8 answers by growing the
// young generation to its maximum (64 MiB on a machine with a few GiB), which an idle node then
// keeps resident. It stays at its initial size while the node starts; once the node serves, V8
// grows it again as the load asks (the flag is read at each growth).
setFlagsFromString("--semi-space-growth-factor=1");

await import("./temporal.ts");
const { startNode } = await import("./app.ts");
const { ConfigError, loadConfig, StartupError } = await import("./config.ts");
const { configureLogging } = await import("./logging.ts");

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
  setFlagsFromString("--semi-space-growth-factor=2");
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
