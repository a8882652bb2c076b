// A plain HTTP proxy in front of a node, recording the bodies POSTed through it: a node started
// with the proxy's URL as its origin is reached only through it, so what other nodes deliver to
// it can be read as sent.
import http from "node:http";
import type { AddressInfo } from "node:net";

type Posted = { path: string; body: string; json: Record<string, any> | null };

export type RecordingProxy = {
  origin: string;
  posted: Posted[];
  /** Where requests go from now on (the node's own port, once it is known). */
  forwardTo(port: number): void;
  close(): Promise<void>;
};

export async function startRecordingProxy(): Promise<RecordingProxy> {
  let target = 0;
  const posted: Posted[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.method === "POST") posted.push({ path: req.url ?? "/", body: body.toString(), json: parseObject(body.toString()) });
      const upstream = http.request({ host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posted,
    forwardTo: (port) => {
      target = port;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseObject(text: string): Record<string, any> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, any>) : null;
  } catch {
    return null;
  }
}
