import { describe, expect, it } from "@jest/globals";
import type { FieldProblem } from "../../../node/domain/errors.ts";
import type { ProjectInput } from "../../../node/domain/projects/project.ts";
import type { NormalizedProject } from "../../../node/domain/projects/validate-project.ts";
import { applyProjectPatch, normalizeProjectInput } from "../../../node/domain/projects/validate-project.ts";
import { checkProjectInput, projectPatch } from "../../../node/http/validate-input.ts";

// Each input goes the way an operator's does: its shapes checked at the edge, then read by the domain.

const base = { title: "Compost Connect", summary: "Relier les composteurs de quartier aux restaurants." };

function valid(input: unknown): NormalizedProject {
  const result = normalizeProjectInput(checkProjectInput(input));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

function problems(input: unknown): FieldProblem[] {
  const result = normalizeProjectInput(checkProjectInput(input));
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

function problemOf(extra: Record<string, unknown>, field: string): string {
  const found = problems({ ...base, ...extra });
  expect(found.map((p) => p.field)).toEqual([field]);
  return found[0]!.message;
}

describe("normalizeProjectInput", () => {
  it("normalises a minimal project with defaults", () => {
    expect(valid({ title: " Compost Connect ", summary: base.summary })).toEqual({
      title: "Compost Connect",
      summary: base.summary,
      description: null,
      stage: "idea",
      lookingFor: [],
      cities: [],
      tags: [],
      links: [],
      contact: null,
      image: null,
      language: null,
    });
  });

  it("keeps every field, deduplicating lists", () => {
    expect(
      valid({
        ...base,
        description: "## Le problème\n\nLes restaurants jettent…",
        stage: "prototype",
        lookingFor: ["skills", "funding", "skills"],
        cities: ["Paris", " Lyon ", "paris"],
        tags: ["#zero-waste", "ZeroWaste", "compost"],
        links: [{ name: "Site", url: "https://compost.example.org" }],
        contact: "@compost@mastodon.example",
        language: "fr",
      }),
    ).toEqual({
      title: "Compost Connect",
      summary: base.summary,
      description: "## Le problème\n\nLes restaurants jettent…",
      stage: "prototype",
      lookingFor: ["skills", "funding"],
      cities: ["Paris", "Lyon"],
      tags: ["zerowaste", "compost"],
      links: [{ name: "Site", url: "https://compost.example.org" }],
      contact: "@compost@mastodon.example",
      image: null,
      language: "fr",
    });
  });

  it("takes a banner image (url, alt, mediaType) and names a bad one", () => {
    expect(valid({ ...base, image: { url: "https://compost.example.org/bins.jpg", alt: "Compost bins", mediaType: "image/jpeg" } }).image).toEqual({
      url: "https://compost.example.org/bins.jpg",
      alt: "Compost bins",
      mediaType: "image/jpeg",
    });
    expect(problemOf({ image: { url: "javascript:alert(1)" } }, "image.url")).toBeTruthy();
  });

  it("accepts an email address, an http(s) URL or a fediverse handle as contact", () => {
    for (const contact of ["equipe@compost.example.org", "https://compost.example.org/contact", "@compost@mastodon.example"]) {
      expect(valid({ ...base, contact }).contact).toBe(contact);
    }
    for (const contact of ["call us", "javascript:alert(1)", "mailto:x@example.org", "@compost", "https://user:pw@example.org"]) {
      expect(problemOf({ contact }, "contact")).toMatch(/must be an email address|user name or password/);
    }
    expect(problemOf({ contact: "c".repeat(201) }, "contact")).toMatch(/at most 200/);
  });

  it("checks title and summary", () => {
    expect(problems({})).toEqual([
      { field: "title", message: "is required" },
      { field: "summary", message: "is required" },
    ]);
    expect(problemOf({ title: 42 }, "title")).toBe("must be a string");
    expect(problemOf({ title: "t".repeat(201) }, "title")).toMatch(/at most 200/);
    expect(problemOf({ title: "tab\there" }, "title")).toMatch(/control characters/);
    expect(problemOf({ summary: "" }, "summary")).toBe("must not be empty");
    expect(problemOf({ summary: "s".repeat(501) }, "summary")).toMatch(/at most 500/);
    expect(problemOf({ summary: "A".repeat(1_048_576) }, "summary")).toBe("must be at most 500 characters (got 1048576)");
    expect(valid({ ...base, summary: "<b>bold</b>\ntwo lines" }).summary).toBe("<b>bold</b>\ntwo lines");
    expect(problemOf({ description: "d".repeat(20_001) }, "description")).toMatch(/at most 20000/);
  });

  it("checks stage and lookingFor against their values", () => {
    expect(problemOf({ stage: "done" }, "stage")).toMatch(/must be one of idea, prototype, launched, growing, paused/);
    expect(problemOf({ lookingFor: ["skills", "love"] }, "lookingFor[1]")).toMatch(/must be one of skills, partners/);
    expect(problemOf({ lookingFor: "skills" }, "lookingFor")).toBe("must be a list (JSON array)");
  });

  it("checks cities, tags and links", () => {
    expect(problemOf({ cities: Array.from({ length: 11 }, (_, i) => `City ${i}`) }, "cities")).toBe("must have at most 10 cities (got 11)");
    expect(problemOf({ cities: ["Paris", "c".repeat(101)] }, "cities[1]")).toMatch(/at most 100/);
    expect(problemOf({ cities: ["Paris", ""] }, "cities[1]")).toBe("must not be empty");
    expect(problemOf({ tags: ["ok", "no!"] }, "tags[1]")).toMatch(/letters, digits or "_"/);
    expect(problemOf({ links: Array.from({ length: 11 }, () => ({ name: "x", url: "https://x.example" })) }, "links")).toMatch(/at most 10 links/);
    expect(problemOf({ links: [{ name: "Site", url: "javascript:alert(1)" }] }, "links[0].url")).toMatch(/absolute http\(s\) URL/);
    expect(problemOf({ links: [{ url: "https://x.example" }] }, "links[0].name")).toBe("is required");
    expect(problemOf({ links: [{ name: "n".repeat(101), url: "https://x.example" }] }, "links[0].name")).toMatch(/at most 100/);
    expect(problemOf({ links: [{ name: "Site", url: "https://x.example", rel: "me" }] }, "links[0].rel")).toBe('unknown field "rel"');
    expect(problemOf({ links: ["https://x.example"] }, "links[0]")).toBe("must be a JSON object");
  });

  it("checks the language and rejects unknown fields", () => {
    expect(problemOf({ language: "Português" }, "language")).toMatch(/BCP 47/);
    expect(problemOf({ budget: 1000 }, "budget")).toBe('unknown field "budget"');
  });

  it("reports every problem at once", () => {
    expect(problems({ title: "", summary: 3, stage: "x", links: [{}], foo: true }).map((p) => p.field)).toEqual([
      "foo",
      "title",
      "summary",
      "stage",
      "links[0].name",
      "links[0].url",
    ]);
  });
});

describe("applyProjectPatch", () => {
  const current: ProjectInput = { ...base, stage: "idea", cities: ["Paris"], contact: "equipe@compost.example.org" };

  it("merges fields, replaces lists and clears optional fields with null", () => {
    expect(applyProjectPatch(current, { stage: "launched", cities: ["Lyon"], contact: null })).toEqual({
      merged: { ...base, stage: "launched", cities: ["Lyon"] },
      problems: [],
    });
  });

  it("refuses to remove the title or summary, and unknown fields", () => {
    expect(projectPatch({ summary: null, owner: "me" })(current).problems).toEqual([
      { field: "owner", message: 'unknown field "owner"' },
      { field: "summary", message: "is required and cannot be removed" },
    ]);
  });
});
