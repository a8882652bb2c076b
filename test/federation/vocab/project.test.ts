import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import type { EventUris } from "../../../federation/vocab/event.ts";
import { fromProjectJson, projectMetaLine, toProjectJson } from "../../../federation/vocab/project.ts";
import type { Project } from "../../../node/domain/projects/project.ts";

const GOLDEN = new URL("../../fixtures/golden/project.json", import.meta.url);
const uris: EventUris = { actorId: "https://saopaulo.cantine.example/actor", followersUrl: "https://saopaulo.cantine.example/actor/followers" };

const project: Project = {
  id: "5f1c2a9e-3b4d-4e6f-8a7b-9c0d1e2f3a4b",
  apId: "https://saopaulo.cantine.example/projects/5f1c2a9e-3b4d-4e6f-8a7b-9c0d1e2f3a4b",
  url: "https://saopaulo.cantine.example/projects/5f1c2a9e-3b4d-4e6f-8a7b-9c0d1e2f3a4b",
  local: true,
  actorId: "https://saopaulo.cantine.example/actor",
  title: "Horta Comunitária",
  summary: "Rooftop gardens on coworking spaces, run by their members.",
  description: "We grow **vegetables** on roofs.",
  descriptionHtml: "<p>We grow <strong>vegetables</strong> on roofs.</p>",
  stage: "prototype",
  lookingFor: ["funding", "partners"],
  cities: ["São Paulo", "Barcelona"],
  tags: ["urbanfarming", "food"],
  links: [
    { name: "Website", url: "https://horta.example.org" },
    { name: "Code", url: "https://git.example.org/horta" },
  ],
  contact: "hello@horta.example.org",
  language: "en",
  publishedAt: "2026-09-01T12:00:00Z",
  updatedAt: "2026-09-15T08:00:00Z",
  sequence: 1,
};

function read(json: unknown) {
  const result = fromProjectJson(json);
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.project;
}

function reasonOf(json: unknown): string {
  const result = fromProjectJson(json);
  if (result.ok) throw new Error("expected a refusal");
  return result.reason;
}

describe("toProjectJson", () => {
  it("matches the reviewed golden file", () => {
    const golden: unknown = JSON.parse(readFileSync(GOLDEN, "utf8"));
    expect(toProjectJson(project, uris)).toEqual(golden);
  });

  it("tells Mastodon readers the stage and needs in the summary, in the project's language", () => {
    expect(toProjectJson(project, uris).summary).toBe(
      "<p>Rooftop gardens on coworking spaces, run by their members.</p><p>Stage: prototype · Looking for: funding, partners · Cities: São Paulo, Barcelona</p>",
    );
    expect(projectMetaLine("idea", ["space"], [], "fr")).toBe("Étape : idée · Recherche : lieu");
    expect(projectMetaLine("launched", ["users"], [], "pt-BR")).toBe("Estágio: lançado · Procura: usuários");
    expect(projectMetaLine(null, [], [], "es")).toBe("");
  });

  it("escapes summaries and skips links that are not http(s)", () => {
    const json = toProjectJson(
      { ...project, summary: "<b>1 < 2</b>", links: [{ name: "x", url: "javascript:alert(1)" }], stage: "", lookingFor: [], cities: [] },
      uris,
    );
    expect(json.summary).toBe("<p>&lt;b&gt;1 &lt; 2&lt;/b&gt;</p>");
    expect(json.content).toBe(project.descriptionHtml);
    expect(json.attachment).toEqual([]);
    expect(json).not.toHaveProperty("stage");
  });
});

