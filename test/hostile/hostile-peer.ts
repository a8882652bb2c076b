// A server the node follows whose actor profile is hostile in every field a node reads (name,
// city and zone fields, icon, url), and which signs what it sends like Mastodon does. The test
// peer of test/helpers/peer.ts serves a fixed, well-behaved actor; this one is written for the
// hostile corpus, with node:http and node:crypto only.

import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { JsonObject } from "../helpers/peer.ts";
import type { Signer } from "./inbox-post.ts";
import { postToInbox } from "./inbox-post.ts";
import type { RawResponse } from "./raw-http.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const AP_TYPE = "application/activity+json";

export type HostilePeer = {
  origin: string;
  host: string;
  actorId: string;
  /** Inbox POSTs the node sent here (its Follow, its Accepts…). */
  received: JsonObject[];
  serve(document: JsonObject): void;
  /** Signs and POSTs an activity as this actor. */
  send(inbox: string, activity: JsonObject): Promise<RawResponse>;
  close(): Promise<void>;
};

/** Starts the peer; `profile` adds to (or replaces) the fields of its actor document. */
export async function startHostilePeer(username: string, profile: (origin: string) => JsonObject): Promise<HostilePeer> {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const documents = new Map<string, JsonObject>();
  const received: JsonObject[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", origin);
    const send = (status: number, body: unknown, type = AP_TYPE) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "Content-Type": `${type}; charset=utf-8`, "Content-Length": Buffer.byteLength(text) }).end(text);
    };
    if (req.method === "POST") {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        try {
          received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as JsonObject);
        } catch {
          // not JSON: nothing to record
        }
        res.writeHead(202).end();
      });
      return;
    }
    if (url.pathname === "/.well-known/webfinger") {
      return send(200, { subject: `acct:${username}@${host}`, links: [{ rel: "self", type: AP_TYPE, href: actorId }] }, "application/jrd+json");
    }
    if (url.pathname === `/users/${username}`) return send(200, actorDocument());
    if (url.pathname === `/users/${username}/outbox`)
      return send(200, { "@context": AS, id: `${actorId}/outbox`, type: "OrderedCollection", totalItems: 0, orderedItems: [] });
    const document = documents.get(url.pathname);
    if (document) return send(200, document);
    send(404, { error: "Record not found" }, "application/json");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const origin = `http://${host}`;
  const actorId = `${origin}/users/${username}`;
  const keyId = `${actorId}#main-key`;

  function actorDocument(): JsonObject {
    return {
      "@context": [AS, "https://w3id.org/security/v1", { PropertyValue: "schema:PropertyValue", value: "schema:value", schema: "http://schema.org#" }],
      id: actorId,
      type: "Organization",
      preferredUsername: username,
      inbox: `${actorId}/inbox`,
      outbox: `${actorId}/outbox`,
      followers: `${actorId}/followers`,
      endpoints: { sharedInbox: `${origin}/inbox` },
      publicKey: { id: keyId, owner: actorId, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() },
      ...profile(origin),
    };
  }

  const signer: Signer = { keys: () => ({ privateKey }), keyId: () => keyId };

  return {
    origin,
    host,
    actorId,
    received,
    serve(document) {
      documents.set(new URL(String(document.id)).pathname, { "@context": AS, ...document });
    },
    send: (inbox, activity) => postToInbox(signer, inbox, activity),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
