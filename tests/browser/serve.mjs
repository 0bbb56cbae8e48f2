// `ladder serve` in a browser: `ladder serve --port 0` on a temp site, driven by headless
// Chromium. Edits a tip and times file write → new text on screen (median of 10); edits
// the theme's stylesheet and sees the style change with no navigation; breaks a front
// matter and sees the overlay name the file and line while the last good page stays,
// then fixes it and sees the overlay go; sees the overlay quote the source line with a
// caret, the help and a warning, as the terminal does; adds a tip and sees it on its topic page, then
// deletes it; keeps the scroll position across a reload. Then times the same edit on a
// copy of the repository's own site.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, check, fail, repoRoot, ladderBin } from "./lib/browser.mjs";

const started = Date.now();
const EDITS = 10;
const children = new Set();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Starts `ladder serve --port 0` on `root`; resolves with the URL it prints. */
function startServer(root) {
  const child = spawn(ladderBin, ["serve", "--port", "0", "--root", root], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  children.add(child);
  const server = { child, stdout: "", stderr: "", url: null };
  child.stderr.on("data", (d) => (server.stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ladder serve did not start:\n${server.stderr}`)), 20000);
    child.stdout.on("data", (d) => {
      server.stdout += d;
      const m = server.stdout.match(/Serving the site at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m && !server.url) {
        server.url = m[1];
        clearTimeout(timer);
        resolve(server);
      }
    });
    child.on("exit", (code) => reject(new Error(`ladder serve exited with ${code}:\n${server.stderr}`)));
  });
}

/** Stops a server with Ctrl-C (SIGINT) and waits for it to exit. */
function stopServer(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once("exit", () => {
      children.delete(server.child);
      resolve();
    });
    server.child.kill("SIGINT");
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Rewrites `file` with `text` and resolves with the milliseconds from the write to the
 * moment the reloaded page (DOMContentLoaded) shows `marker` in its main content.
 */
async function timedEdit(page, file, text, marker) {
  const written = Date.now();
  writeFileSync(file, text);
  await page.locator("main", { hasText: marker }).waitFor({ timeout: 10000 });
  // The text is parsed; the time is taken when the new document is complete.
  const shownAt = await (await page.waitForFunction(() => window.__shownAt)).jsonValue();
  return shownAt - written;
}

/** Times `EDITS` edits of a tip's body on the page at `url`; prints and returns the median. */
async function measure(page, url, file, label) {
  await page.goto(url);
  const original = readFileSync(file, "utf8");
  const delays = [];
  for (let n = 1; n <= EDITS; n++) {
    const marker = `Measured edit ${n} at ${Date.now()}`;
    const text = original.replace(/\n---\n/, `\n---\n\n${marker}.\n`);
    delays.push(await timedEdit(page, file, text, marker));
    await page.waitForTimeout(120);
  }
  // Put the page back and wait until it shows it, so that the next step does not load a
  // page while this last rebuild is under way (it would reload, rightly, once it lands).
  writeFileSync(file, original);
  await page
    .waitForFunction(() => !document.body.textContent.includes("Measured edit"), null, { timeout: 10000 })
    .catch(() => fail(`${label}: restoring ${file} never reached the page`));
  const m = median(delays);
  console.log(`${label}: edit → new text on screen, ms: ${delays.join(", ")}; median ${m}`);
  return m;
}

// ---------------------------------------------------------------------------------------
// A small site of our own, with a copy of the default theme's stylesheet to edit.

const base = mkdtempSync(join(tmpdir(), "ladder-serve-"));
const root = join(base, "site");
const write = (rel, text) => {
  mkdirSync(join(root, rel, ".."), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of a long tip, there to scroll through. `.repeat(4)).join("\n\n");
write(
  "site.toml",
  `title = "Serve test"\n\n[[topics]]\nslug = "mentoring"\ntitle = "Mentoring"\n\n[[topics]]\nslug = "feedback"\ntitle = "Feedback"\n`,
);
write("content/_index.md", "---\ntitle: Home\n---\n\nA site for the serve test.\n");
write(
  "content/articles/guide.md",
  "---\ntitle: A guide\ndate: 2026-01-01\ntopics: [mentoring]\n---\n\nRead [[ask-early]] first.\n\n## Why\n\nBecause.\n",
);
write("content/tips/ask-early.md", "---\ntitle: Ask early\ntopics: [mentoring]\n---\n\nThe first version of this tip.\n");
write("content/tips/long.md", `---\ntitle: A long tip\ntopics: [feedback]\n---\n\n${paragraphs}\n`);
write("themes/default/static/style.css", readFileSync(join(repoRoot, "themes/default/static/style.css"), "utf8"));

const browser = await launch();
let server = null;
const results = {};
try {
  server = await startServer(root);
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  await context.addInitScript(() => {
    document.addEventListener("DOMContentLoaded", () => (window.__shownAt = Date.now()));
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const tipFile = join(root, "content/tips/ask-early.md");
  const tipUrl = `${server.url}tips/ask-early.html`;

  // 1. Edit a tip: the new text appears; the delay is measured.
  results.fixture = await measure(page, tipUrl, tipFile, "fixture site");
  check(results.fixture < 1000, `the fixture's median edit delay is ${results.fixture} ms`);

  // 2. The stylesheet: applied without a navigation.
  await page.goto(tipUrl);
  await page.evaluate(() => (window.__ladderMarker = "still here"));
  const navigations = await page.evaluate(() => performance.getEntriesByType("navigation").length);
  const before = await page.evaluate(() => getComputedStyle(document.body).color);
  check(before !== "rgb(12, 34, 56)", "the body starts with another colour");
  const css = join(root, "themes/default/static/style.css");
  const cssText = readFileSync(css, "utf8");
  writeFileSync(css, `${cssText}\nhtml body { color: rgb(12, 34, 56); }\n`);
  await page
    .waitForFunction(() => getComputedStyle(document.body).color === "rgb(12, 34, 56)", null, { timeout: 10000 })
    .catch(() => fail("the stylesheet change was not applied"));
  const marker = await page.evaluate(() => window.__ladderMarker).catch(() => undefined);
  check(marker === "still here", "a stylesheet change reloaded the page");
  check(
    (await page.evaluate(() => performance.getEntriesByType("navigation").length)) === navigations,
    "a stylesheet change navigated",
  );
  check((await page.locator('link[rel="stylesheet"]').count()) >= 1, "the stylesheet link is still there");
  writeFileSync(css, cssText);
  await page.waitForFunction(() => getComputedStyle(document.body).color !== "rgb(12, 34, 56)", null, { timeout: 10000 });
  check((await page.evaluate(() => window.__ladderMarker)) === "still here", "restoring the stylesheet reloaded the page");

  // 3. A broken front matter: overlay with file and line; the last good page stays.
  const good = readFileSync(tipFile, "utf8").replace("The first version", "The last good version");
  await timedEdit(page, tipFile, good, "The last good version");
  writeFileSync(tipFile, good.replace("topics: [mentoring]", "topics: [mentoring\nBroken text."));
  const overlay = page.locator("#ladder-error-overlay");
  await overlay.waitFor({ timeout: 10000 }).catch(() => fail("no error overlay after a broken edit"));
  const overlayText = (await overlay.textContent()) || "";
  const named = overlayText.match(/content\/tips\/ask-early\.md:(\d+)/);
  check(named !== null, `the overlay names the file and line: ${overlayText}`);
  check(
    await page.locator("main", { hasText: "The last good version" }).isVisible(),
    "the last good version stays on screen under the overlay",
  );
  check(!(await page.locator("main").textContent()).includes("Broken text"), "the broken edit replaced the page");
  // A fresh load of the page still gets the last good version, and the overlay at once.
  await page.reload();
  check(await page.locator("main", { hasText: "The last good version" }).isVisible(), "a reload shows the last good version");
  await overlay.waitFor({ timeout: 5000 }).catch(() => fail("a page loaded while broken shows no overlay"));
  check(named && server.stderr.includes(`content/tips/ask-early.md:${named[1]}`), `the terminal shows the problem too:\n${server.stderr}`);
  // The fix: the overlay goes and the fixed text shows.
  writeFileSync(tipFile, good.replace("The last good version", "The fixed version"));
  await page.locator("main", { hasText: "The fixed version" }).waitFor({ timeout: 10000 });
  await overlay.waitFor({ state: "detached", timeout: 5000 }).catch(() => fail("the overlay stayed after the fix"));

  // 3b. The overlay shows what the terminal shows: the source line, a caret under the
  // column, the help, and warnings beside the errors.
  const fixed = readFileSync(tipFile, "utf8");
  writeFileSync(
    tipFile,
    fixed.replace("topics: [mentoring]", "topics: [mentoring]\nsumary: A typo.").replace("The fixed version", "See [[ask-erly]] here"),
  );
  await overlay.waitFor({ timeout: 10000 }).catch(() => fail("no overlay for a broken link"));
  const blocks = await overlay.locator("pre").allTextContents();
  const linkProblem = blocks.find((b) => b.includes("broken-link")) || "";
  check(linkProblem.includes("See [[ask-erly]] here"), `the overlay quotes the source line: ${blocks.join("\n---\n")}`);
  const lines = linkProblem.split("\n");
  const quoted = lines.findIndex((l) => l.includes("See [[ask-erly]] here"));
  const caret = quoted >= 0 ? lines[quoted + 1] || "" : "";
  check(
    caret.includes("^") && caret.indexOf("^") === lines[quoted].indexOf("[[ask-erly]]"),
    `the caret is under the link: ${JSON.stringify(lines)}`,
  );
  check(/help: did you mean .*ask-early/.test(linkProblem), `the overlay shows the help: ${linkProblem}`);
  const warning = blocks.find((b) => b.includes("warning[")) || "";
  check(warning.includes("sumary") && warning.includes("help:"), `the overlay shows the warning: ${blocks.join("\n---\n")}`);
  writeFileSync(tipFile, fixed);
  await overlay.waitFor({ state: "detached", timeout: 10000 }).catch(() => fail("the overlay stayed after the fix"));

  // 4. Add a tip: it appears on its topic page; delete it: it goes.
  await page.goto(`${server.url}topics/feedback.html`);
  const newTip = join(root, "content/tips/brand-new.md");
  writeFileSync(newTip, "---\ntitle: A brand new tip\ntopics: [feedback]\n---\n\nJust written.\n");
  await page
    .locator("main", { hasText: "A brand new tip" })
    .waitFor({ timeout: 10000 })
    .catch(() => fail("a new tip did not appear on its topic page"));
  const link = page.locator('main a[href$="brand-new.html"]');
  check((await link.count()) >= 1, "the topic page links to the new tip");
  unlinkSync(newTip);
  await page
    .waitForFunction(() => !document.querySelector("main").textContent.includes("A brand new tip"), null, { timeout: 10000 })
    .catch(() => fail("a deleted tip stayed on its topic page"));
  const gone = await page.request.get(`${server.url}tips/brand-new.html`);
  check(gone.status() === 404, `a deleted tip answers ${gone.status()}`);

  // 5. The scroll position survives a reload.
  const longFile = join(root, "content/tips/long.md");
  await page.goto(`${server.url}tips/long.html`);
  await page.evaluate(() => window.scrollTo(0, 1500));
  await page.waitForFunction(() => Math.abs(window.scrollY - 1500) < 2);
  const longText = readFileSync(longFile, "utf8");
  await timedEdit(page, longFile, `${longText}\nA closing line, added.\n`, "A closing line, added.");
  await page.waitForFunction(() => window.scrollY > 0, null, { timeout: 3000 }).catch(() => {});
  const y = await page.evaluate(() => window.scrollY);
  check(Math.abs(y - 1500) <= 2, `the scroll position after a reload is ${y}, not 1500`);

  check(errors.length === 0, `page errors: ${errors.join("; ")}`);
  await context.close();
  await stopServer(server);
  check(server.child.signalCode === "SIGINT" || server.child.exitCode === 0, "ladder serve did not stop on Ctrl-C");
  server = null;

  // 6. The repository's own site: the same measurement.
  const bundled = join(base, "bundled");
  mkdirSync(bundled);
  cpSync(join(repoRoot, "content"), join(bundled, "content"), { recursive: true });
  cpSync(join(repoRoot, "site.toml"), join(bundled, "site.toml"));
  server = await startServer(bundled);
  const context2 = await browser.newContext();
  await context2.addInitScript(() => {
    document.addEventListener("DOMContentLoaded", () => (window.__shownAt = Date.now()));
  });
  const page2 = await context2.newPage();
  results.bundled = await measure(
    page2,
    `${server.url}tips/find-a-mentor.html`,
    join(bundled, "content/tips/find-a-mentor.md"),
    "bundled site",
  );
  check(results.bundled < 1000, `the bundled site's median edit delay is ${results.bundled} ms`);
  await context2.close();
} catch (e) {
  fail(e.stack || String(e));
  if (server) console.error(`server stderr:\n${server.stderr}`);
} finally {
  if (server) await stopServer(server);
  await browser.close();
  rmSync(base, { recursive: true, force: true });
}
console.log(
  `serve: fixture median ${results.fixture} ms, bundled site median ${results.bundled} ms; ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
