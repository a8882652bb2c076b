import type { MediaDeps, UploadRefusal } from "../../domain/media/image.ts";
import { uploadImage } from "../../domain/media/image.ts";
import type { PostedForm } from "./body.ts";
import type { AdminMessages } from "./i18n/index.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function refusalText(a: AdminMessages, refusal: UploadRefusal): string {
  const p = a.problem;
  return {
    "too-large": p.imageTooLarge,
    "not-an-image": p.imageNotImage,
    "unsupported-type": p.imageType,
    "too-many-pixels": p.imagePixels,
    empty: p.imageEmpty,
  }[refusal.kind];
}

/**
 * The banner a form ends up with: a file just sent (decoded, re-encoded and kept at once, so a
 * form shown again with errors does not ask for it twice), the upload kept from before, an image
 * by URL, or none. `values.imageId` follows.
 */
export async function formBanner(
  media: MediaDeps,
  a: AdminMessages,
  form: PostedForm,
  values: Record<string, string | string[]>,
): Promise<{ image: { id?: string; url?: string; alt: string } | null; error?: string }> {
  const alt = String(values.imageAlt ?? "").trim();
  let error: string | undefined;
  if (form.file && form.file.field === "image") {
    const stored = await uploadImage(media, form.file.bytes);
    if ("kind" in stored) error = refusalText(a, stored);
    else {
      values.imageId = stored.id;
      delete values.imageUrl;
      delete values.removeImage;
    }
  } else if (values.removeImage === "on") {
    delete values.imageId;
    delete values.imageUrl;
    delete values.removeImage;
    return { image: null };
  }
  const id = typeof values.imageId === "string" && UUID.test(values.imageId) && media.store.get(values.imageId) ? values.imageId : undefined;
  if (!id) delete values.imageId;
  const url = typeof values.imageUrl === "string" && values.imageUrl ? values.imageUrl : undefined;
  return { image: id ? { id, alt } : url ? { url, alt } : null, error };
}

/** A form's fields as values to show again (passwords and the form token left out). */
export function valuesOf(form: PostedForm): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, list] of form.fields) {
    if (name === "_csrf" || name === "password") continue;
    values[name] = list.length > 1 || name === "weekdays" || name === "lookingFor" || name === "scopes" ? [...list] : (list[0] ?? "");
  }
  return values;
}
