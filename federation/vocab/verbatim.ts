import jsonld from "@fedify/vocab-runtime/jsonld";

type JsonLdOptions = { format?: "compact" | "expand"; contextLoader?: unknown };

/**
 * A Fedify object that serialises as exactly the JSON we built. Fedify re-serialises a parsed
 * object from its typed fields whenever the JSON holds a type it does not model (a
 * `VirtualLocation`, a `PostalAddress`…), dropping `timezone`, `eventStatus` and the offsets of
 * our times; the object dispatchers and collection pages only ever call `toJsonLd`, so handing
 * them this wrapper keeps every field, for every shape of event.
 */
export function verbatim<T extends { toJsonLd: unknown }>(object: T, json: Record<string, unknown>): T {
  return Object.assign(object, {
    toJsonLd: async (options?: JsonLdOptions) =>
      options?.format === "expand" ? jsonld.expand(json as never, { documentLoader: options.contextLoader as never }) : json,
    // A collection page serialises its items one by one (compact form) only when they say so.
    isCompactable: () => true,
  }) as T;
}
