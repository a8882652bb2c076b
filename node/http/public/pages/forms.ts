import type { PageContext } from "./context.ts";
import { handleOf } from "./context.ts";
import { timeZones } from "./format.ts";
import type { Html } from "./html.ts";
import { html, raw } from "./html.ts";

// Plain GET/POST forms: they work with the keyboard and without JavaScript.

export type Filters = Readonly<{ q?: string; tag?: string; city?: string }>;
export type CityOption = Readonly<{ city: string; country: string | null }>;

function hidden(fields: Record<string, string | undefined>): Html {
  return html`${Object.entries(fields).map(([name, value]) => (value ? html`<input type="hidden" name="${name}" value="${value}">` : ""))}`;
}

/** Search, tag and city; the submit button comes right after the city so Tab then Enter applies it. */
export function filterForm(
  ctx: PageContext,
  action: string,
  filters: Filters,
  cities: readonly CityOption[],
  keep: Record<string, string | undefined> = {},
): Html {
  const { t } = ctx;
  const known = cities.some((c) => c.city.toLowerCase() === filters.city?.toLowerCase());
  const options = known || !filters.city ? cities : [...cities, { city: filters.city, country: null }];
  return html`<form class="filters" method="get" action="${action}" role="search" aria-label="${t.filters}">
${hidden(keep)}
<div class="field"><label for="f-q">${t.filterText}</label><input id="f-q" name="q" type="search" value="${filters.q ?? ""}" maxlength="100"></div>
<div class="field"><label for="f-tag">${t.filterTag}</label><input id="f-tag" name="tag" type="text" value="${filters.tag ?? ""}" maxlength="50" autocapitalize="none"></div>
<div class="field"><label for="f-city">${t.filterCity}</label><select id="f-city" name="city">
<option value="">${t.allCities}</option>
${options.map(
  (c) =>
    html`<option value="${c.city}"${c.city.toLowerCase() === filters.city?.toLowerCase() ? html` selected` : ""}>${c.city}${c.country ? ` (${c.country})` : ""}</option>`,
)}
</select></div>
<div class="actions"><button type="submit">${t.filterApply}</button>${
    filters.q || filters.tag || filters.city ? html` <a href="${action}">${t.filterReset}</a>` : ""
  }</div>
</form>`;
}

// The few hundred zones' options are the same on every page: written once, and the viewer's
// zone marked selected in a copy. An option's value is its text unless they differ ("_" shown
// as a space): the list is most of a page's bytes.
let allZoneOptions: string | undefined;
const zoneOption = (zone: string) => {
  const label = zone.replaceAll("_", " ");
  return label === zone ? html`<option>${zone}</option>` : html`<option value="${zone}">${label}</option>`;
};
function zoneOptions(selected: string): Html {
  allZoneOptions ??= html`${timeZones().map(zoneOption)}`.value;
  const option = zoneOption(selected).value;
  const marked = option.startsWith("<option>") ? option.replace("<option>", "<option selected>") : option.replace('">', '" selected>');
  return raw(allZoneOptions.replace(option, marked));
}

/** The viewer's time zone, remembered in a cookie by the page that receives `?tz=`. */
export function zoneForm(ctx: PageContext, action: string, keep: Record<string, string | undefined> = {}): Html {
  const { t } = ctx;
  return html`<form class="zone" id="tz" method="get" action="${action}">
${hidden(keep)}
<label for="tz-select">${t.chooseZone}</label>
<span class="row"><select id="tz-select" name="tz">${zoneOptions(ctx.tz)}</select>
<button type="submit">${t.show}</button></span>
</form>`;
}

/**
 * "Show times in Europe/Berlin": the server cannot know the viewer's zone, the browser can.
 * /assets/tz.js fills in and shows this link when the browser's zone differs from the page's;
 * without script it stays hidden and the zone form does the same job. Not offered once a zone
 * was chosen.
 */
export function zoneSuggestion(ctx: PageContext): Html | "" {
  if (ctx.tzChosen) return "";
  return html`<p class="tz-suggest" id="tz-suggest" hidden data-zone="${ctx.tz}" data-label="${ctx.t.showTimesIn("{zone}")}"><a href="#tz"></a></p>`;
}

export type ServerFormOptions = { action: "/follow" | "/share"; button: string; error?: boolean; value?: string; extra?: Record<string, string> };

/** "Your Mastodon server": the node answers with a redirect to that server's own page. */
export function serverForm(ctx: PageContext, options: ServerFormOptions): Html {
  const { t } = ctx;
  const id = options.action === "/follow" ? "follow-server" : "share-server";
  const described = options.error ? `${id}-hint ${id}-error` : `${id}-hint`;
  return html`<form class="server-form" method="post" action="${options.action}">
${hidden(options.extra ?? {})}
<label for="${id}">${t.yourServer}</label>
<p class="hint" id="${id}-hint">${t.serverHint}</p>
${options.error ? html`<p class="error" id="${id}-error" role="alert">${t.followInvalid}</p>` : ""}
<span class="row"><input id="${id}" name="server" type="text" inputmode="url" autocomplete="off" autocapitalize="none" spellcheck="false" required maxlength="255" value="${options.value ?? ""}" aria-describedby="${described}"${
    options.error ? html` aria-invalid="true"` : ""
  }>
<button type="submit">${options.button}</button></span>
</form>`;
}

/** The "Follow from Mastodon" block, with the handle to search for as a fallback. */
export function followBlock(ctx: PageContext, options: { error?: boolean; value?: string } = {}): Html {
  const handle = `@${handleOf(ctx.venue)}`;
  return html`<section class="follow" aria-labelledby="follow-title">
<h2 id="follow-title">${ctx.t.followFromMastodon}</h2>
<p>${ctx.t.followIntro(handle)}</p>
${serverForm(ctx, { action: "/follow", button: ctx.t.followButton, ...options })}
<p class="hint">${ctx.t.orSearch(handle)}</p>
</section>`;
}
