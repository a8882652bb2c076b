import type { InboxContext } from "@fedify/fedify";
import type { Flag } from "@fedify/vocab";
import { MAX_REPORT_COMMENT, MAX_REPORT_OBJECTS } from "../../node/domain/moderation/reports.ts";
import type { FederationDeps } from "../context.ts";
import { originOf } from "../remote-json.ts";
import { plainText } from "../vocab/read.ts";
import type { ListenerResult } from "./outcomes.ts";
import { ignore } from "./outcomes.ts";

/**
 * A report (Flag) about our objects or our actor — Mastodon sends one, from its instance actor,
 * when a member reports one of our posts and forwards the report. Kept for the operators; a
 * server whose reports we reject, or a Flag about nothing of ours, is ignored.
 */
export function onFlag(deps: FederationDeps, _ctx: InboxContext<void>, flag: Flag): ListenerResult {
  const reporterId = flag.actorId?.href;
  const id = flag.id?.href;
  if (!reporterId || !id) return ignore(deps, "malformed", "Ignoring a Flag without id or actor");
  if (originOf(id) !== originOf(reporterId)) return ignore(deps, "not_same_origin", "Ignoring Flag {id}: not on its actor's origin", { id });
  if (deps.moderation.policy.policyFor(reporterId).rejectReports)
    return ignore(deps, "reports_rejected", "Ignoring Flag {id} from {actor}: its server's reports are rejected", { id, actor: reporterId });
  const ours = originOf(deps.venue.origin);
  const objectIds = flag.objectIds
    .map((url) => url.href)
    .filter((url) => originOf(url) === ours)
    .slice(0, MAX_REPORT_OBJECTS);
  if (objectIds.length === 0) return ignore(deps, "not_ours", "Ignoring Flag {id}: it is about nothing of ours", { id });
  const comment = plainText(flag.content?.toString() ?? "", MAX_REPORT_COMMENT) ?? "";
  const stored = deps.transaction(() =>
    deps.moderation.reports.insert({
      id: deps.newId(),
      activityId: id,
      reporterId,
      objectIds,
      comment,
      receivedAt: deps.now().toISOString(),
      resolvedAt: null,
      resolvedBy: null,
    }),
  );
  if (!stored) return ignore(deps, "unchanged", "Flag {id} was received before", { id });
  deps.log.warn("Report {id} from {actor} about {objects}", { id, actor: reporterId, objects: objectIds });
}
