// Offers the viewer's own time zone, which only the browser knows: when it differs from the zone
// the page shows times in, the hidden "Show times in …" link (#tz-suggest) gets the page's URL with
// `?tz=` and is shown. Pages work without this script (the zone form sets `?tz=` too). Served
// from the node itself: the Content-Security-Policy allows scripts from 'self' and no inline one.
(() => {
  const box = document.getElementById("tz-suggest");
  const link = box && box.querySelector("a");
  if (!box || !link) return;
  let zone;
  try {
    zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (typeof zone !== "string" || zone === box.dataset.zone || !/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return;
  const url = new URL(window.location.href);
  url.searchParams.set("tz", zone);
  url.hash = "";
  link.href = url.pathname + url.search;
  link.textContent = (box.dataset.label || "{zone}").replace("{zone}", zone.replaceAll("_", " "));
  box.hidden = false;
})();
