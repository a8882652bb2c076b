// The first attempt of a delivery, sent without Fedify's per-message pipeline: what it takes on,
// what it leaves to Fedify, and that a Mastodon-like verifier accepts what it signs.

import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { MemoryKvStore } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { OutboxMessage } from "../../federation/fast-delivery.ts";
import { FastDelivery } from "../../federation/fast-delivery.ts";
import { verifyCavageRequest } from "../helpers/http-signatures.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const keyId = "http://127.0.0.1:9/users/paris#main-key";
const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();

type Seen = { path: string; verified: boolean; error?: string; userAgent?: string; body: string };
let server: http.Server;
let origin: string;
const seen: Seen[] = [];
/** What the inbox at a path answers. */
const statusOf = (path: string) => Number(/\/(\d{3})\//.exec(path)?.[1] ?? 202);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
      const result = await verifyCavageRequest(
        { method: req.method ?? "POST", target: req.url ?? "/", headers, body },
        { now: new Date(), fetchKey: async () => ({ id: keyId, owner: "http://127.0.0.1:9/users/paris", publicKeyPem }) },
      );
      seen.push({
        path: req.url ?? "/",
        verified: result.verified,
        error: result.verified ? undefined : result.error,
        userAgent: req.headers["user-agent"],
        body: body.toString(),
      });
      res.writeHead(result.verified ? statusOf(req.url ?? "/") : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function message(path: string, extra: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    type: "outbox",
    keys: [{ keyId, privateKey: privateKey.export({ format: "jwk" }) as JsonWebKey }],
    activity: { "@context": "https://www.w3.org/ns/activitystreams", id: `${origin}/create/${path}`, type: "Create", actor: "http://127.0.0.1:9/users/paris" },
    activityId: `${origin}/create/${path}`,
    inbox: `${origin}${path}`,
    actorIds: [`${origin}/users/someone`],
    attempt: 0,
    headers: { "User-Agent": "cantine/test" },
    ...extra,
  };
}

function fastDelivery(kv = new MemoryKvStore(), refused: [string, number][] = []) {
  return new FastDelivery({
    kv,
    firstKnock: "draft-cavage-http-signatures-12",
    allowPrivateAddress: true,
    onRefused: (m, status) => void refused.push([m.inbox, status]),
  });
}

describe("FastDelivery", () => {
  it("delivers a first attempt signed so that a Mastodon-like verifier accepts it, with the message's headers", async () => {
    expect(await fastDelivery().deliver(message("/a/inbox"))).toBe(true);
    const got = seen.find((s) => s.path === "/a/inbox");
    expect(got).toMatchObject({ verified: true, userAgent: "cantine/test" });
    expect(JSON.parse(got!.body).id).toBe(`${origin}/create//a/inbox`);
  });

  it("sends another cantine the activity without LD signature and proof, anyone else the activity as queued", async () => {
    const signed = { ...(message("/c/inbox").activity as object), signature: { type: "RsaSignature2017" }, proof: { type: "DataIntegrityProof" } };
    const delivery = new FastDelivery({
      kv: new MemoryKvStore(),
      firstKnock: "draft-cavage-http-signatures-12",
      allowPrivateAddress: true,
      directFor: (inbox) => inbox.pathname === "/cantine/inbox",
    });
    expect(await delivery.deliver(message("/cantine/inbox", { activity: signed }))).toBe(true);
    expect(await delivery.deliver(message("/mastodon/inbox", { activity: signed }))).toBe(true);
    const bodyAt = (path: string) => JSON.parse(seen.find((s) => s.path === path && s.verified)!.body);
    expect(bodyAt("/cantine/inbox")).not.toHaveProperty("signature");
    expect(bodyAt("/cantine/inbox")).not.toHaveProperty("proof");
    expect(bodyAt("/mastodon/inbox")).toEqual(signed);
  });

  it("leaves to Fedify a retry, a held message, and a server known to want RFC 9421 or with a circuit-breaker state", async () => {
    const kv = new MemoryKvStore();
    const delivery = fastDelivery(kv);
    const before = seen.length;
    expect(await delivery.deliver(message("/b/inbox", { attempt: 1 }))).toBe(false);
    expect(await delivery.deliver(message("/b/inbox", { circuitHeld: true }))).toBe(false);
    expect(await delivery.deliver({ type: "fanout" })).toBe(false);
    await kv.set(["_fedify", "httpMessageSignaturesSpec", origin], "rfc9421");
    expect(await delivery.deliver(message("/b/inbox"))).toBe(false);
    await kv.delete(["_fedify", "httpMessageSignaturesSpec", origin]);
    await kv.set(["_fedify", "circuit", new URL(origin).host], { state: "closed", failures: ["2026-01-01T00:00:00Z"] });
    expect(await delivery.deliver(message("/b/inbox"))).toBe(false);
    expect(seen.length).toBe(before); // nothing was sent
  });

  it("leaves a transient failure to Fedify's retries, and ends a final refusal itself", async () => {
    const refused: [string, number][] = [];
    const delivery = fastDelivery(new MemoryKvStore(), refused);
    expect(await delivery.deliver(message("/503/inbox"))).toBe(false);
    expect(await delivery.deliver(message("/429/inbox"))).toBe(false);
    expect(await delivery.deliver(message("/410/inbox"))).toBe(true);
    expect(await delivery.deliver(message("/404/inbox"))).toBe(true);
    expect(refused).toEqual([
      [`${origin}/410/inbox`, 410],
      [`${origin}/404/inbox`, 404],
    ]);
  });

  it("leaves to Fedify an inbox it cannot reach", async () => {
    expect(await fastDelivery().deliver(message("/x", { inbox: "http://127.0.0.1:9/inbox" }))).toBe(false);
  });
});
