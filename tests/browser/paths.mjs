// Learning paths in the browser: a small site with two paths, opened over file:// and over
// http (under a sub-path). A reader walks a path by its next links from the first step to
// the last; marks steps done on the path's page and on a step's page, reloads, and finds
// the progress kept; sites do not share progress; storage that throws and pages without
// JavaScript show no progress controls and no errors; axe finds nothing on the path's page
// or a step's page. Screenshots go to /tmp/shots-paths/ for a person to look at.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { axeClean, buildSite, copySite, launch, check, serveStatic } from "./lib/browser.mjs";

const SHOTS = "/tmp/shots-paths";

const page = (title, topics, words) =>
  `---\ntitle: ${title}\nsummary: What ${title} teaches, in one sentence that lists show.\ntopics: [${topics}]\n---\n${words}\n\n## More\n\n${words}\n`;
const text = "Some advice in several words, long enough to read for a minute or so. ".repeat(30);

const files = {
  "site.toml": 'title = "Paths in a browser"\n\n[[topics]]\nslug = "promotion"\ntitle = "Promotion"\n',
  "content/articles/know-the-ladder.md": page("Know the ladder", "promotion", text),
  "content/tips/keep-a-brag-document.md": page("Keep a brag document", "promotion", text),
  "content/notes/talk-to-your-manager.md": page("Talk to your manager", "promotion", text),
  "content/articles/ask-for-it.md": page("Ask for it", "promotion", text),
  "content/paths/getting-promoted.md":
    "---\ntitle: Getting ready for promotion\nsummary: Four pages, in order, from what the next level asks to asking for it.\ntopics: [promotion]\nlevel: mid-career\n---\nFor anyone who wants the next level and is not sure where to start.\n\n## Know what is asked\n\n1. [[know-the-ladder]]\n2. [[keep-a-brag-document]]\n\n## Make the case\n\n3. [[talk-to-your-manager]]\n4. [[ask-for-it]]\n",
  "content/paths/quick.md":
    "---\ntitle: The short version\nsummary: Two steps.\ntopics: [promotion]\n---\nTwo pages.\n\n1. [[ask-for-it]]\n2. [[know-the-ladder]]\n",
};
const root = copySite("/nonexistent", files);
const out = buildSite(root);
// The same site under another title: another site id, so its progress is its own.
const other = buildSite(copySite("/nonexistent", { ...files, "site.toml": files["site.toml"].replace("Paths in a browser", "Another site") }));

const STEPS = ["articles/know-the-ladder.html", "tips/keep-a-brag-document.html", "notes/talk-to-your-manager.html", "articles/ask-for-it.html"];


/** Collects console errors and uncaught exceptions of `page`. */
function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return errors;
}

/** The text of the step navigation of the path titled `title` at the top of the page. */
const navOf = (page, title) => page.locator(".step-nav-top").filter({ has: page.locator("i", { hasText: title }) });

