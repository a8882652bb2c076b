// Between cantines, a delivery is authenticated by its HTTP signature alone: a cantine following
// another gets its activities without the Linked Data signature and integrity proof (dear to
// check, and of no use to a recipient that reads what its sender delivers itself) and stores them;
// a Mastodon-like follower of the same node still gets both, which relays and forwarded copies need.
import { dirname } from "node:path";
import { preloadedContexts } from "@fedify/vocab-runtime";
import jsonld from "@fedify/vocab-runtime/jsonld";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { dateFromToday } from "../helpers/dates.ts";
import type { CityNode } from "../helpers/network.ts";
import { calendarTitles, cities, follow } from "../helpers/network.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Peer, Received } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import type { RecordingProxy } from "../helpers/recording-proxy.ts";
import { startRecordingProxy } from "../helpers/recording-proxy.ts";
import { startTogether } from "../helpers/start.ts";
import { waitUntil } from "../helpers/wait.ts";

const SIGNATURE_CONTEXTS = ["https://w3id.org/identity/v1", "https://w3id.org/security/data-integrity/v1"];
const contextsOf = (body: Record<string, any>): unknown[] => [body["@context"]].flat();
// Only the contexts a node knows; any other would be a fetch.
const documentLoader = async (url: string) => {
  if (!(url in preloadedContexts)) throw new Error(`fetched ${url}`);
  return { contextUrl: null, documentUrl: url, document: preloadedContexts[url] };
};
const meaningOf = (body: Record<string, any>) => jsonld.expand(body as never, { documentLoader: documentLoader as never });

async function cityNode(node: NodeProcess, slug: string): Promise<CityNode> {
  return { node, slug, token: await issueToken(node, "admin"), handle: `${slug}@${new URL(node.origin).host}` };
}

describe("a cantine delivers to another cantine without LD signature and proof, to Mastodon with both", () => {
  let paris: CityNode;
  let sf: CityNode;
  let proxy: RecordingProxy;
  let peer: Peer;

  beforeAll(async () => {
    // sf is reached only through the proxy (its origin), which records what paris delivers to it.
    proxy = await startRecordingProxy();
    const [parisNode, sfNode, mastodon] = await startTogether(
      startNodeProcess({ slug: "paris", config: { ...cities.paris, address: undefined, website: undefined, summary: undefined } }),
      startNodeProcess({ slug: "sf", config: { ...cities.sf, address: undefined, website: undefined, summary: undefined, origin: proxy.origin } }),
      startPeer(),
    );
    proxy.forwardTo(sfNode.port);
    peer = mastodon;
    [paris, sf] = await Promise.all([cityNode(parisNode, "paris"), cityNode(sfNode, "sf")]);
    await follow(sf, paris);
    const actorId = `${paris.node.origin}/users/paris`;
    await peer.follow("alice", actorId, `${actorId}/inbox`);
    await peer.waitFor((r) => r.body?.type === "Accept");
  });
  afterAll(async () => {
    await Promise.all([paris?.node.stop(), sf?.node.stop(), peer?.close()]);
    await proxy?.close();
    for (const n of [paris, sf]) if (n) removeWorkDir(dirname(n.node.configFile));
  });

  it("sends one event as a lean Create to the cantine, which stores it, and as a signed Create to Mastodon", async () => {
    const input = { title: "Apéro entre cantines", startsAt: `${dateFromToday(3)}T19:00`, endsAt: `${dateFromToday(3)}T21:00`, tags: ["fediverse"] };
    const created = await api(paris.node, "POST", "/api/admin/events", paris.token, input);
    expect(created.status).toBe(201);
    const url: string = created.body.url;
    const isCreateOf = (body: Record<string, any> | null) => body?.type === "Create" && (body.object?.id ?? body.object) === url;

    await waitUntil(async () => (await calendarTitles(sf)).includes(input.title), "the event in sf's calendar", 30_000);
    const direct = proxy.posted.find((p) => isCreateOf(p.json));
    expect(direct).toBeDefined();
    const lean = direct!.json!;
    expect(lean).not.toHaveProperty("signature");
    expect(lean).not.toHaveProperty("proof");
    expect(contextsOf(lean)).toContain("https://www.w3.org/ns/activitystreams");
    for (const context of SIGNATURE_CONTEXTS) expect(contextsOf(lean)).not.toContain(context);
    expect(lean.object).toMatchObject({ id: url, type: "Event", name: input.title, timezone: "Europe/Paris" });

    const signed: Received = await peer.waitFor((r) => isCreateOf(r.body) && r.verified);
    expect(signed.signerMatchesActor).toBe(true);
    expect(signed.body!.signature).toMatchObject({ type: "RsaSignature2017", creator: `${paris.node.origin}/users/paris#main-key` });
    expect(signed.body!.proof).toMatchObject({ type: "DataIntegrityProof", cryptosuite: "eddsa-jcs-2022" });
    for (const context of SIGNATURE_CONTEXTS) expect(contextsOf(signed.body!)).toContain(context);

    // The same activity, meaning the same once the signatures are set aside.
    const { signature: _signature, proof: _proof, ...unsigned } = signed.body!;
    expect(await meaningOf(lean)).toEqual(await meaningOf(unsigned));
  });
});
