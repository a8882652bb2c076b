import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { GoneError, NotFoundError } from "../../../node/domain/errors.ts";
import type { CantineEvent } from "../../../node/domain/events/event.ts";
import { deleteEvent, publishEvent, updateEvent } from "../../../node/domain/events/manage-events.ts";
import { normalizeEventInput } from "../../../node/domain/events/validate-event.ts";
import type { ParticipationDeps, ReceivedAnswer } from "../../../node/domain/participation/manage-participants.ts";
import { decideParticipant, fillPlaces, listParticipants, receiveAnswer, withdraw } from "../../../node/domain/participation/manage-participants.ts";
import { participationMode } from "../../../node/domain/participation/modes.ts";
import type { Answer, Intent, Person, Situation } from "../../../node/domain/participation/participant.ts";
import { attendanceOf, decide, decideByOperator, NO_ONE, nextParticipant, placesToFill } from "../../../node/domain/participation/participant.ts";
import type { AnswerTarget } from "../../../node/domain/participation/ports.ts";
import type { PublishingDeps } from "../../../node/domain/publishing/publishing.ts";
import { checkEventInput, eventPatch } from "../../../node/http/validate-input.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { SqliteEventStore } from "../../../node/storage/event-store.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { SqliteParticipantStore } from "../../../node/storage/participant-store.ts";
import { sqlitePublishingDeps } from "../../helpers/publishing-deps.ts";

/** A date a month from today, whatever today is. */
const nextMonth = () => Temporal.Now.plainDateISO("Europe/Paris").add({ days: 30 }).toString();

