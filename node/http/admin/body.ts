import type { Request } from "express";

/** A posted form: its text fields (repeated names keep every value) and at most one file. */
export type PostedForm = Readonly<{
  fields: ReadonlyMap<string, readonly string[]>;
  file: { field: string; name: string; type: string; bytes: Uint8Array } | null;
}>;

export class BodyTooLarge extends Error {}

/** The first value of a field, trimmed ("" when absent). */
export function field(form: PostedForm, name: string): string {
  return form.fields.get(name)?.[0]?.trim() ?? "";
}

/** Every value of a field (checkbox groups). */
export function fieldValues(form: PostedForm, name: string): string[] {
  return [...(form.fields.get(name) ?? [])];
}

async function readBody(req: Request, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads an urlencoded or multipart form of at most `limit` bytes. Multipart is parsed by the
 * runtime's own Fetch implementation (`Response#formData`), so no parser of ours reads it.
 */
export async function readForm(req: Request, limit: number): Promise<PostedForm> {
  const type = req.get("content-type") ?? "";
  const body = await readBody(req, limit);
  const fields = new Map<string, string[]>();
  const add = (name: string, value: string) => fields.set(name, [...(fields.get(name) ?? []), value]);
  if (/^multipart\/form-data/i.test(type)) {
    const data = await new Response(body as unknown as BodyInit, { headers: { "content-type": type } }).formData();
    let file: PostedForm["file"] = null;
    for (const [name, value] of data.entries()) {
      if (typeof value === "string") add(name, value);
      else if (!file && value.size > 0) file = { field: name, name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
    return { fields, file };
  }
  for (const [name, value] of new URLSearchParams(body.toString("utf8"))) add(name, value);
  return { fields, file: null };
}
