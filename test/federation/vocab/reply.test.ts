import { describe, expect, it } from "@jest/globals";
import { fromAuthorJson, fromReplyJson } from "../../../federation/vocab/reply.ts";
import { readJsonFixture } from "../../helpers/fixtures.ts";

const US = "https://paris.example/users/paris";
const EVENT = "https://paris.example/events/1";

/** Mastodon's Create(Note) fixture, as a reply to our event that mentions us. */
function mastodonReply(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const create = readJsonFixture<{ object: Record<string, unknown> }>("mastodon", "create-note.json");
  return {
    ...create.object,
    inReplyTo: EVENT,
    tag: [...(create.object.tag as unknown[]), { type: "Mention", href: US, name: "@paris@paris.example" }],
    ...overrides,
  };
}

describe("a reply as Mastodon sends it", () => {
  it("keeps its id, page, target, author, text and dates, and sees that it mentions us", () => {
    const read = fromReplyJson(mastodonReply(), US);
    expect(read).toMatchObject({
      ok: true,
      reply: {
        apId: "https://mastodon.example/users/alice/statuses/115065201447102341",
        url: "https://mastodon.example/@alice/115065201447102341",
        inReplyTo: EVENT,
        attributedTo: "https://mastodon.example/users/alice",
        mentionsUs: true,
        publishedAt: "2026-08-21T14:03:12Z",
        updatedAt: null,
      },
    });
    if (read.ok) expect(read.reply.contentHtml).toContain("On se retrouve samedi");
  });

  it("makes hostile HTML inert and keeps a content warning in front", () => {
    const read = fromReplyJson(
      mastodonReply({
        summary: "spoiler <b>x</b>",
        content: `<p onclick="alert(1)">hi<script>alert(2)</script><img src=x onerror=alert(3)><a href="javascript:alert(4)">link</a><iframe src="https://evil.example"></iframe></p>`,
      }),
      US,
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.reply.contentHtml).toBe("<p><strong>spoiler x</strong></p><p>hi<span>link</span></p>");
  });

  it("bounds what it keeps of a huge reply", () => {
    const read = fromReplyJson(mastodonReply({ content: `<p>${"word ".repeat(50_000)}</p>` }), US);
    expect(read.ok && read.reply.contentHtml.length).toBeLessThanOrEqual(20_000);
  });

  it("refuses what is not a reply", () => {
    expect(fromReplyJson(mastodonReply({ inReplyTo: null }), US)).toEqual({ ok: false, reason: "inReplyTo is missing" });
    expect(fromReplyJson(mastodonReply({ type: "Event" }), US).ok).toBe(false);
    expect(fromReplyJson(mastodonReply({ content: "", contentMap: {} }), US)).toEqual({ ok: false, reason: "it has no text" });
    expect(fromReplyJson(mastodonReply({ id: "javascript:alert(1)" }), US).ok).toBe(false);
  });
});

describe("a reply's author", () => {
  const actor = readJsonFixture<Record<string, unknown>>("mastodon", "actor.json");
  const id = String(actor.id);

  it("has a name, a handle, a profile page and an http(s) avatar", () => {
    const author = fromAuthorJson(id, { ...actor, icon: { type: "Image", url: "https://files.example/a.png" } });
    expect(author).toMatchObject({ actorId: id, icon: "https://files.example/a.png" });
    expect(author.handle).toBe(`${String(actor.preferredUsername)}@${new URL(id).host}`);
  });

  it("drops an avatar that is not http(s), and any avatar of a server whose media we reject", () => {
    expect(fromAuthorJson(id, { ...actor, icon: { type: "Image", url: "javascript:alert(1)" } }).icon).toBeNull();
    expect(fromAuthorJson(id, { ...actor, icon: { type: "Image", url: "https://files.example/a.png" } }, true).icon).toBeNull();
  });

  it("still names an author whose document could not be read", () => {
    expect(fromAuthorJson(id, null)).toEqual({ actorId: id, name: null, handle: null, url: id, icon: null });
  });
});
