import type { CantineEvent, EventSeries } from "./events/event.ts";
import type { Project } from "./projects/project.ts";

/** A stored row may be a tombstone: deleted objects keep their id forever (never reused). */
export type Stored<T> = { value: T; deletedAt: string | null };

export type EventQuery = Readonly<{
  from?: string;
  to?: string;
  tag?: string;
  q?: string;
  status?: string;
  local?: boolean;
  actorIds?: readonly string[];
  limit: number;
  offset: number;
}>;

export interface EventStore {
  insert(event: CantineEvent): void;
  update(event: CantineEvent): void;
  get(id: string): Stored<CantineEvent> | undefined;
  getByApId(apId: string): Stored<CantineEvent> | undefined;
  markDeleted(id: string, at: string): void;
  /** Live events ordered by start, with the total for paging. */
  query(query: EventQuery): { items: CantineEvent[]; total: number };
  /** Live occurrences of a series, by start. */
  occurrences(seriesId: string): CantineEvent[];
  /** Local dates of every occurrence ever made for a series, deleted ones included. */
  occurrenceDates(seriesId: string): string[];
  /** Forgets remote events that ended before `before`; returns how many. */
  pruneRemoteEnded(before: string): number;
  insertSeries(series: EventSeries): void;
  updateSeries(series: EventSeries): void;
  getSeries(id: string): Stored<EventSeries> | undefined;
  markSeriesDeleted(id: string, at: string): void;
  liveSeries(): EventSeries[];
}

export type ProjectQuery = Readonly<{ tag?: string; q?: string; local?: boolean; limit: number; offset: number }>;

export interface ProjectStore {
  insert(project: Project): void;
  update(project: Project): void;
  get(id: string): Stored<Project> | undefined;
  getByApId(apId: string): Stored<Project> | undefined;
  markDeleted(id: string, at: string): void;
  query(query: ProjectQuery): { items: Project[]; total: number };
}

/** Runs a synchronous function atomically (one SQLite transaction). */
export type Transaction = <T>(work: () => T) => T;

export type Clock = () => Date;
export type IdSource = () => string;
