// Types and constants of the test peer (test/helpers/peer.ts), kept apart so that the peer
// itself reads as one module: its server and its client.

import type { KeyObject } from "node:crypto";

export const AS_CONTEXT = "https://www.w3.org/ns/activitystreams";
export const AP_CONTENT_TYPE = "application/activity+json";
/** Inbox bodies above this size are refused with 413, like Mastodon. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** What Mastodon sends as `Accept` on ActivityPub fetches. */
export const AP_ACCEPT = `${AP_CONTENT_TYPE}, application/ld+json; profile="${AS_CONTEXT}"`;

export const USERNAME = /^[a-z0-9_]+([.-]+[a-z0-9_]+)*$/i;
export const USER_AGENT = "http.rb/5.2.0 (Mastodon/4.7.0; test peer)";
export const FETCH_TIMEOUT_MS = 10_000;

/** A parsed JSON object, loosely typed (`any`) so that tests can read nested fields directly. */
export type JsonObject = Record<string, any>;

/** An inbox POST as the peer saw it (recorded whether or not its signature verified). */
export interface Received {
  method: string;
  /** Request path plus query, e.g. `/users/alice/inbox` or `/inbox`. */
  path: string;
  /** Lower-case names, values as received. */
  headers: Record<string, string>;
  /** Parsed JSON body; null when the body is not a JSON object. */
  body: JsonObject | null;
  raw: string;
  verified: boolean;
  /** keyId of the `Signature` header, when one could be parsed. */
  keyId: string | null;
  /** True when the verified key's `owner` equals the activity's `actor`. */
  signerMatchesActor: boolean;
  /** Why verification (or parsing) failed. */
  error?: string;
  receivedAt: Date;
}

/** Any request the peer served (GETs included), for assertions on fetches. */
export interface RequestLogEntry {
  method: string;
  path: string;
  headers: Record<string, string>;
}

export interface FollowActivity {
  "@context": string;
  id: string;
  type: "Follow";
  actor: string;
  object: string;
}

export interface UndoFollowActivity {
  "@context": string;
  id: string;
  type: "Undo";
  actor: string;
  object: { id: string; type: "Follow"; actor: string; object: string };
}

export interface SignedPostOptions {
  /** "body": change the body after signing (Digest mismatch); "signature": corrupt the signature bytes. */
  tamper?: "body" | "signature";
  /** Claim this keyId while still signing with the account's own key. */
  keyId?: string;
  /** The `Date` header to sign and send (default: now). */
  date?: Date;
  /** Send without a `Signature` header (Date, Digest and Content-Type are still sent). */
  omitSignature?: boolean;
}

export interface PostResult {
  status: number;
  body: string;
}

export interface GetResult {
  status: number;
  headers: Headers;
  body: string;
}

export interface SendResult<Activity> {
  activity: Activity;
  status: number;
  body: string;
}

export interface PeerOptions {
  /** Host name used in the peer's URLs and handles (default "127.0.0.1"). The server always listens on 127.0.0.1. */
  host?: string;
  /** Accounts to host (default ["alice"]). */
  users?: string[];
  /** Port to listen on (default: a free one); a peer started again on the same port is the same server back up. */
  port?: number;
  /** Accounts whose actor document says `manuallyApprovesFollowers: true` (a locked Mastodon account). */
  locked?: string[];
}

export interface Peer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `127.0.0.1:<port>`: the domain part of the accounts' handles. */
  readonly host: string;
  readonly users: readonly string[];
  /** Inbox POSTs, in arrival order, verified or not. */
  readonly received: Received[];
  /** Every request served, in arrival order. */
  readonly requests: RequestLogEntry[];
  actorId(name?: string): string;
  keyId(name?: string): string;
  inboxUrl(name?: string): string;
  readonly sharedInboxUrl: string;
  /** The account's RSA key pair, for tests that sign by other means. */
  keys(name?: string): { privateKey: KeyObject; publicKeyPem: string };
  signedPost(name: string, url: string, activity: object, opts?: SignedPostOptions): Promise<PostResult>;
  signedGet(name: string, url: string, accept?: string): Promise<GetResult>;
  follow(name: string, targetActorId: string, targetInbox: string): Promise<SendResult<FollowActivity>>;
  undoFollow(name: string, follow: FollowActivity, targetInbox: string): Promise<SendResult<UndoFollowActivity>>;
  /** WebFinger `user@host` (or `@user@host`, `acct:user@host`) over http; returns the `self` link href. */
  lookup(handle: string): Promise<string>;
  /** GET with `Accept: application/activity+json`; throws unless 200 with an ActivityPub content type. */
  fetchActor(url: string): Promise<{ contentType: string; json: JsonObject }>;
  /** Resolves with the first received request matching `predicate` (past or future). */
  waitFor(predicate: (received: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
  /** Serves `document` (an object, a collection page…) at its `id`, which must be on this peer. */
  serve(document: JsonObject): void;
}
