// What the admin API corpus's rows are made of: the node's own items they aim at, the tokens
// they present, and valid inputs they break one field of.

import { dateFromToday } from "../../helpers/dates.ts";
import type { Expected } from "../harness.ts";

export type AdminWorld = {
  /** Authorization header values: a valid admin token, tokens short of a scope, forged ones. */
  auth: Record<
    | "admin"
    | "eventsOnly"
    | "followsOnly"
    | "expired"
    | "wrongIssuer"
    | "wrongAudience"
    | "noExpiry"
    | "noJti"
    | "unknownJti"
    | "revoked"
    | "algNone"
    | "hs256"
    | "otherKey"
    | "future",
    string
  >;
  /** Ids of the node's own event, a series, a project, a deleted event, and a remote event it holds. */
  eventId: string;
  seriesId: string;
  projectId: string;
  deletedEventId: string;
  remoteEventId: string;
  remoteActorId: string;
};

export type AdminCase = {
  name: string;
  method?: string;
  /** The path as sent (not normalised). */
  path: (w: AdminWorld) => string;
  /** `Authorization` (default: the admin token); null sends none. */
  auth?: (w: AdminWorld) => string | null;
  /** An object is sent as JSON; strings and bytes as they are. */
  body?: (w: AdminWorld) => unknown;
  headers?: Record<string, string>;
  status: Expected;
  /** The 422 answer names a problem on this field (a JSON path, "" for the whole input). */
  field?: string;
  error?: RegExp;
};

/** The day valid inputs take place, 20 days from today. */
export const day = dateFromToday(20);
/** A valid event input, 20 days from today, that a row breaks one field of. */
export const validEvent = (): Record<string, unknown> => ({
  title: "Hostile input",
  startsAt: `${day}T19:00`,
  endsAt: `${day}T21:00`,
  timezone: "Europe/Paris",
});
/** A valid project input. */
export const validProject = (): Record<string, unknown> => ({ title: "Hostile project", summary: "A summary." });

export const EVENTS = () => "/api/admin/events";
export const PROJECTS = () => "/api/admin/projects";

export const long = (n: number, c = "x") => c.repeat(n);
export const SCRIPT = `<script>alert(1)</script>`;
