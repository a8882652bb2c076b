// The web admin as an operator uses it: an invitation made with the CLI, a password set in the
// browser, forms filled in and sent.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { runCantine } from "./cli.ts";
import type { NodeProcess } from "./node-process.ts";

const PASSWORD = "correct horse battery staple";

/** `cantine admin invite`: the one-time link it prints. */
export async function inviteOperator(node: NodeProcess, name: string, role: "admin" | "editor"): Promise<string> {
  const result = await runCantine(["admin", "invite", "--config", node.configFile, "--name", name, "--role", role]);
  if (result.code !== 0) throw new Error(`admin invite failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** Opens an invitation link, sets the password and lands on the dashboard. */
export async function acceptInvitation(page: Page, link: string, password = PASSWORD): Promise<void> {
  await page.goto(link);
  await page.fill("#f-password", password);
  await page.fill("#f-confirm", password);
  await Promise.all([page.waitForURL(/\/admin$/), page.click("button[type=submit]")]);
}

export async function signIn(page: Page, origin: string, name: string, password = PASSWORD): Promise<void> {
  await page.goto(`${origin}/admin/sign-in`);
  await page.fill("#f-name", name);
  await page.fill("#f-password", password);
  await Promise.all([page.waitForURL(/\/admin$/), page.click("main button[type=submit]")]);
}

/** A picture file made for the test: a gradient with EXIF and GPS data that must not survive. */
export async function pictureFile(options: { width?: number; height?: number; format?: "jpeg" | "png" | "webp"; name?: string } = {}): Promise<string> {
  const { width = 2400, height = 1200, format = "jpeg" } = options;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set([(x * 255) / width, (y * 255) / height, 120], (y * width + x) * 3);
  const image = sharp(pixels, { raw: { width, height, channels: 3 } })
    .withExif({ IFD0: { Artist: "Secret Photographer" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 52/1 0/1" } })
    .toFormat(format);
  const file = join(mkdtempSync(join(tmpdir(), "cantine-picture-")), options.name ?? `picture.${format === "jpeg" ? "jpg" : format}`);
  writeFileSync(file, await image.toBuffer());
  return file;
}

/** A file of `bytes` bytes that is not an image. */
export function notAPicture(bytes = 2048, name = "notes.jpg"): string {
  const file = join(mkdtempSync(join(tmpdir(), "cantine-file-")), name);
  writeFileSync(file, Buffer.alloc(bytes, "not an image at all "));
  return file;
}
