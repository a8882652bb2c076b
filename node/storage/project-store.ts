import type { ProjectQuery, ProjectStore, Stored } from "../domain/ports.ts";
import type { Project } from "../domain/projects/project.ts";
import type { Db } from "./db.ts";

export type ProjectRow = {
  id: string;
  ap_id: string;
  url: string;
  local: number;
  actor_id: string;
  title: string;
  summary: string;
  description: string | null;
  description_html: string;
  stage: string;
  looking_for: string;
  cities: string;
  tags: string;
  links: string;
  contact: string | null;
  language: string | null;
  published_at: string;
  updated_at: string;
  sequence: number;
  deleted_at: string | null;
  via_actor_id: string | null;
  image: string | null;
};

export function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    apId: row.ap_id,
    url: row.url,
    local: row.local === 1,
    actorId: row.actor_id,
    title: row.title,
    summary: row.summary,
    description: row.description,
    descriptionHtml: row.description_html,
    stage: row.stage,
    lookingFor: JSON.parse(row.looking_for),
    cities: JSON.parse(row.cities),
    tags: JSON.parse(row.tags),
    links: JSON.parse(row.links),
    contact: row.contact,
    language: row.language,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    sequence: row.sequence,
    viaActorId: row.via_actor_id,
    image: row.image ? JSON.parse(row.image) : null,
  };
}

function toRow(p: Project) {
  return {
    id: p.id,
    ap_id: p.apId,
    url: p.url,
    local: p.local ? 1 : 0,
    actor_id: p.actorId,
    title: p.title,
    summary: p.summary,
    description: p.description,
    description_html: p.descriptionHtml,
    stage: p.stage,
    looking_for: JSON.stringify(p.lookingFor),
    cities: JSON.stringify(p.cities),
    tags: JSON.stringify(p.tags),
    links: JSON.stringify(p.links),
    contact: p.contact,
    language: p.language,
    published_at: p.publishedAt,
    updated_at: p.updatedAt,
    sequence: p.sequence,
    via_actor_id: p.viaActorId ?? null,
    image: p.image ? JSON.stringify(p.image) : null,
  };
}

const columns = `id, ap_id, url, local, actor_id, title, summary, description, description_html, stage, looking_for,
  cities, tags, links, contact, language, published_at, updated_at, sequence, via_actor_id, image`
  .split(",")
  .map((c) => c.trim());

/** Projects (local and remote) on SQLite, newest first on the board. */
export class SqliteProjectStore implements ProjectStore {
  readonly #db: Db;
  readonly #insert;
  readonly #update;
  readonly #get;
  readonly #getByApId;
  readonly #delete;

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(`INSERT INTO projects (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
    this.#update = db.prepare(
      `UPDATE projects SET ${columns
        .filter((c) => c !== "id")
        .map((c) => `${c} = @${c}`)
        .join(", ")} WHERE id = @id`,
    );
    this.#get = db.prepare<[string], ProjectRow>("SELECT * FROM projects WHERE id = ?");
    this.#getByApId = db.prepare<[string], ProjectRow>("SELECT * FROM projects WHERE ap_id = ?");
    this.#delete = db.prepare("UPDATE projects SET deleted_at = ? WHERE id = ?");
  }

  insert(project: Project): void {
    this.#insert.run(toRow(project));
  }

  update(project: Project): void {
    this.#update.run(toRow(project));
  }

  get(id: string): Stored<Project> | undefined {
    const row = this.#get.get(id);
    return row && { value: toProject(row), deletedAt: row.deleted_at };
  }

  getByApId(apId: string): Stored<Project> | undefined {
    const row = this.#getByApId.get(apId);
    return row && { value: toProject(row), deletedAt: row.deleted_at };
  }

  markDeleted(id: string, at: string): void {
    this.#delete.run(at, id);
  }

  query(query: ProjectQuery): { items: Project[]; total: number } {
    const where = ["deleted_at IS NULL"];
    const params: Record<string, unknown> = { limit: query.limit, offset: query.offset };
    if (query.local !== undefined) where.push("local = @local"), (params.local = query.local ? 1 : 0);
    if (query.tag) where.push("EXISTS (SELECT 1 FROM json_each(projects.tags) WHERE value = @tag COLLATE NOCASE)"), (params.tag = query.tag);
    if (query.q) {
      where.push("(title LIKE @q ESCAPE '\\' OR summary LIKE @q ESCAPE '\\' OR description_html LIKE @q ESCAPE '\\')");
      params.q = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const rows = this.#db
      .prepare(`SELECT *, count(*) OVER () AS total FROM projects WHERE ${where.join(" AND ")} ORDER BY published_at DESC, id LIMIT @limit OFFSET @offset`)
      .all(params) as (ProjectRow & { total: number })[];
    return { items: rows.map(toProject), total: rows[0]?.total ?? 0 };
  }
}
