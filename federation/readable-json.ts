import type { Context, InboxContext } from "@fedify/fedify";
import type { Activity } from "@fedify/vocab";
import jsonld from "@fedify/vocab-runtime/jsonld";
import { staticContextLoader, warmContexts } from "./contexts.ts";
import type { Json } from "./remote-json.ts";
import { isRecord } from "./remote-json.ts";
import { CANTINE_CONTEXT } from "./vocab/context.ts";

/**
 * The activity as it was received. Fedify keeps the payload on the inbox context (an internal
 * field, pinned by test/federation/fedify-internals.test.ts) for forwarding; `toJsonLd()` is no
 * substitute: when the embedded object holds a type Fedify does not model (a `VirtualLocation`,
 * a `PostalAddress`…) it keeps no copy of the JSON and re-serialises its typed fields, which
 * loses `timezone`, `eventStatus`, the location… — one activity in seven of a calendar.
 */
export async function receivedJson(ctx: InboxContext<void>, activity: Activity): Promise<Json> {
  void warmContexts();
  const payload = (ctx as { activity?: unknown }).activity;
  return isRecord(payload) ? payload : ((await activity.toJsonLd()) as Json);
}

/**
 * The received activity in the compact keys of our own context, complete as sent.
 *
 * A payload with a Linked Data signature may have been verified by that signature alone, which
 * covers what the JSON-LD means, not the keys it is written with: a third party forwarding it
 * could add a key its context maps to nothing, which a plain JSON reader would believe. Such a
 * payload is compacted to our context (what it means, in our keys); anything else was verified
 * as bytes (HTTP signature, integrity proof) and is read as sent (Gancio, Mobilizon).
 */
export async function readableJson(ctx: Context<void>, received: Json): Promise<Json> {
  if (!("signature" in received)) return received;
  // The proof is not read, and its type-scoped context makes jsonld.js copy the whole active context several times.
  const { signature: _signature, proof: _proof, ...document } = received;
  const compacted = await jsonld.compact(document as never, CANTINE_CONTEXT as never, { documentLoader: staticContextLoader(ctx.contextLoader) as never });
  return isRecord(compacted) ? (compacted as Json) : received;
}
