// Injected by `ladder serve` only (never in `ladder build` output): reloads the page when
// the site changes, keeping the scroll position; swaps stylesheets without a reload; shows
// build problems in an overlay while the last good version stays on screen.
(() => {
  const scrollKey = "ladder-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const y = Number(saved);
    window.scrollTo(0, y);
    window.addEventListener("load", () => window.scrollTo(0, y));
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  let overlay = null;
  function clearProblems() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  function showProblems(problems) {
    clearProblems();
    overlay = document.createElement("div");
    overlay.id = "ladder-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0b0b;color:#ffe4e4;font:14px/1.5 ui-monospace,monospace;padding:16px 20px;" +
      "border-top:4px solid #ff5a5a;box-shadow:0 -8px 24px rgba(0,0,0,.4);text-align:left";
    const errors = problems.filter((p) => p.severity === "error").length;
    const title = document.createElement("strong");
    title.textContent = errors
      ? "ladder: the last edit does not build; showing the last good version"
      : "ladder: warnings";
    overlay.append(title);
    // Each problem as the terminal shows it: the location and message, the source line
    // with a caret under the column, the help, and warnings after the errors.
    for (const p of problems) {
      const block = document.createElement("pre");
      block.className = "ladder-problem ladder-" + p.severity;
      block.style.cssText =
        "margin:10px 0 0;padding:6px 0 0;white-space:pre-wrap;font:inherit;border-top:1px solid rgba(255,255,255,.15)" +
        (p.severity === "warning" ? ";color:#ffe9a8" : "");
      block.textContent = p.text;
      overlay.append(block);
    }
    document.body.append(overlay);
  }

  // A changed stylesheet: load the new version beside the old one, then drop the old one,
  // so the page never shows unstyled and is not reloaded.
  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || link.dataset.ladderReplaced) continue;
      url.searchParams.set("ladder", String(Date.now()));
      const next = link.cloneNode();
      next.href = url.href;
      link.dataset.ladderReplaced = "1";
      next.addEventListener("load", () => link.remove(), { once: true });
      next.addEventListener("error", () => { next.remove(); delete link.dataset.ladderReplaced; }, { once: true });
      link.after(next);
    }
  }

  // Every event's id names the run of the server and the version of the site it serves;
  // the page knows the version it was served from. An event of another version means
  // this page missed a change (it was served just before a rebuild, or the stream
  // reconnected after one): then it reloads. A reload announced for the very version
  // this page already shows is not needed.
  const script = document.currentScript;
  let seen = (script && script.dataset.version) || null;
  const events = new EventSource("/__ladder/events");
  function current(e) {
    if (seen !== null && e.lastEventId !== seen) {
      reload();
      return false;
    }
    seen = e.lastEventId;
    return true;
  }
  events.addEventListener("reload", (e) => { if (e.lastEventId !== seen) reload(); });
  events.addEventListener("css", (e) => { seen = e.lastEventId; swapStylesheets(); });
  events.addEventListener("problems", (e) => { if (current(e)) showProblems(JSON.parse(e.data)); });
  events.addEventListener("ok", (e) => { if (current(e)) clearProblems(); });
  window.addEventListener("pagehide", () => events.close());
})();
