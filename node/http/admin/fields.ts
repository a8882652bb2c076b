import type { Fragment, Html } from "../public/pages/html.ts";
import { html } from "../public/pages/html.ts";
import type { AdminContext } from "./context.ts";

// Form controls with their label, hint and error: each error is next to its field, named in the
// summary at the top (a link to the field), and tied to the control by aria-describedby.

export type FormErrors = Readonly<Record<string, string>>;
export type FormValues = Readonly<Record<string, string | readonly string[] | undefined>>;

export const fieldId = (name: string) => `f-${name}`;

function describedBy(name: string, hint: Fragment, errors: FormErrors): Html | "" {
  const ids = [hint ? `${fieldId(name)}-hint` : "", errors[name] ? `${fieldId(name)}-error` : ""].filter(Boolean).join(" ");
  return ids ? html` aria-describedby="${ids}"` : "";
}

function hintAndError(name: string, hint: Fragment, errors: FormErrors): Html {
  return html`${hint ? html`<p class="hint" id="${fieldId(name)}-hint">${hint}</p>` : ""}${
    errors[name] ? html`<p class="error field-error" id="${fieldId(name)}-error">${errors[name]}</p>` : ""
  }`;
}

const invalid = (name: string, errors: FormErrors) => (errors[name] ? html` aria-invalid="true"` : "");
export const formValue = (values: FormValues, name: string) => {
  const value = values[name];
  return typeof value === "string" ? value : (value?.[0] ?? "");
};

export type InputOptions = { type?: string; hint?: Fragment; required?: boolean; attrs?: Html; optional?: string; className?: string };

export function input(label: string, name: string, values: FormValues, errors: FormErrors, options: InputOptions = {}): Html {
  const id = fieldId(name);
  return html`<div class="field${options.className ? ` ${options.className}` : ""}${errors[name] ? " has-error" : ""}">
<label for="${id}">${label}${options.optional ? html` <span class="optional">(${options.optional})</span>` : ""}</label>
${hintAndError(name, options.hint, errors)}
<input id="${id}" name="${name}" type="${options.type ?? "text"}" value="${formValue(values, name)}"${options.required ? html` required` : ""}${describedBy(name, options.hint, errors)}${invalid(name, errors)}${options.attrs ?? ""}>
</div>`;
}

export function textarea(
  label: string,
  name: string,
  values: FormValues,
  errors: FormErrors,
  options: { hint?: Fragment; rows?: number; optional?: string; attrs?: Html } = {},
): Html {
  const id = fieldId(name);
  return html`<div class="field${errors[name] ? " has-error" : ""}">
<label for="${id}">${label}${options.optional ? html` <span class="optional">(${options.optional})</span>` : ""}</label>
${hintAndError(name, options.hint, errors)}
<textarea id="${id}" name="${name}" rows="${options.rows ?? 6}"${describedBy(name, options.hint, errors)}${invalid(name, errors)}${options.attrs ?? ""}>${formValue(values, name)}</textarea>
</div>`;
}

export function select(
  label: string,
  name: string,
  options: readonly (readonly [string, string])[],
  values: FormValues,
  errors: FormErrors,
  extra: { hint?: Fragment } = {},
): Html {
  const id = fieldId(name);
  const current = formValue(values, name);
  return html`<div class="field${errors[name] ? " has-error" : ""}">
<label for="${id}">${label}</label>
${hintAndError(name, extra.hint, errors)}
<select id="${id}" name="${name}"${describedBy(name, extra.hint, errors)}${invalid(name, errors)}>${options.map(
    ([value, text]) => html`<option value="${value}"${value === current ? html` selected` : ""}>${text}</option>`,
  )}</select>
</div>`;
}

/** Radio buttons or checkboxes in a fieldset whose legend is the label. */
export function choices(
  kind: "radio" | "checkbox",
  legend: string,
  name: string,
  options: readonly (readonly [string, string])[],
  values: FormValues,
  errors: FormErrors,
  extra: { hint?: Fragment; className?: string } = {},
): Html {
  const raw = values[name];
  const chosen = typeof raw === "string" ? [raw] : (raw ?? []);
  return html`<fieldset class="field choices${extra.className ? ` ${extra.className}` : ""}${errors[name] ? " has-error" : ""}" id="${fieldId(name)}"${describedBy(name, extra.hint, errors)}>
<legend>${legend}</legend>
${hintAndError(name, extra.hint, errors)}
${options.map(
  ([value, text], i) =>
    html`<label class="choice"><input type="${kind}" name="${name}" value="${value}" id="${fieldId(name)}-${i}"${chosen.includes(value) ? html` checked` : ""}> ${text}</label>`,
)}
</fieldset>`;
}

/** The list of problems at the top of a form, each a link to its field; admin.js moves the focus to it. */
export function errorSummary(ctx: AdminContext, errors: FormErrors, labels: Readonly<Record<string, string>>): Html | "" {
  const entries = Object.entries(errors);
  if (entries.length === 0) return "";
  const { a } = ctx;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${entries.length === 1 ? a.errorSummary : a.errorSummaryMany(entries.length)}</h2>
<ul>${entries.map(([name, message]) => html`<li><a href="#${fieldId(name)}">${labels[name] ? `${labels[name]}${ctx.t.colon}` : ""}${message}</a></li>`)}</ul>
</div>`;
}
