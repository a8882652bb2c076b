import { describe, expect, it } from "@jest/globals";
import type { CantineEvent, ReceivedEvent } from "../../../node/domain/events/event.ts";
import { receiveRemoteDelete, receiveRemoteEvent, receiveRemoteProject } from "../../../node/domain/network/receive-remote.ts";
import type { EventStore, ProjectStore, Stored } from "../../../node/domain/ports.ts";
import type { Project, ReceivedProject } from "../../../node/domain/projects/project.ts";

/** The part of a store the receive use cases touch, in memory. */
function memoryStore<T extends { id: string; apId: string }>() {
  const rows = new Map<string, Stored<T>>();
  return {
    insert: (value: T) => void rows.set(value.id, { value, deletedAt: null }),
    update: (value: T) => void rows.set(value.id, { value, deletedAt: rows.get(value.id)?.deletedAt ?? null }),
    get: (id: string) => rows.get(id),
    getByApId: (apId: string) => [...rows.values()].find((row) => row.value.apId === apId),
    markDeleted: (id: string, at: string) => void rows.set(id, { ...rows.get(id)!, deletedAt: at }),
  };
}

const ORIGIN = "https://events.example";
const alice = `${ORIGIN}/users/alice`;
const bob = `${ORIGIN}/users/bob`;
const now = new Date().toISOString();
const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
const from = (actorId: string) => ({ sourceActorId: actorId, viaActorId: null, receivedAt: now });

let ids = 0;
const newId = () => `id-${++ids}`;

function received(apId: string): ReceivedEvent {
  return {
    apId,
    url: apId,
    actorId: alice,
    title: "Atelier",
    descriptionHtml: "",
    startsAt: inAWeek,
    endsAt: null,
    timezone: "UTC",
    allDay: false,
    location: null,
    organizer: null,
    tags: [],
    image: null,
    language: null,
    status: "scheduled",
    capacity: null,
    registrationUrl: null,
    category: null,
    summary: null,
    publishedAt: now,
    updatedAt: now,
  } as ReceivedEvent;
}

function receivedProject(apId: string): ReceivedProject {
  return {
    apId,
    url: apId,
    actorId: alice,
    title: "Capteurs",
    summary: "Des capteurs",
    descriptionHtml: "",
    lookingFor: [],
    cities: [],
    tags: [],
    links: [],
    contact: null,
    language: null,
    stage: null,
    publishedAt: now,
    updatedAt: now,
  } as ReceivedProject;
}

describe("a remote Delete", () => {
  it("is refused from another actor of the same server, and accepted from the owner", () => {
    const events = memoryStore<CantineEvent>();
    const projects = memoryStore<Project>();
    const apId = `${ORIGIN}/events/1`;
    receiveRemoteEvent(events as unknown as EventStore, newId, received(apId), from(alice));

    expect(receiveRemoteDelete(events as unknown as EventStore, projects as unknown as ProjectStore, apId, bob, now)).toEqual({
      kind: "ignored",
      reason: `it belongs to ${alice}`,
    });
    expect(events.getByApId(apId)?.deletedAt).toBeNull();

    expect(receiveRemoteDelete(events as unknown as EventStore, projects as unknown as ProjectStore, apId, alice, now)).toEqual({ kind: "deleted" });
    expect(events.getByApId(apId)?.deletedAt).toBe(now);
  });

  it("applies the same rule to projects", () => {
    const events = memoryStore<CantineEvent>();
    const projects = memoryStore<Project>();
    const apId = `${ORIGIN}/projects/1`;
    receiveRemoteProject(projects as unknown as ProjectStore, newId, receivedProject(apId), from(alice));

    expect(receiveRemoteDelete(events as unknown as EventStore, projects as unknown as ProjectStore, apId, bob, now).kind).toBe("ignored");
    expect(projects.getByApId(apId)?.deletedAt).toBeNull();
    expect(receiveRemoteDelete(events as unknown as EventStore, projects as unknown as ProjectStore, apId, alice, now).kind).toBe("deleted");
  });

  it("ignores what we do not hold or already deleted", () => {
    const events = memoryStore<CantineEvent>();
    const projects = memoryStore<Project>();
    const apId = `${ORIGIN}/events/2`;
    expect(receiveRemoteDelete(events as unknown as EventStore, projects as unknown as ProjectStore, apId, alice, now)).toEqual({
      kind: "unchanged",
      reason: "we do not hold it",
    });
    receiveRemoteEvent(events as unknown as EventStore, newId, received(apId), from(alice));
    receiveRemoteDelete(events as unknown as EventStore, projects as unknown as ProjectStore, apId, alice, now);
    expect(receiveRemoteDelete(events as unknown as EventStore, projects as unknown as ProjectStore, apId, alice, now)).toEqual({
      kind: "unchanged",
      reason: "already deleted",
    });
  });
});
