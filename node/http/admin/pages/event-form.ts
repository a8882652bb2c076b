import { EVENT_CATEGORIES } from "../../../domain/events/categories.ts";
import { WEEKDAYS } from "../../../domain/events/recurrence.ts";
import { imagePaths, MAX_UPLOAD_BYTES } from "../../../domain/media/image.ts";
import { timeZones } from "../../public/pages/format.ts";
import type { Html } from "../../public/pages/html.ts";
import { html, raw } from "../../public/pages/html.ts";
import type { AdminContext } from "../context.ts";
import type { FormErrors, FormValues } from "../fields.ts";
import { choices, errorSummary, formValue, input, select, textarea } from "../fields.ts";
import { csrfField, renderAdminPage } from "../layout.ts";

export type EventFormMode =
  | { kind: "new"; duplicateOf?: string }
  | { kind: "edit"; id: string; title: string; seriesId: string | null }
  | { kind: "series"; id: string; title: string };

export type EventFormPage = Readonly<{ mode: EventFormMode; values: FormValues; errors: FormErrors; previewHtml?: string | null }>;

function eventFieldLabels(ctx: AdminContext): Record<string, string> {
  const { a } = ctx;
  return {
    title: a.fieldTitle,
    description: a.fieldDescription,
    startDate: a.fieldStartDate,
    startTime: a.fieldStartTime,
    endDate: a.fieldEndDate,
    endTime: a.fieldEndTime,
    allDay: a.fieldAllDay,
    timezone: a.fieldTimezone,
    where: a.fieldWhere,
    room: a.fieldRoom,
    placeName: a.fieldPlaceName,
    address: a.fieldAddress,
    onlineUrl: a.fieldOnlineUrl,
    organizer: a.fieldOrganizer,
    tags: a.fieldTags,
    language: a.fieldLanguage,
    status: a.fieldStatus,
    capacity: a.fieldCapacity,
    registrationUrl: a.fieldRegistrationUrl,
    category: a.fieldCategory,
    image: a.fieldImage,
    imageAlt: a.fieldImageAlt,
    repeat: a.fieldRepeat,
    interval: a.fieldInterval,
    weekdays: a.fieldWeekdays,
    count: a.fieldCount,
    until: a.fieldUntil,
    participation: a.fieldStatus,
  };
}

const humanCategory = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replaceAll("_", " ");

/** The banner fieldset (upload, alt text, current image and its removal), for events and projects. */
export function imageFields(ctx: AdminContext, values: FormValues, errors: FormErrors): Html {
  const { a } = ctx;
  const id = formValue(values, "imageId");
  const url = formValue(values, "imageUrl");
  const current = id ? imagePaths(id).thumbnail : url && /^https:/.test(url) ? url : null;
  return html`<fieldset class="group"><legend>${a.fieldImage}</legend>
${id ? html`<input type="hidden" name="imageId" value="${id}">` : ""}${url ? html`<input type="hidden" name="imageUrl" value="${url}">` : ""}
${
  current
    ? html`<figure class="current-image"><img src="${current}" alt="${formValue(values, "imageAlt")}" width="240"><figcaption>${a.currentImage}</figcaption></figure>
<label class="choice"><input type="checkbox" name="removeImage" value="on"${formValue(values, "removeImage") === "on" ? html` checked` : ""}> ${a.removeImage}</label>`
    : ""
}
${input(current ? a.fieldImage : a.fieldImage, "image", {}, errors, {
  type: "file",
  hint: a.imageHint,
  optional: a.optional,
  attrs: html` accept="image/jpeg,image/png,image/webp" data-max-bytes="${MAX_UPLOAD_BYTES}" data-too-large="${a.problem.imageTooLarge}"`,
})}
${input(a.fieldImageAlt, "imageAlt", values, errors, { hint: a.imageAltHint, attrs: html` maxlength="1000"` })}
</fieldset>`;
}

function repeatFields(ctx: AdminContext, values: FormValues, errors: FormErrors): Html {
  const { a } = ctx;
  return html`<fieldset class="group" id="repeat-group"><legend>${a.fieldRepeat}</legend>
<p class="hint">${a.seriesHint}</p>
${select(
  a.fieldRepeat,
  "repeat",
  [
    ["none", a.repeatNone],
    ["weekly", a.repeatWeekly],
    ["monthly", a.repeatMonthly],
  ],
  values,
  errors,
)}
<div class="repeat-details">
${input(a.fieldInterval, "interval", values, errors, { type: "number", attrs: html` min="1" max="52" inputmode="numeric"`, className: "short" })}
${choices(
  "checkbox",
  a.fieldWeekdays,
  "weekdays",
  WEEKDAYS.map((d) => [d, a.weekdays[d]!] as const),
  values,
  errors,
  { className: "weekdays" },
)}
${choices(
  "radio",
  a.fieldMonthlyBy,
  "monthlyBy",
  [
    ["day", a.monthlyByDay],
    ["weekday", a.monthlyByWeekday],
  ],
  values,
  errors,
)}
${choices(
  "radio",
  a.fieldEnds,
  "endsBy",
  [
    ["never", a.never],
    ["count", a.endsCount],
    ["until", a.endsUntil],
  ],
  values,
  errors,
)}
${input(a.fieldCount, "count", values, errors, { type: "number", attrs: html` min="1" max="500" inputmode="numeric"`, className: "short" })}
${input(a.fieldUntil, "until", values, errors, { type: "date" })}
</div>
</fieldset>`;
}

