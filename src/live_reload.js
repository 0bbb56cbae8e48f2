// Injected by `ladder serve` only: reloads on change, swaps stylesheets, shows build errors.
(() => {
  const scrollKey = "ladder-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const y = Number(saved);
    window.scrollTo(0, y);
    window.addEventListener("load", () => window.scrollTo(0, y));
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
      "border-top:4px solid #ff5a5a;box-shadow:0 -8px 24px rgba(0,0,0,.4)";
    const title = document.createElement("strong");
    title.textContent = "ladder: the last edit does not build; showing the last good version";
    overlay.append(title);
    for (const p of problems) {
      const line = document.createElement("pre");
      line.style.cssText = "margin:8px 0 0;white-space:pre-wrap";
      line.textContent = p;
      overlay.append(line);
    }
    document.body.append(overlay);
  }

  const events = new EventSource("/__ladder/events");
  events.addEventListener("reload", () => {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("ladder", String(Date.now()));
      link.href = url.href;
    }
  });
  events.addEventListener("problems", (e) => showProblems(JSON.parse(e.data)));
  events.addEventListener("ok", clearProblems);
})();
