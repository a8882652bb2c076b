import type { Activity } from "@fedify/vocab";
import { FetchError, UrlError } from "@fedify/vocab-runtime";
import type { FederationDeps } from "../context.ts";
import { FetchRefusedError } from "../safe-fetch.ts";
import type { Listener } from "./outcomes.ts";

/** Statuses that say "not now" rather than "never": the remote may answer otherwise later. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

/**
 * Whether an error thrown while handling an inbox activity was caused by the remote side in a
 * way that trying again cannot mend: a document that answers 4xx, a URL our fetch policy
 * refuses, a redirect loop, or data that cannot be read. Everything else — our database busy,
 * a remote that is down or answers 5xx, a timeout — is a transient fault and is retried.
 */
export function isRemoteFault(error: unknown): boolean {
  if (error instanceof FetchError) {
    const status = error.response?.status;
    if (status !== undefined) return status >= 400 && status < 500 && !TRANSIENT_STATUSES.has(status);
    // Without a response: a redirect loop, or a transport failure (then `cause` says which).
    if (error.cause !== undefined) return isRemoteFault(error.cause);
    return /(Too many redirections|Redirect loop detected)/.test(error.message);
  }
  if (error instanceof FetchRefusedError || error instanceof UrlError) return true;
  if (!(error instanceof Error)) return false;
  // undici reports an unreachable host as TypeError("fetch failed", { cause }): transient.
  if (error instanceof TypeError) return error.message !== "fetch failed";
  // Unparsable JSON, impossible dates (Temporal), invalid JSON-LD; a context that could not be
  // loaded (jsonld.InvalidUrl) may load next time.
  if (error instanceof SyntaxError || error instanceof RangeError) return true;
  return error.name.startsWith("jsonld.") && error.name !== "jsonld.InvalidUrl";
}

/**
 * Wraps an inbox listener so that a remote fault is logged and the activity dropped. Fedify
 * retries an activity whose listener throws (with backoff, for hours): worth it when our side
 * failed, useless when the remote sent something we will never be able to use.
 */
export function droppingRemoteFaults<A extends Activity>(deps: FederationDeps, listener: Listener<A>): Listener<A> {
  return async (ctx, activity) => {
    try {
      return await listener(ctx, activity);
    } catch (error) {
      if (!isRemoteFault(error)) throw error;
      deps.log.warn("Dropping {type} {id} from {actor}: {error}", {
        type: activity.constructor.name,
        id: activity.id?.href,
        actor: activity.actorId?.href,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return { dropped: "remote_fault" };
    }
  };
}
