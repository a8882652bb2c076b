import { localUrls } from "../node/domain/local-urls.ts";

/** A fresh, never reused id for an activity we send, as Fedify takes it: a URL on our route table's shape. */
export function newActivityId(origin: string, slug: string, kind: string): URL {
  return new URL(localUrls({ origin, slug }).activity(kind, crypto.randomUUID()));
}