async function scenario(browser, base, label, shots) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  const errors = watchErrors(tab);

  // 1. Walk the path by its next links, first step to last.
  await tab.goto(base + STEPS[0]);
  const visited = [];
  for (let k = 1; k <= 10; k++) {
    visited.push(tab.url().slice(base.length));
    const nav = navOf(tab, "Getting ready for promotion");
    const where = (await nav.locator(".step-nav-where").textContent()).replace(/\s+/g, " ");
    check(where.startsWith(`Step ${k} of 4 in Getting ready for promotion`), `${label}: step ${k} says "${where}"`);
    check((await nav.locator("a[rel=prev]").count()) === (k === 1 ? 0 : 1), `${label}: step ${k} has ${k === 1 ? "no" : "a"} previous link`);
    // The same navigation again at the end of the page.
    check((await tab.locator(".step-nav-end").filter({ has: tab.locator("i", { hasText: "Getting ready" }) }).count()) === 1, `${label}: step ${k} repeats its navigation at the end`);
    const next = nav.locator("a[rel=next]");
    if ((await next.count()) === 0) break;
    const from = tab.url();
    await Promise.all([tab.waitForURL((u) => u.href !== from), next.click()]);
  }
  check(JSON.stringify(visited) === JSON.stringify(STEPS), `${label}: walked ${JSON.stringify(visited)}`);

  // 2. Mark steps 1 and 3 done on the path's page; the progress shows and survives a reload.
  await tab.goto(base + "paths/getting-promoted.html");
  const progress = tab.locator(".path-progress");
  check((await progress.textContent()) === "0 of 4 done", `${label}: a fresh path shows 0 of 4 done, not "${await progress.textContent()}"`);
  const buttons = tab.locator(".path-step button.step-done");
  check((await buttons.count()) === 4 && (await buttons.first().isVisible()), `${label}: each step has a visible done button`);
  await buttons.nth(0).click();
  await buttons.nth(2).click();
  check((await progress.textContent()) === "2 of 4 done", `${label}: two marked show 2 of 4 done`);
  await tab.reload();
  check((await progress.textContent()) === "2 of 4 done", `${label}: after a reload, still 2 of 4 done (${await progress.textContent()})`);
  const pressed = await buttons.evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-pressed")));
  check(JSON.stringify(pressed) === '["true","false","true","false"]', `${label}: pressed states kept: ${pressed}`);
  if (shots) {
    await tab.screenshot({ path: `${SHOTS}/path-1280.png`, fullPage: true });
    await tab.setViewportSize({ width: 390, height: 844 });
    await tab.screenshot({ path: `${SHOTS}/path-390.png`, fullPage: true });
    await tab.setViewportSize({ width: 1280, height: 900 });
  }
  await axeClean(tab, `${label} path page`);

  // 3. A step's page shows the same progress, for each of its paths, and marks itself.
  await tab.goto(base + STEPS[1]);
  const nav = navOf(tab, "Getting ready for promotion");
  check((await nav.locator(".step-progress").textContent()).includes("2 of 4 done"), `${label}: the step banner shows 2 of 4 done`);
  const own = nav.locator("button.step-done");
  check((await own.getAttribute("aria-pressed")) === "false", `${label}: step 2 is not done yet`);
  await own.click();
  check((await own.getAttribute("aria-pressed")) === "true", `${label}: step 2 marked done`);
  check((await tab.locator(".step-nav-end button.step-done").first().getAttribute("aria-pressed")) === "true", `${label}: the end banner follows`);
  check((await nav.locator(".step-progress").textContent()).includes("3 of 4 done"), `${label}: the banner counts 3 of 4`);
  if (shots) {
    await tab.screenshot({ path: `${SHOTS}/step-1280.png`, fullPage: true });
    await tab.setViewportSize({ width: 390, height: 844 });
    await tab.screenshot({ path: `${SHOTS}/step-390.png`, fullPage: true });
    await tab.setViewportSize({ width: 1280, height: 900 });
  }
  await axeClean(tab, `${label} step page`);
  // A page on two paths: the other path counts what is done on it (ask-for-it is not).
  await tab.goto(base + STEPS[0]);
  check((await navOf(tab, "The short version").locator(".step-progress").textContent()).includes("1 of 2 done"), `${label}: the other path counts 1 of 2 done`);
  await tab.goto(base + "paths/getting-promoted.html");
  check((await progress.textContent()) === "3 of 4 done", `${label}: the path page counts the step marked on its own page`);

  check(errors.length === 0, `${label}: console errors: ${errors.join(" | ")}`);
  await context.close();
  return visited.length;
}

mkdirSync(SHOTS, { recursive: true });
const browser = await launch();
const server = await serveStatic(out);
try {
  await scenario(browser, pathToFileURL(out).href + "/", "file://", false);
  await scenario(browser, `http://127.0.0.1:${server.address().port}/site/`, "http", true);

  // Two sites opened from disk share file://'s storage, but not their progress.
  {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(out).href + "/paths/getting-promoted.html");
    await tab.locator(".path-step button.step-done").first().click();
    await tab.goto(pathToFileURL(other).href + "/paths/getting-promoted.html");
    check((await tab.locator(".path-progress").textContent()) === "0 of 4 done", "another site's progress is its own");
    await context.close();
  }

  // Storage that throws: no errors, and no progress controls.
  {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });
    });
    const tab = await context.newPage();
    const errors = watchErrors(tab);
    await tab.goto(pathToFileURL(out).href + "/paths/getting-promoted.html");
    await tab.goto(pathToFileURL(out).href + "/" + STEPS[1]);
    check(!(await tab.locator("button.step-done").first().isVisible()), "without storage the done buttons stay hidden");
    check(errors.length === 0, `without storage, errors: ${errors.join(" | ")}`);
    await context.close();
  }

  // Without JavaScript: every step and link is there, the progress controls are not shown.
  {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(out).href + "/paths/getting-promoted.html");
    check((await tab.locator(".path-step a.path-step-title").count()) === 4, "without JavaScript the path lists its four steps");
    check(!(await tab.locator("button.step-done").first().isVisible()) && !(await tab.locator(".path-progress").isVisible()), "without JavaScript no progress controls show");
    await tab.goto(pathToFileURL(out).href + "/" + STEPS[1]);
    check(await navOf(tab, "Getting ready for promotion").locator("a[rel=next]").isVisible(), "without JavaScript the step links on");
    await context.close();
  }
  console.log(`paths: walked 4 steps over file:// and http, progress kept across reloads; screenshots in ${SHOTS}`);
} finally {
  server.close();
  await browser.close();
}
