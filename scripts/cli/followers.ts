import { sendFollowAnswer } from "../../federation/inbox/follow.ts";
import type { Command } from "./command.ts";
import { CliError, parse, withNode } from "./command.ts";

/**
 * `cantine followers list|approve ACTOR|reject ACTOR`: the operator's side of
 * manuallyApprovesFollowers. The Accept or Reject goes into the node's durable queue; the
 * running node delivers it (or does so when it next starts).
 */
export const followersCommand: Command = {
  name: "followers",
  summary: "list followers and follow requests; approve or reject requests",
  usage:
    "cantine followers list [--pending] [--config FILE]\n  cantine followers approve ACTOR_URL [--config FILE]\n  cantine followers reject ACTOR_URL [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, { pending: { type: "boolean" } });
    const [action, actorId] = positionals;
    return withNode(values.config, async (node) => {
      if (action === "list") {
        const rows = values.pending ? node.followers.listPending() : [...node.followers.listPending(), ...node.followers.listAccepted()];
        for (const f of rows) io.out(`${f.state.padEnd(8)} ${f.actorId}${f.handle ? `  (@${f.handle})` : ""}`);
        if (rows.length === 0) io.err(values.pending ? "No pending follow requests." : "No followers yet.");
        return 0;
      }
      if (action !== "approve" && action !== "reject") throw new CliError(`Unknown action "${action ?? ""}". Usage:\n  ${followersCommand.usage}`, 2);
      if (!actorId) throw new CliError(`Missing ACTOR_URL. Usage:\n  ${followersCommand.usage}`, 2);
      const follower = node.followers.get(actorId);
      if (!follower) throw new CliError(`No follow request from ${actorId}.`);
      if (action === "approve") {
        const accepted = node.followers.accept(actorId, new Date().toISOString())!;
        await sendFollowAnswer(node.deps, node.context(), accepted, "accept");
        io.out(`Approved ${actorId}; the Accept is queued for delivery.`);
      } else {
        await sendFollowAnswer(node.deps, node.context(), follower, "reject");
        node.followers.remove(actorId);
        io.out(`Rejected ${actorId}; the Reject is queued for delivery.`);
      }
      return 0;
    });
  },
};
