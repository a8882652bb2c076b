import type { ReactionStore } from "../../../domain/conversation/reactions.ts";
import type { ReplyStore } from "../../../domain/conversation/replies.ts";
import type { ConversationView } from "../pages/conversation.ts";

/** How many replies a page shows under an event or a project (the oldest first). */
const REPLIES_SHOWN = 200;

export type ConversationReader = Readonly<{
  replies: Pick<ReplyStore, "listFor" | "countFor">;
  reactions: Pick<ReactionStore, "counts">;
}>;

/** The conversation of one of our own events or projects; remote ones have theirs on their server. */
export function conversationOf(reader: ConversationReader | undefined, item: { apId: string; local: boolean }): ConversationView | null {
  if (!reader || !item.local) return null;
  const { likes, shares } = reader.reactions.counts(item.apId);
  return { likes, shares, replies: reader.replies.listFor(item.apId, REPLIES_SHOWN), totalReplies: reader.replies.countFor(item.apId) };
}
