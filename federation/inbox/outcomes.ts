import type { InboxContext } from "@fedify/fedify";
import type { Activity } from "@fedify/vocab";
import type { FederationDeps } from "../context.ts";

/** An activity a listener chose not to act on, with a short reason code for the metrics. */
export type Ignored = Readonly<{ ignored: string }>;
/** An activity dropped because of the sender's fault (remote-faults.ts). */
type Dropped = Readonly<{ dropped: string }>;
/** What a listener returns: nothing when it acted on the activity. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that accepts simply returns nothing.
export type ListenerResult = Ignored | Dropped | void;

export type Listener<A extends Activity, R = ListenerResult> = (ctx: InboxContext<void>, activity: A) => Promise<R> | R;

/**
 * Every ignore is explained (at debug, with the activity's id) and counted: `code` names the
 * reason in the metrics ("not_followed"), `message` tells the operator the whole story.
 */
export function ignore(deps: Pick<FederationDeps, "log">, code: string, message: string, properties: Record<string, unknown> = {}): Ignored {
  deps.log.debug(message, properties);
  return { ignored: code };
}

/**
 * Counts what became of each activity of `type`: handled, ignored or dropped (with the reason
 * code), or failed (thrown: Fedify retries it).
 */
export function counted<A extends Activity>(deps: Pick<FederationDeps, "metrics">, type: string, listener: Listener<A>): Listener<A, void> {
  return async (ctx, activity) => {
    let result: ListenerResult;
    try {
      result = await listener(ctx, activity);
    } catch (error) {
      deps.metrics.inboxActivity(type, "failed", "error");
      throw error;
    }
    if (result && "ignored" in result) deps.metrics.inboxActivity(type, "ignored", result.ignored);
    else if (result && "dropped" in result) deps.metrics.inboxActivity(type, "dropped", result.dropped);
    else deps.metrics.inboxActivity(type, "handled", "ok");
  };
}
