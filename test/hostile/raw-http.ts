// Raw HTTP requests for the hostile corpus: paths sent exactly as written, bodies as bytes.

import type { IncomingHttpHeaders } from "node:http";
import http from "node:http";

/** The status reported when the server closed the connection without an answer. */
export const HUNG_UP = 0;

export type RawResponse = { status: number; headers: IncomingHttpHeaders; text: string };

export type RawRequest = { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer };

/**
 * One HTTP/1.1 request with node:http, which sends the path as written (`..`, `%FF` and `//`
 * included) where fetch() would normalise it first. The connection is not reused.
 */
export function rawRequest(origin: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, method: request.method ?? "GET", path: request.path, headers: { Connection: "close", ...request.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error(`${request.method ?? "GET"} ${request.path.slice(0, 100)} timed out`)));
    // A server refusing oversized headers answers 431 and hangs up at once: the client may see
    // only the reset. That is a refusal too, reported as status HUNG_UP.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE") resolve({ status: HUNG_UP, headers: {}, text: "" });
      else reject(error);
    });
    req.end(request.body);
  });
}
