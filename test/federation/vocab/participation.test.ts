import { describe, expect, it } from "@jest/globals";
import { toAnswerActivity } from "../../../federation/vocab/participation.ts";
import type { CantineEvent } from "../../../node/domain/events/event.ts";
import type { AnswerTarget } from "../../../node/domain/participation/ports.ts";

const event = {
  id: "e1",
  apId: "https://paris.cantine.example/events/e1",
  title: "Apéro <fédéré> & co",
  registrationUrl: "https://tickets.example/apero?a=1&b=2",
} as CantineEvent;
const join: AnswerTarget = {
  actorId: "https://mobilizon.example/@ana",
  inbox: "https://mobilizon.example/@ana/inbox",
  sharedInbox: "https://mobilizon.example/inbox",
  activityId: "https://mobilizon.example/join/event/1",
  activityType: "Join",
};
const id = new URL("https://paris.cantine.example/users/paris/accepts/1");
const actor = new URL("https://paris.cantine.example/users/paris");

async function json(answer: Parameters<typeof toAnswerActivity>[0]["answer"], target = join, locale = "en") {
  return (await toAnswerActivity({ id, actor, event, target, answer, locale }).toJsonLd({ format: "compact" })) as Record<string, unknown>;
}

describe("our answers to participants", () => {
  it("accepts a Join by embedding it with ids only, addressed to the person, as Mobilizon matches it", async () => {
    expect(await json({ kind: "accept" })).toMatchObject({
      type: "Accept",
      id: id.href,
      actor: actor.href,
      to: join.actorId,
      object: { type: "Join", id: join.activityId, actor: join.actorId, object: event.apId },
    });
  });

  it("answers Friendica's Accept of the event with an Accept of that Accept", async () => {
    const accept = await json({ kind: "accept" }, { ...join, activityType: "Accept", activityId: "https://friendica.example/objects/1" });
    expect(accept.object).toMatchObject({ type: "Accept", id: "https://friendica.example/objects/1", object: event.apId });
  });

  it("says in a Reject that the event is full and where the person stands, in the venue's language", async () => {
    const full = await json({ kind: "waitlist", position: 3 }, join, "fr");
    expect(full.type).toBe("Reject");
    expect(full.content).toBe(
      "<p>« Apéro &lt;fédéré&gt; &amp; co » est complet : vous êtes n° 3 sur la liste d’attente. Un Accept suivra si une place se libère.</p>",
    );
    expect((await json({ kind: "refuse" })).content).toContain("was not accepted");
  });

  it("points a Join of an external event to its registration page, and ignores one it takes no part in", async () => {
    const external = await json({ kind: "external", url: event.registrationUrl! });
    expect(external).toMatchObject({ type: "Reject", url: "https://tickets.example/apero?a=1&b=2" });
    expect(external.content).toContain('<a href="https://tickets.example/apero?a=1&amp;b=2">');
    expect(await json({ kind: "ignore" })).toMatchObject({ type: "Ignore", object: { type: "Join", id: join.activityId } });
  });
});