describe("participation rules", () => {
  const free: Situation = { mode: "free", capacity: 2, goingOthers: 0, current: null, registrationUrl: null };
  const cases: [string, Situation, Intent, ReturnType<typeof decide>][] = [
    ["free, a place left: going, Accept", free, "going", { state: "going", answer: "accept" }],
    ["free, full: waiting list, told so", { ...free, goingOthers: 2 }, "going", { state: "waiting", answer: "waitlist" }],
    ["free, no capacity: always a place", { ...free, capacity: null, goingOthers: 500 }, "going", { state: "going", answer: "accept" }],
    ["already going stays going, even when full", { ...free, goingOthers: 2, current: "going" }, "going", { state: "going", answer: "accept" }],
    ["already waiting keeps waiting", { ...free, current: "waiting" }, "going", { state: "waiting", answer: "waitlist" }],
    ["restricted: pending, no answer yet", { ...free, mode: "restricted" }, "going", { state: "pending", answer: null }],
    ["restricted, approved and waiting: keeps waiting", { ...free, mode: "restricted", current: "waiting" }, "going", { state: "waiting", answer: "waitlist" }],
    ["maybe: recorded, no answer", free, "maybe", { state: "maybe", answer: null }],
    ["no: recorded, no answer", { ...free, current: "going" }, "declined", { state: "declined", answer: null }],
    ["refused stays refused, told again", { ...free, current: "refused" }, "going", { state: "refused", answer: "refuse" }],
    ["refused stays refused on maybe, silently", { ...free, current: "refused" }, "maybe", { state: "refused", answer: null }],
    [
      "external: nothing kept, Reject to the link",
      { ...free, mode: "external", registrationUrl: "https://tickets.example/x" },
      "going",
      { state: null, answer: "external" },
    ],
    ["none: nothing kept, Ignore", { ...free, mode: "none" }, "going", { state: null, answer: "ignore" }],
    ["none: a maybe is not answered", { ...free, mode: "none" }, "maybe", { state: null, answer: null }],
  ];
  it.each(cases)("%s", (_name, situation, intent, expected) => {
    expect(decide(situation, intent)).toEqual(expected);
  });

  it("lets the operator give a place while one is left, else a place on the waiting list", () => {
    expect(decideByOperator({ ...free, mode: "restricted", current: "pending" }, "accept")).toEqual({ state: "going", answer: "accept" });
    expect(decideByOperator({ ...free, mode: "restricted", goingOthers: 2, current: "pending" }, "accept")).toEqual({ state: "waiting", answer: "waitlist" });
    expect(decideByOperator({ ...free, goingOthers: 2, current: "going" }, "accept")).toEqual({ state: "going", answer: "accept" });
    expect(decideByOperator({ ...free, current: "going" }, "refuse")).toEqual({ state: "refused", answer: "refuse" });
  });

  it("fills the places left from the waiting list, all of it without a limit", () => {
    expect(placesToFill(3, 1, 5)).toBe(2);
    expect(placesToFill(3, 3, 5)).toBe(0);
    expect(placesToFill(3, 4, 5)).toBe(0); // capacity lowered below the people going: nobody is removed
    expect(placesToFill(null, 10, 5)).toBe(5);
    expect(placesToFill(10, 1, 2)).toBe(2);
  });

  it("defaults to external with a registration link, else free; the operator's choice wins", () => {
    expect(participationMode({ registrationUrl: null })).toBe("free");
    expect(participationMode({ registrationUrl: "https://t.example" })).toBe("external");
    expect(participationMode({ registrationUrl: "https://t.example", participation: "restricted" })).toBe("restricted");
    expect(participationMode({ registrationUrl: null, participation: null })).toBe("free");
  });

  it("counts places left, never below zero", () => {
    expect(attendanceOf({ ...NO_ONE, going: 3, waiting: 2 }, 5)).toEqual({ going: 3, waiting: 2, pending: 0, maybe: 0, capacity: 5, remaining: 2 });
    expect(attendanceOf({ ...NO_ONE, going: 6 }, 5).remaining).toBe(0);
    expect(attendanceOf(NO_ONE, null).remaining).toBeNull();
  });

  it("keeps a waiting person's turn when they ask again, and starts a new turn when the state changes", () => {
    const person: Person = { actorId: "https://m.example/@a", inbox: "https://m.example/@a/inbox", sharedInbox: null, handle: "a@m.example", name: "A" };
    const first = nextParticipant(
      undefined,
      { eventId: "e", person, state: "waiting", activityId: "https://m.example/join/1", activityType: "Join", message: "hi" },
      "2030-01-01T10:00:00Z",
    );
    const again = nextParticipant(
      first,
      { eventId: "e", person, state: "waiting", activityId: "https://m.example/join/2", activityType: "Join", message: null },
      "2030-01-01T11:00:00Z",
    );
    expect(again).toMatchObject({ since: first.since, requestedAt: first.requestedAt, activityId: "https://m.example/join/2", message: "hi" });
    const going = nextParticipant(
      again,
      { eventId: "e", person, state: "going", activityId: again.activityId, activityType: "Join", message: null },
      "2030-01-01T12:00:00Z",
    );
    expect(going.since).toBe("2030-01-01T12:00:00Z");
    expect(going.requestedAt).toBe(first.requestedAt);
  });

  it("takes the mode as `participation` in the event input, and refuses external without a link", () => {
    const defaults = { timezone: "Europe/Paris", now: Temporal.Now.instant() };
    const base = { title: "Apéro", startsAt: `${nextMonth()}T19:00` };
    const ok = normalizeEventInput(checkEventInput({ ...base, participation: "restricted" }), defaults);
    expect(ok.ok && ok.value.participation).toBe("restricted");
    expect(normalizeEventInput(checkEventInput({ ...base, participation: "invite" }), defaults)).toMatchObject({
      ok: false,
      problems: [{ field: "participation" }],
    });
    expect(normalizeEventInput(checkEventInput({ ...base, participation: "external" }), defaults)).toMatchObject({
      ok: false,
      problems: [{ field: "participation" }],
    });
    expect(normalizeEventInput(checkEventInput({ ...base, participation: "external", registrationUrl: "https://t.example/r" }), defaults).ok).toBe(true);
  });
});