function seriesSwitch(ctx: AdminContext, mode: EventFormMode): Html | "" {
  const { a } = ctx;
  if (mode.kind === "edit" && mode.seriesId) {
    return html`<nav class="scope" aria-label="${a.seriesOf}"><p>${a.seriesOf}</p><ul class="tabs"><li><a href="/admin/events/${mode.id}/edit" aria-current="page">${a.editThisDate}</a></li><li><a href="/admin/series/${mode.seriesId}/edit?from=${mode.id}">${a.editWholeSeries}</a></li></ul></nav>`;
  }
  if (mode.kind === "series") return html`<p class="scope">${a.seriesScopeHint}</p>`;
  return "";
}

export function renderEventForm(ctx: AdminContext, page: EventFormPage): string {
  const { a } = ctx;
  const { mode, values, errors } = page;
  const title = mode.kind === "new" ? a.newEventTitle : mode.kind === "series" ? a.editSeriesTitle : a.editEventTitle(mode.title);
  const action = mode.kind === "new" ? "/admin/events" : mode.kind === "series" ? `/admin/series/${mode.id}` : `/admin/events/${mode.id}`;
  const zones = timeZones().map((zone) => [zone, zone.replaceAll("_", " ")] as const);
  const withRepeat = mode.kind !== "edit";
  const body = html`<h1>${title}</h1>
${mode.kind === "new" && mode.duplicateOf ? html`<p class="lead">${a.duplicateOf(mode.duplicateOf)}</p>` : ""}
${seriesSwitch(ctx, mode)}
${errorSummary(ctx, errors, eventFieldLabels(ctx))}
<form method="post" action="${action}" enctype="multipart/form-data" class="event-form" novalidate>
${csrfField(ctx)}
<fieldset class="group"><legend>${a.fieldTitle}</legend>
${input(a.fieldTitle, "title", values, errors, { required: true, attrs: html` maxlength="200"` })}
${textarea(a.fieldDescription, "description", values, errors, { hint: a.descriptionHint, rows: 8, optional: a.optional, attrs: html` data-preview="description-preview"` })}
<section class="preview" id="description-preview" aria-live="polite"${page.previewHtml == null ? html` hidden` : ""}><h2>${a.previewTitle}</h2><div class="description">${raw(page.previewHtml ?? "")}</div></section>
<p><button type="submit" name="action" value="preview" class="secondary" data-preview-button>${a.preview}</button></p>
</fieldset>
<fieldset class="group"><legend>${a.fieldWhen}</legend>
<div class="inline-fields">
${input(a.fieldStartDate, "startDate", values, errors, { type: "date", required: true })}
${input(a.fieldStartTime, "startTime", values, errors, { type: "time" })}
${input(a.fieldEndDate, "endDate", values, errors, { type: "date", optional: a.optional })}
${input(a.fieldEndTime, "endTime", values, errors, { type: "time", optional: a.optional })}
</div>
<p class="hint">${a.endHint}</p>
<label class="choice"><input type="checkbox" name="allDay" value="on"${formValue(values, "allDay") === "on" ? html` checked` : ""}> ${a.fieldAllDay}</label>
${select(a.fieldTimezone, "timezone", zones, values, errors, { hint: a.timezoneHint(ctx.venue.timezone) })}
</fieldset>
${withRepeat ? repeatFields(ctx, values, errors) : ""}
<fieldset class="group"><legend>${a.fieldWhere}</legend>
${choices(
  "radio",
  a.fieldWhere,
  "where",
  [
    ["venue", a.whereVenue(ctx.venue.name)],
    ["other", a.whereOther],
    ["online", a.whereOnline],
  ],
  values,
  errors,
)}
${input(a.fieldRoom, "room", values, errors, { optional: a.optional, attrs: html` maxlength="300"` })}
${input(a.fieldPlaceName, "placeName", values, errors, { attrs: html` maxlength="300"` })}
${input(a.fieldAddress, "address", values, errors, { attrs: html` maxlength="300" autocomplete="street-address"` })}
${input(a.fieldOnlineUrl, "onlineUrl", values, errors, { type: "url", hint: a.onlineHint, optional: a.optional, attrs: html` placeholder="https://"` })}
</fieldset>
${imageFields(ctx, values, errors)}
<fieldset class="group"><legend>${a.fieldOrganizer}</legend>
${input(a.fieldOrganizer, "organizer", values, errors, { optional: a.optional, attrs: html` maxlength="200"` })}
${input(a.fieldTags, "tags", values, errors, { hint: a.tagsHint, optional: a.optional })}
${input(a.fieldLanguage, "language", values, errors, { optional: a.optional, attrs: html` list="languages" maxlength="20" autocapitalize="none"`, className: "short" })}
<datalist id="languages"><option value="fr"><option value="en"><option value="es"><option value="pt"></datalist>
${select(
  a.fieldStatus,
  "status",
  [
    ["scheduled", a.statuses.scheduled!],
    ["postponed", a.statuses.postponed!],
    ["cancelled", a.statuses.cancelled!],
  ],
  values,
  errors,
)}
${input(a.fieldCapacity, "capacity", values, errors, { type: "number", optional: a.optional, attrs: html` min="1" max="100000" inputmode="numeric"`, className: "short" })}
${input(a.fieldRegistrationUrl, "registrationUrl", values, errors, { type: "url", optional: a.optional, attrs: html` placeholder="https://"` })}
${select(a.fieldCategory, "category", [["", a.noCategory], ...EVENT_CATEGORIES.map((c) => [c, humanCategory(c)] as const)], values, errors)}
</fieldset>
<p class="buttons-row"><button type="submit" name="action" value="save">${mode.kind === "new" ? a.publish : a.saveChanges}</button>
<a href="/admin/events">${a.cancel}</a></p>
</form>`;
  return renderAdminPage(ctx, { title, body, section: "events" });
}
