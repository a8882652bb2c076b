// Reports (ActivityPub `Flag`) other servers send about our objects or our actor — Mastodon sends
// one when a member reports one of our posts and ticks "forward to the remote server" — and
// those our operators send about remote items.

export type Report = Readonly<{
  id: string;
  /** The Flag's id: a second delivery of the same Flag is not a second report. */
  activityId: string;
  /** Who sent it: often a server's instance actor, not the person who reported. */
  reporterId: string;
  /** What it is about: our objects' ids and/or our actor's. */
  objectIds: readonly string[];
  comment: string;
  receivedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}>;

export interface ReportStore {
  /** Records a report; false when one with the same activity id exists. */
  insert(report: Report): boolean;
  get(id: string): Report | undefined;
  /** Newest first; unresolved ones only unless `all`. */
  list(options: { all: boolean; limit: number }): Report[];
  /** Marks it resolved; false when it was already, or does not exist. */
  resolve(id: string, at: string, by: string): boolean;
}

/** Limits on what a Flag may make us store. */
export const MAX_REPORT_COMMENT = 5_000;
export const MAX_REPORT_OBJECTS = 100;

/** A Flag to send to a remote item's server, from our actor. */
export type OutgoingFlag = Readonly<{ itemUrl: string; comment: string }>;

/** What was sent: to whom, about what. */
export type SentFlag = Readonly<{ activityId: string; authorId: string; objectIds: readonly string[]; inbox: string }>;

/** Sends a Flag to the server of a remote item (the federation layer implements it). */
export interface FlagSender {
  send(flag: OutgoingFlag): Promise<SentFlag>;
}
