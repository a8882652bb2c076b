import { describe, expect, it } from "@jest/globals";
import { expressRoute, localUrls, matchRoute, pathOf } from "../../../node/domain/local-urls.ts";

// Our ids are stored by every peer that ever saw them: these shapes must never change.
describe("the URLs of our own things", () => {
  const urls = localUrls({ origin: "https://paris.cantine.example", slug: "paris" });

  it("keeps the shapes peers already hold", () => {
    expect(urls).toMatchObject({
      actor: "https://paris.cantine.example/users/paris",
      inbox: "https://paris.cantine.example/users/paris/inbox",
      sharedInbox: "https://paris.cantine.example/inbox",
      outbox: "https://paris.cantine.example/users/paris/outbox",
      followers: "https://paris.cantine.example/users/paris/followers",
      following: "https://paris.cantine.example/users/paris/following",
      upcomingEvents: "https://paris.cantine.example/users/paris/upcoming-events",
    });
    expect(urls.event("0b6f3c1e-9d7a-4c1b-8f1e-2a3b4c5d6e7f")).toBe("https://paris.cantine.example/events/0b6f3c1e-9d7a-4c1b-8f1e-2a3b4c5d6e7f");
    expect(urls.project("p1")).toBe("https://paris.cantine.example/projects/p1");
    expect(urls.activity("follows", "u1")).toBe("https://paris.cantine.example/users/paris/follows/u1");
    expect(localUrls({ origin: "http://127.0.0.1:8101", slug: "paris" }).event("e1")).toBe("http://127.0.0.1:8101/events/e1");
  });

  it("declares the same shapes to Express, under the names its route labels have always had", () => {
    expect([expressRoute("actor"), expressRoute("inbox"), expressRoute("sharedInbox"), expressRoute("event")]).toEqual([
      "/users/:slug",
      "/users/:slug/inbox",
      "/inbox",
      "/events/:id",
    ]);
  });

  it("reads our events and projects back from their URLs, and nothing else", () => {
    expect(urls.objectAt("https://paris.cantine.example/events/e1")).toEqual({ kind: "event", id: "e1" });
    expect(urls.objectAt("https://paris.cantine.example/projects/p1")).toEqual({ kind: "project", id: "p1" });
    expect(urls.objectAt("https://sf.cantine.example/events/e1")).toBeNull();
    expect(urls.objectAt("https://paris.cantine.example/events/e1/replies")).toBeNull();
    expect(urls.objectAt("not a url")).toBeNull();
    expect(matchRoute("outbox", "/users/paris/outbox")).toEqual({ identifier: "paris" });
    expect(matchRoute("outbox", "/users/paris/outbox/")).toBeNull();
  });

  it("percent-encodes what it fills in", () => {
    expect(pathOf("event", { id: "a/b c" })).toBe("/events/a%2Fb%20c");
  });
});
