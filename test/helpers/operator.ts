import { runCantine } from "./cli.ts";
import type { NodeProcess } from "./node-process.ts";

/** Issues an operator token with the CLI, as an operator would. */
export async function issueToken(node: NodeProcess, scopes = "events:write,projects:write"): Promise<string> {
  const result = await runCantine(["token", "issue", "--config", node.configFile, "--name", "test operator", "--scope", scopes]);
  if (result.code !== 0) throw new Error(`token issue failed: ${result.stderr}`);
  return result.stdout.trim();
}

export type ApiResponse = { status: number; body: any };

/** Calls the node's JSON API with a bearer token. */
export async function api(node: NodeProcess, method: string, path: string, token: string | null, body?: unknown): Promise<ApiResponse> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${node.origin}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
