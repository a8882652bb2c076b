import type { Context } from "@fedify/fedify";
import jsonld from "@fedify/vocab-runtime/jsonld";
import type { Json } from "./remote-json.ts";
import { isRecord } from "./remote-json.ts";
import { CANTINE_CONTEXT } from "./vocab/context.ts";

// Fedify's own normalisation context: an LD-signed activity reaches the listeners compacted
// with it, so every extension term (timezone, eventStatus, PostalAddress…) is a full IRI.
const NORMALISED = [
  "https://w3id.org/identity/v1",
  "https://www.w3.org/ns/activitystreams",
  "https://w3id.org/security/v1",
  "https://w3id.org/security/data-integrity/v1",
];

function isNormalised(json: Json): boolean {
  const context = json["@context"];
  return Array.isArray(context) && context.length === NORMALISED.length && context.every((c, i) => c === NORMALISED[i]);
}

// Fedify's own serialisation context: an activity it re-serialised from its typed classes has
// lost every property Fedify does not model (a Place without type, PostalAddress, timezone…).
function isReserialised(json: Json): boolean {
  const context = json["@context"];
  return Array.isArray(context) && context[0] === NORMALISED[0] && context.includes("https://gotosocial.org/ns");
}

/**
 * The activity as our readers expect it: the compact keys of our own context, and whether its
 * embedded object is complete as sent. Fedify hands listeners either its normalised form of
 * LD-signed JSON (cantine nodes sign every activity: compacted again here, complete) or, for
 * unsigned JSON (Gancio, Mobilizon), a re-serialisation of its typed objects, which is not
 * complete: the object must then be fetched again from its origin.
 */
export async function readableJson(ctx: Context<void>, json: Json): Promise<{ activity: Json; embeddedComplete: boolean }> {
  if (isNormalised(json)) {
    const compacted = await jsonld.compact(json as never, CANTINE_CONTEXT as never, { documentLoader: ctx.contextLoader as never });
    return { activity: isRecord(compacted) ? (compacted as Json) : json, embeddedComplete: true };
  }
  return { activity: json, embeddedComplete: !isReserialised(json) };
}
