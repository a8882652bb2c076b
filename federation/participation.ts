import type { Context } from "@fedify/fedify";
import type { CantineEvent } from "../node/domain/events/event.ts";
import type { Answer } from "../node/domain/participation/participant.ts";
import type { AnswerTarget, ParticipationAnswers } from "../node/domain/participation/ports.ts";
import type { Venue } from "../node/domain/venue.ts";
import { newActivityId } from "./uris.ts";
import { toAnswerActivity } from "./vocab/participation.ts";

const KIND_PATHS: Record<Answer["kind"], string> = { accept: "accepts", waitlist: "rejects", refuse: "rejects", external: "rejects", ignore: "ignores" };

/**
 * Sends our answers to participants, signed by the cantine, through the durable queue (the CLI's
 * are delivered by the running node). Each goes to the person's own inbox, as Follow answers do.
 */
export class FederationParticipationAnswers implements ParticipationAnswers {
  readonly #context: () => Context<void>;
  readonly #venue: Venue;

  constructor(context: () => Context<void>, venue: Venue) {
    this.#context = context;
    this.#venue = venue;
  }

  async send(event: CantineEvent, target: AnswerTarget, answer: Answer): Promise<void> {
    const ctx = this.#context();
    const { slug, locale } = this.#venue;
    const activity = toAnswerActivity({
      id: newActivityId(ctx.origin, slug, KIND_PATHS[answer.kind]),
      actor: ctx.getActorUri(slug),
      event,
      target,
      answer,
      locale,
    });
    const recipient = { id: new URL(target.actorId), inboxId: new URL(target.inbox) };
    await ctx.sendActivity({ identifier: slug }, recipient, activity);
  }
}
