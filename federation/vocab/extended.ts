import { Announce, Create, Delete, Update } from "@fedify/vocab";

/**
 * Our hand-crafted object JSON and the context terms it needs, attached to an activity.
 * Fedify serialises activities from its typed classes and drops properties it does not model
 * (timezone, eventStatus, PostalAddress, joinMode…). These subclasses put our object back into
 * the JSON Fedify produces — before it signs (LD signature, integrity proof), since signing
 * serialises through the same `toJsonLd`.
 */
export type Extension = Readonly<{ terms: Record<string, unknown>; object: Record<string, unknown> }>;

type JsonLdOptions = { format?: "compact" | "expand"; [key: string]: unknown };

function merge(json: unknown, extension: Extension | undefined, options: JsonLdOptions | undefined): unknown {
  if (!extension || options?.format === "expand" || json === null || typeof json !== "object") return json;
  const out = { ...(json as Record<string, unknown>) };
  const context = out["@context"];
  const contexts = context === undefined ? [] : Array.isArray(context) ? [...context] : [context];
  out["@context"] = [...contexts, extension.terms];
  out.object = extension.object;
  return out;
}

// One subclass per activity type we send with an object of ours. `clone` keeps the extension:
// Fedify clones activities (actor dehydration, integrity proofs) before serialising them.
export class ExtendedCreate extends Create {
  extension?: Extension;
  override clone(...args: Parameters<Create["clone"]>): Create {
    return Object.assign(super.clone(...args), { extension: this.extension });
  }
  override async toJsonLd(options?: Parameters<Create["toJsonLd"]>[0]): Promise<unknown> {
    return merge(await super.toJsonLd(options), this.extension, options as JsonLdOptions);
  }
}

export class ExtendedUpdate extends Update {
  extension?: Extension;
  override clone(...args: Parameters<Update["clone"]>): Update {
    return Object.assign(super.clone(...args), { extension: this.extension });
  }
  override async toJsonLd(options?: Parameters<Update["toJsonLd"]>[0]): Promise<unknown> {
    return merge(await super.toJsonLd(options), this.extension, options as JsonLdOptions);
  }
}

export class ExtendedAnnounce extends Announce {
  extension?: Extension;
  override clone(...args: Parameters<Announce["clone"]>): Announce {
    return Object.assign(super.clone(...args), { extension: this.extension });
  }
  override async toJsonLd(options?: Parameters<Announce["toJsonLd"]>[0]): Promise<unknown> {
    return merge(await super.toJsonLd(options), this.extension, options as JsonLdOptions);
  }
}

// A Delete carries a plain Tombstone (`"formerType": "Event"`): Fedify would serialise its
// Tombstone's `formerType` as `"as:Event"`, which Gancio answers with 500 and Misskey ignores.
export class ExtendedDelete extends Delete {
  extension?: Extension;
  override clone(...args: Parameters<Delete["clone"]>): Delete {
    return Object.assign(super.clone(...args), { extension: this.extension });
  }
  override async toJsonLd(options?: Parameters<Delete["toJsonLd"]>[0]): Promise<unknown> {
    return merge(await super.toJsonLd(options), this.extension, options as JsonLdOptions);
  }
}

/** Attaches the object JSON to a freshly built activity whose `object` is the object's id. */
export function withObject<T extends ExtendedCreate | ExtendedUpdate | ExtendedAnnounce | ExtendedDelete>(activity: T, extension: Extension): T {
  activity.extension = extension;
  return activity;
}
