import type { Context } from "@fedify/fedify";
import jsonld from "@fedify/vocab-runtime/jsonld";
import { isRecord } from "./remote-json.ts";
import type { Json } from "./remote-json.ts";
import { CANTINE_CONTEXT } from "./vocab/context.ts";

// Fedify's own normalisation context: an LD-signed activity reaches the listeners compacted
// with it, so every extension term (timezone, eventStatus, PostalAddress…) is a full IRI.
const NORMALISED = ["https://w3id.org/identity/v1", "https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1", "https://w3id.org/security/data-integrity/v1"];

function isNormalised(json: Json): boolean {
  const context = json["@context"];
  return Array.isArray(context) && context.length === NORMALISED.length && context.every((c, i) => c === NORMALISED[i]);
}

/**
 * The activity as our readers expect it: the compact keys of our own context. JSON as sent
 * (Gancio, Mobilizon, unsigned) passes through; Fedify's normalised form of LD-signed JSON
 * (cantine nodes sign every activity) is compacted again with our context.
 */
export async function readableJson(ctx: Context<void>, json: Json): Promise<Json> {
  if (!isNormalised(json)) return json;
  const compacted = await jsonld.compact(json as never, CANTINE_CONTEXT as never, { documentLoader: ctx.contextLoader as never });
  return isRecord(compacted) ? (compacted as Json) : json;
}
