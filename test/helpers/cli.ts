import { spawn } from "node:child_process";

const repoRoot = new URL("../../", import.meta.url).pathname;

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs the `cantine` CLI in its own process, as an operator would. */
export function runCantine(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/cantine.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, CANTINE_CONFIG: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
