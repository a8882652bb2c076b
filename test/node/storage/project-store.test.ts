import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Project } from "../../../node/domain/projects/project.ts";
import { SqliteProjectStore } from "../../../node/storage/project-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const origin = "https://paris.cantine.example";

function project(id: string, publishedAt: string, overrides: Partial<Project> = {}): Project {
  return {
    id,
    apId: `${origin}/projects/${id}`,
    url: `${origin}/projects/${id}`,
    local: true,
    actorId: `${origin}/users/paris`,
    title: `Project ${id}`,
    summary: "A summary",
    description: null,
    descriptionHtml: "",
    stage: "idea",
    lookingFor: [],
    cities: [],
    tags: [],
    links: [],
    contact: null,
    image: null,
    language: null,
    publishedAt,
    updatedAt: publishedAt,
    sequence: 0,
    viaActorId: null,
    ...overrides,
  };
}

describe("the project store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteProjectStore;
  beforeEach(() => {
    store = new SqliteProjectStore(sqlite.db);
  });
  const page = { limit: 100, offset: 0 };
  const ids = (query: Parameters<SqliteProjectStore["query"]>[0]) => store.query(query).items.map((p) => p.id);

  it("reads a project back with every field, by id and by ActivityPub id", () => {
    const full = project("p1", "2030-01-01T00:00:00.000Z", {
      description: "Un *atelier*",
      descriptionHtml: "<p>Un <em>atelier</em></p>",
      stage: "prototype",
      lookingFor: ["mentoring", "space"],
      cities: ["Paris", "Lyon"],
      tags: ["code"],
      links: [{ name: "Site", url: "https://atelier.example" }],
      contact: "ana@atelier.example",
      image: { url: `${origin}/media/p.webp`, alt: "Logo" },
      language: "fr",
      sequence: 3,
    });
    store.insert(full);
    expect(store.get("p1")).toEqual({ value: full, deletedAt: null });
    expect(store.getByApId(`${origin}/projects/p1`)).toEqual({ value: full, deletedAt: null });
    expect(store.get("p2")).toBeUndefined();
  });

  it("refuses a second project with the same id or ActivityPub id", () => {
    store.insert(project("p1", "2030-01-01T00:00:00.000Z"));
    expect(() => store.insert(project("p1", "2030-01-02T00:00:00.000Z", { apId: `${origin}/projects/x` }))).toThrow(/UNIQUE|PRIMARY/);
    expect(() => store.insert(project("p2", "2030-01-02T00:00:00.000Z", { apId: `${origin}/projects/p1` }))).toThrow(/UNIQUE/);
  });

  it("replaces every field on update, and keeps a deleted project as a tombstone out of queries", () => {
    store.insert(project("p1", "2030-01-01T00:00:00.000Z", { tags: ["old"] }));
    const changed = project("p1", "2030-01-01T00:00:00.000Z", {
      title: "Renamed",
      tags: ["new"],
      image: null,
      updatedAt: "2030-01-02T00:00:00.000Z",
      sequence: 1,
    });
    store.update(changed);
    expect(store.get("p1")?.value).toEqual(changed);
    store.markDeleted("p1", "2030-01-03T00:00:00.000Z");
    expect(store.get("p1")?.deletedAt).toBe("2030-01-03T00:00:00.000Z");
    expect(store.query(page)).toEqual({ items: [], total: 0 });
  });

  it("lists newest first (then by id), pages with the total, and filters by origin, tag and text", () => {
    store.insert(project("b", "2030-01-02T00:00:00.000Z", { tags: ["Code"], title: "Atelier 50% code" }));
    store.insert(project("a", "2030-01-02T00:00:00.000Z", { summary: "snake_case" }));
    store.insert(project("c", "2030-01-03T00:00:00.000Z", { local: false, apId: "https://rome.example/p/c" }));
    store.insert(project("d", "2030-01-01T00:00:00.000Z", { descriptionHtml: "<p>atelier</p>" }));
    expect(ids(page)).toEqual(["c", "a", "b", "d"]);
    expect(store.query({ limit: 2, offset: 1 })).toMatchObject({ total: 4, items: [{ id: "a" }, { id: "b" }] });
    expect(ids({ local: true, ...page })).toEqual(["a", "b", "d"]);
    expect(ids({ local: false, ...page })).toEqual(["c"]);
    expect(ids({ tag: "code", ...page })).toEqual(["b"]);
    expect(ids({ q: "50%", ...page })).toEqual(["b"]);
    expect(ids({ q: "snake_case", ...page })).toEqual(["a"]);
    expect(ids({ q: "atelier", ...page })).toEqual(["b", "d"]);
  });
});
