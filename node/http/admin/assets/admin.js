// The web admin works without this script; it only makes things quicker: focus on the list of
// problems, a confirmation before destructive buttons, a live preview of the description, a size
// check before a large image is sent, and showing only the fields that apply.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () {
      var max = Number(input.getAttribute("data-max-bytes"));
      var file = input.files && input.files[0];
      input.setCustomValidity(file && file.size > max ? input.getAttribute("data-too-large") : "");
      if (file && file.size > max) { input.reportValidity(); input.value = ""; }
    });
  });

  var previewButton = document.querySelector("[data-preview-button]");
  if (previewButton) {
    previewButton.addEventListener("click", function (event) {
      var form = previewButton.form;
      var box = document.getElementById("description-preview");
      if (!form || !box || !window.fetch) return;
      event.preventDefault();
      var body = new URLSearchParams();
      body.set("_csrf", form.querySelector("input[name=_csrf]").value);
      body.set("description", form.querySelector("textarea[name=description]").value);
      fetch("/admin/preview", { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (markup) { box.querySelector(".description").innerHTML = markup; box.hidden = false; })
        .catch(function () { form.requestSubmit(previewButton); });
    });
  }

  function toggle(selector, show) {
    document.querySelectorAll(selector).forEach(function (element) { element.hidden = !show; });
  }
  function fieldOf(name) {
    var input = document.querySelector("[name=" + name + "]");
    return input ? "#" + input.closest(".field").id || "" : "";
  }
  var form = document.querySelector("form.event-form");
  if (form && form.querySelector("[name=where]")) {
    var update = function () {
      var where = (form.querySelector("[name=where]:checked") || {}).value || "venue";
      ["room", "placeName", "address"].forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        if (input) input.closest(".field").hidden = name === "room" ? where === "online" : where !== "other";
      });
      var repeat = form.querySelector("[name=repeat]");
      if (repeat) {
        var kind = repeat.value;
        var details = form.querySelector(".repeat-details");
        if (details) details.hidden = kind === "none";
        var weekdays = form.querySelector(".weekdays");
        if (weekdays) weekdays.hidden = kind !== "weekly";
        var monthly = form.querySelector("[name=monthlyBy]");
        if (monthly) monthly.closest("fieldset").hidden = kind !== "monthly";
        var ends = (form.querySelector("[name=endsBy]:checked") || {}).value || "never";
        var count = form.querySelector("[name=count]");
        if (count) count.closest(".field").hidden = ends !== "count";
        var until = form.querySelector("[name=until]");
        if (until) until.closest(".field").hidden = ends !== "until";
      }
      var allDay = form.querySelector("[name=allDay]");
      ["startTime", "endTime"].forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        if (input && allDay) input.closest(".field").hidden = allDay.checked;
      });
    };
    form.addEventListener("change", update);
    update();
  }
  void toggle; void fieldOf;
})();
