// Reading progress on learning paths: which steps a reader has marked done, kept in the
// browser's localStorage under a key that starts with the site's id (written into the
// page at build time), so that two sites opened from disk never share it. Where storage
// is unavailable (blocked, or a private window that refuses it), the controls stay
// hidden and the pages read as they do without JavaScript.
(function () {
  "use strict";
  var script = document.currentScript;
  var site = script && script.getAttribute("data-site");
  if (!site) return;
  var key = "ladder." + site + ".done";

  function load() {
    try {
      var list = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(list) ? list.filter(function (s) { return typeof s === "string"; }) : [];
    } catch (e) {
      return null;
    }
  }

  function save(done) {
    try {
      window.localStorage.setItem(key, JSON.stringify(done));
      return true;
    } catch (e) {
      return false;
    }
  }

  // "2 of 5 done" in the page's language, from the words the page carries
  // (#ladder-strings); English when it carries none.
  function doneText(n, total) {
    var entry = { one: "{n} of {total} done", other: "{n} of {total} done" };
    try {
      entry = JSON.parse(document.getElementById("ladder-strings").textContent).js_steps_done || entry;
    } catch (e) {}
    if (typeof entry === "object") {
      var form = "other";
      try {
        form = new Intl.PluralRules(document.documentElement.lang || "en").select(n);
      } catch (e) {}
      entry = entry[form] !== undefined ? entry[form] : entry.other;
    }
    return String(entry).replace("{n}", n).replace("{total}", total);
  }

  function words(el, name) {
    var value = el.getAttribute(name) || "";
    return value ? value.split(" ") : [];
  }

  function show(done) {
    var has = function (step) { return done.indexOf(step) >= 0; };
    var buttons = document.querySelectorAll("button.step-done[data-step]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var on = has(b.getAttribute("data-step"));
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.hidden = false;
      var item = b.closest(".path-step");
      if (item) item.classList.toggle("is-done", on);
    }
    var counts = document.querySelectorAll(".path-progress[data-steps], .step-nav[data-steps] .step-progress");
    for (var j = 0; j < counts.length; j++) {
      var el = counts[j];
      var holder = el.hasAttribute("data-steps") ? el : el.closest(".step-nav");
      var steps = words(holder, "data-steps");
      var n = steps.filter(has).length;
      var text = doneText(n, steps.length);
      el.textContent = el.classList.contains("step-progress") ? " · " + text : text;
      el.hidden = false;
    }
  }

  function start() {
    var done = load();
    if (done === null) return;
    show(done);
    document.addEventListener("click", function (event) {
      var target = event.target;
      var button = target && target.closest ? target.closest("button.step-done[data-step]") : null;
      if (!button) return;
      var step = button.getAttribute("data-step");
      var now = load() || done;
      var at = now.indexOf(step);
      if (at >= 0) now.splice(at, 1); else now.push(step);
      if (save(now)) done = now;
      show(done);
    });
    // Another tab of the same site marked a step.
    window.addEventListener("storage", function (event) {
      if (event.key !== key) return;
      var now = load();
      if (now) { done = now; show(done); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
