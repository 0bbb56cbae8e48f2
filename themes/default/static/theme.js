// The light/dark switch in the header. Until the reader uses it the page follows the
// system's colour scheme; a choice is kept in localStorage and applied before the first
// paint by the inline script in <head>, so a page never flashes the other theme.
(function () {
  "use strict";
  var KEY = "ladder-theme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try {
      var t = localStorage.getItem(KEY);
      return t === "light" || t === "dark" ? t : null;
    } catch (e) {
      // Storage may be off (private modes, some file: setups): the switch still works
      // for this page.
      return null;
    }
  }

  function current() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "light" || chosen === "dark") return chosen;
    return system && system.matches ? "dark" : "light";
  }

  function start() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var show = function () {
      button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
    };
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        localStorage.setItem(KEY, next);
      } catch (e) {
        // Kept for this page only.
      }
      show();
    });
    if (system && system.addEventListener) {
      system.addEventListener("change", function () {
        if (!stored()) show();
      });
    }
    show();
    button.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