describe("participation use cases on a real SQLite database", () => {
  let dir: string;
  let db: Db;
  let publishing: PublishingDeps;
  let deps: ParticipationDeps;
  let sent: { to: string; activity: string; answer: Answer }[];
  let clock: Date;
  let ids: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-participation-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    sent = [];
    clock = new Date();
    ids = 0;
    const events = new SqliteEventStore(db);
    const transaction = <T>(work: () => T) => db.transaction(work).immediate();
    const now = () => new Date((clock = new Date(clock.getTime() + 1000)));
    publishing = sqlitePublishingDeps(db, { events, transaction, now, newId: () => `id-${++ids}` });
    deps = {
      events,
      participants: new SqliteParticipantStore(db),
      answers: {
        send: async (_event: CantineEvent, target: AnswerTarget, answer: Answer) => void sent.push({ to: target.actorId, activity: target.activityId, answer }),
      },
      transaction,
      now,
    };
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const event = (input: Record<string, unknown> = {}) =>
    publishEvent(publishing, checkEventInput({ title: "Apéro fédéré", startsAt: `${nextMonth()}T19:00`, ...input })).event;
  const person = (name: string, host = "mobilizon.example"): Person => ({
    actorId: `https://${host}/@${name}`,
    inbox: `https://${host}/@${name}/inbox`,
    sharedInbox: `https://${host}/inbox`,
    handle: `${name}@${host}`,
    name,
  });
  let joins = 0;
  const answer = (eventId: string, who: Person, intent: Intent = "going", type: ReceivedAnswer["activity"]["type"] = "Join"): ReceivedAnswer => ({
    eventId,
    person: who,
    activity: { id: `${who.actorId}/activities/${++joins}`, type },
    intent,
  });
  const states = (eventId: string) => Object.fromEntries(listParticipants(deps, eventId).participants.map((p) => [p.name, p.state]));

  it("accepts while places last, then waitlists; a Leave gives the first waiting person the place", async () => {
    const { id } = event({ capacity: 2 });
    for (const name of ["ana", "bea", "carl", "dan"]) await receiveAnswer(deps, answer(id, person(name)));
    expect(states(id)).toEqual({ ana: "going", bea: "going", carl: "waiting", dan: "waiting" });
    expect(sent.map((s) => [s.to.split("@")[1], s.answer])).toEqual([
      ["ana", { kind: "accept" }],
      ["bea", { kind: "accept" }],
      ["carl", { kind: "waitlist", position: 1 }],
      ["dan", { kind: "waitlist", position: 2 }],
    ]);
    sent = [];
    const { removed, promoted } = await withdraw(deps, { eventId: id, actorId: person("bea").actorId });
    expect(removed?.state).toBe("going");
    expect(promoted.map((p) => p.name)).toEqual(["carl"]);
    expect(sent).toEqual([{ to: person("carl").actorId, activity: expect.stringContaining("/@carl/activities/"), answer: { kind: "accept" } }]);
    expect(listParticipants(deps, id).attendance).toMatchObject({ going: 2, waiting: 1, remaining: 0 });
  });

  it("counts someone who joins twice once, and answers each Join", async () => {
    const { id } = event({ capacity: 5 });
    await receiveAnswer(deps, answer(id, person("ana")));
    await receiveAnswer(deps, answer(id, person("ana")));
    expect(listParticipants(deps, id).attendance.going).toBe(1);
    expect(sent.map((s) => s.answer.kind)).toEqual(["accept", "accept"]);
  });

  it("keeps restricted requests for the operator, who accepts (or waitlists when full) or refuses", async () => {
    const { id } = event({ capacity: 1, participation: "restricted" });
    await receiveAnswer(deps, answer(id, person("ana")));
    await receiveAnswer(deps, answer(id, person("bea")));
    await receiveAnswer(deps, answer(id, person("carl")));
    expect(states(id)).toEqual({ ana: "pending", bea: "pending", carl: "pending" });
    expect(sent).toEqual([]);
    expect((await decideParticipant(deps, id, person("ana").actorId, "accept")).answer).toEqual({ kind: "accept" });
    expect((await decideParticipant(deps, id, person("bea").actorId, "accept")).answer).toEqual({ kind: "waitlist", position: 1 });
    expect((await decideParticipant(deps, id, person("carl").actorId, "refuse")).answer).toEqual({ kind: "refuse" });
    expect(states(id)).toEqual({ ana: "going", bea: "waiting", carl: "refused" });
    // Refusing someone going gives their place to the waiting list.
    const { promoted } = await decideParticipant(deps, id, person("ana").actorId, "refuse");
    expect(promoted.map((p) => p.name)).toEqual(["bea"]);
    await expect(decideParticipant(deps, id, person("nobody").actorId, "accept")).rejects.toThrow(/participant/);
  });

  it("keeps a refusal: a new Join is refused again, a Leave does not erase it", async () => {
    const { id } = event();
    await receiveAnswer(deps, answer(id, person("ana")));
    await decideParticipant(deps, id, person("ana").actorId, "refuse");
    sent = [];
    await receiveAnswer(deps, answer(id, person("ana")));
    expect(sent.map((s) => s.answer.kind)).toEqual(["refuse"]);
    expect((await withdraw(deps, { eventId: id, actorId: person("ana").actorId })).removed).toBeNull();
    expect(states(id)).toEqual({ ana: "refused" });
  });

  it("records attendance answers; a new answer replaces the previous one, and frees a place", async () => {
    const { id } = event({ capacity: 1 });
    await receiveAnswer(deps, answer(id, person("ana", "friendica.example"), "going", "Accept"));
    await receiveAnswer(deps, answer(id, person("bea")));
    expect(states(id)).toEqual({ ana: "going", bea: "waiting" });
    const maybe = answer(id, person("ana", "friendica.example"), "maybe", "TentativeAccept");
    const outcome = await receiveAnswer(deps, maybe);
    expect(outcome).toMatchObject({ kind: "recorded", answer: null, promoted: [{ name: "bea" }] });
    expect(states(id)).toEqual({ bea: "going", ana: "maybe" });
    await receiveAnswer(deps, answer(id, person("ana", "friendica.example"), "declined", "Reject"));
    expect(states(id)).toEqual({ bea: "going", ana: "declined" });
    // An Undo of the replaced TentativeAccept changes nothing; an Undo of the current answer ends it.
    expect((await withdraw(deps, { eventId: id, actorId: person("ana", "friendica.example").actorId, activityId: maybe.activity.id })).removed).toBeNull();
    const current = deps.participants.get(id, person("ana", "friendica.example").actorId)!;
    expect(deps.participants.byActivity(current.activityId)?.actorId).toBe(current.actorId);
    expect((await withdraw(deps, { eventId: id, actorId: current.actorId, activityId: current.activityId })).removed?.state).toBe("declined");
    expect(states(id)).toEqual({ bea: "going" });
  });

  it("answers Ignore when the event takes no participants, and a Reject to the link when it is external", async () => {
    const none = event({ participation: "none" });
    const external = event({ registrationUrl: "https://tickets.example/apero" });
    await receiveAnswer(deps, answer(none.id, person("ana")));
    await receiveAnswer(deps, answer(external.id, person("ana")));
    expect(sent.map((s) => s.answer)).toEqual([{ kind: "ignore" }, { kind: "external", url: "https://tickets.example/apero" }]);
    expect(listParticipants(deps, none.id).participants).toEqual([]);
    expect(listParticipants(deps, external.id).participants).toEqual([]);
    expect(await receiveAnswer(deps, answer("no-such-event", person("ana")))).toMatchObject({ kind: "ignored" });
  });

  it("gives new places to the waiting list when the capacity grows, not for a cancelled event", async () => {
    const { id } = event({ capacity: 1 });
    for (const name of ["ana", "bea", "carl"]) await receiveAnswer(deps, answer(id, person(name)));
    updateEvent(publishing, id, eventPatch({ capacity: 2 }));
    expect((await fillPlaces(deps, id)).map((p) => p.name)).toEqual(["bea"]);
    updateEvent(publishing, id, eventPatch({ capacity: 3, status: "cancelled" }));
    expect(await fillPlaces(deps, id)).toEqual([]);
  });

  it("answers operators' tools with 404 for an unknown event and 410 for a deleted one", () => {
    expect(() => listParticipants(deps, "nope")).toThrow(NotFoundError);
    const { id } = event();
    deleteEvent(publishing, id);
    expect(() => listParticipants(deps, id)).toThrow(GoneError);
  });
});
