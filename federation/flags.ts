import type { Context, Federation } from "@fedify/fedify";
import { Flag, isActor } from "@fedify/vocab";
import type { FlagSender, OutgoingFlag, SentFlag } from "../node/domain/moderation/reports.ts";
import { NetworkError } from "../node/domain/network/network.ts";
import type { FederationDeps } from "./context.ts";
import { fetchDocument, originOf, typesOf } from "./remote-json.ts";
import { newActivityId } from "./uris.ts";
import { firstActor } from "./vocab/read.ts";

const ACTOR_TYPES = new Set(["Person", "Organization", "Group", "Service", "Application"]);

/**
 * Reports a remote item to its own server, as Mastodon forwards reports: a Flag from our actor
 * whose `object` names the item's author and the item, and whose `content` is the comment,
 * delivered to the author's inbox through the durable queue.
 */
export class FederationFlagSender implements FlagSender {
  readonly #federation: Federation<void>;
  readonly #deps: FederationDeps;

  constructor(federation: Federation<void>, deps: FederationDeps) {
    this.#federation = federation;
    this.#deps = deps;
  }

  async send(flag: OutgoingFlag): Promise<SentFlag> {
    const { venue } = this.#deps;
    const ctx = this.#federation.createContext(new URL(venue.origin), undefined);
    const authorId = this.#heldAuthor(flag.itemUrl) ?? (await this.#fetchedAuthor(ctx, flag.itemUrl));
    if (originOf(authorId) !== originOf(flag.itemUrl)) throw new NetworkError(`${flag.itemUrl} is not attributed to an actor of its own server`);
    const author = await ctx.lookupObject(authorId, { documentLoader: await ctx.getDocumentLoader({ identifier: venue.slug }) }).catch(() => null);
    if (!author || !isActor(author) || author.id?.href !== authorId || !author.inboxId)
      throw new NetworkError(`the author of ${flag.itemUrl} cannot be resolved`);
    const objectIds = [...new Set([authorId, flag.itemUrl])];
    const activityId = newActivityId(venue.origin, venue.slug, "flags");
    const activity = new Flag({
      id: activityId,
      actor: ctx.getActorUri(venue.slug),
      objects: objectIds.map((id) => new URL(id)),
      content: flag.comment,
    });
    await ctx.sendActivity({ identifier: venue.slug }, { id: author.id, inboxId: author.inboxId }, activity);
    this.#deps.log.info("Reported {item} to {inbox}", { item: flag.itemUrl, inbox: author.inboxId.href });
    return { activityId: activityId.href, authorId, objectIds, inbox: author.inboxId.href };
  }

  /** The author of an event, project or reply we hold, without asking the network. */
  #heldAuthor(url: string): string | null {
    const { events, projects, conversation } = this.#deps;
    const held = events.getByApId(url) ?? projects.getByApId(url);
    if (held && !held.value.local) return held.value.actorId;
    return conversation.replies.getByApId(url)?.value.author.actorId ?? null;
  }

  async #fetchedAuthor(ctx: Context<void>, url: string): Promise<string> {
    const loader = await ctx.getDocumentLoader({ identifier: this.#deps.venue.slug });
    const document = await fetchDocument(ctx, url, loader).catch((error: unknown) => {
      throw new NetworkError(`cannot fetch ${url}: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (!document) throw new NetworkError(`${url} is not an ActivityPub object`);
    if (typesOf(document).some((t) => ACTOR_TYPES.has(t))) return url;
    const author = firstActor(document.attributedTo) ?? firstActor(document.actor);
    if (!author) throw new NetworkError(`${url} names no author`);
    return author;
  }
}