describe("fromProjectJson(toProjectJson(project))", () => {
  it("keeps every field a cantine stores", () => {
    expect(read(toProjectJson(project, uris))).toEqual({
      apId: project.apId,
      url: project.url,
      actorId: uris.actorId,
      title: project.title,
      summary: project.summary,
      descriptionHtml: project.descriptionHtml,
      stage: "prototype",
      lookingFor: ["funding", "partners"],
      cities: ["São Paulo", "Barcelona"],
      tags: ["urbanfarming", "food"],
      links: project.links,
      contact: project.contact,
      image: null,
      language: "en",
      publishedAt: project.publishedAt,
      updatedAt: project.updatedAt,
    });
  });

  it("carries the banner as the first attachment, an Image with its size, alt text and blurhash, and reads it back", () => {
    const image = {
      url: "https://saopaulo.cantine.example/media/0b3c4d5e-6f70-4182-93a4-b5c6d7e8f901.webp",
      alt: "Tomatoes on a roof",
      mediaType: "image/webp",
      width: 1600,
      height: 800,
      blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
    };
    const json = toProjectJson({ ...project, image }, uris);
    expect((json.attachment as unknown[])[0]).toEqual({
      type: "Image",
      mediaType: "image/webp",
      url: image.url,
      name: image.alt,
      width: 1600,
      height: 800,
      blurhash: image.blurhash,
      isBannerImage: true,
    });
    expect((json.attachment as { type: string }[]).filter((a) => a.type === "Link")).toHaveLength(2);
    const back = read(json);
    expect(back.image).toEqual(image);
    expect(back.links).toEqual(project.links);
  });

  it("keeps a multi-line summary and a French meta line", () => {
    const fr = { ...project, language: "fr", summary: "Ligne un\nLigne deux" };
    expect(read(toProjectJson(fr, uris))).toMatchObject({ summary: "Ligne un\nLigne deux", language: "fr", stage: "prototype" });
  });
});

describe("fromProjectJson on other and hostile input", () => {
  const base = { type: "Article", id: "https://other.example/p/1", name: "P", attributedTo: "https://other.example/actor" };

  it("reads a plain Article from any server", () => {
    expect(read({ ...base, summary: "<p>Short</p>", content: "<p>Long</p>" })).toMatchObject({
      url: "https://other.example/p/1",
      summary: "Short",
      descriptionHtml: "<p>Long</p>",
      stage: null,
      lookingFor: [],
      cities: [],
      links: [],
      contact: null,
      tags: [],
    });
    expect(read({ ...base, content: "<p>Only content here</p>" }).summary).toBe("Only content here");
  });

  it("refuses what is not a usable Article, with a reason", () => {
    for (const junk of [null, "x", 1, [], [base]]) expect(reasonOf(junk)).toBe("not a JSON object");
    expect(reasonOf({ ...base, type: "Event" })).toBe("type is not Article");
    expect(reasonOf({ ...base, id: "javascript:alert(1)" })).toBe("id is not an http(s) URL");
    expect(reasonOf({ ...base, name: "\u0000 \t" })).toBe("name is missing or empty");
    expect(reasonOf({ ...base, attributedTo: [{ id: 3 }] })).toBe("attributedTo is missing");
  });

  it("sanitises and bounds everything it keeps", () => {
    const received = read({
      ...base,
      name: `<b>${"N".repeat(1_000_000)}</b>`,
      summary: "<script>alert(1)</script>Fine",
      content: '<p onmouseover="x()">Body<img src=x onerror=alert(1)></p><a href="javascript:alert(1)">a</a>',
      stage: "<script>",
      lookingFor: ["Funding", "funding", 3, "x".repeat(100), { a: 1 }],
      cities: ["<i>Paris</i>", "", null, ...Array.from({ length: 30 }, (_, i) => `City ${i}`)],
      attachment: [{ type: "Link", href: "javascript:alert(1)", name: "bad" }, { type: "Link", href: "https://ok.example", name: "<b>ok</b>" }, [[{}]]],
      contact: "javascript:alert(1)",
      url: { href: "data:text/html,x" },
      tag: { type: "Hashtag", name: "#solo" },
    });
    expect(Array.from(received.title).length).toBeLessThanOrEqual(200);
    expect(received).toMatchObject({
      summary: "Fine",
      descriptionHtml: "<p>Body</p><span>a</span>",
      stage: null,
      lookingFor: ["funding"],
      links: [{ name: "ok", url: "https://ok.example" }],
      contact: null,
      url: "https://other.example/p/1",
      tags: ["solo"],
    });
    expect(received.cities[0]).toBe("Paris");
    expect(received.cities).toHaveLength(18); // the first 20 values, blanks dropped
    expect(read({ ...base, contact: "@team@cantine.example" }).contact).toBe("@team@cantine.example");
  });

  it("turns an exception while reading into a refusal", () => {
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new TypeError("boom");
        },
      },
    );
    expect(fromProjectJson(trap)).toEqual({ ok: false, reason: "malformed project (TypeError)" });
  });
});
