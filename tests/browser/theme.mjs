// The light/dark switch, over file:// and over http: the page follows the system's colour
// scheme until the switch is used; the choice survives a reload (and wins over the system),
// is applied by the head script before any other script runs, and leaves no console error;
// axe finds no violation in either theme.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { axeClean, buildSite, launch, check, fail, repoRoot, serveStatic } from "./lib/browser.mjs";

const started = Date.now();
const out = buildSite(repoRoot);



const LIGHT_BG = "rgb(251, 250, 247)";
const DARK_BG = "rgb(21, 24, 28)";

/** What the page shows of its theme: the background, the switch's state, the stored choice. */
/** Waits until another tab of `context` reads `value` as the stored choice: the page
 *  writes it at once, but the browser commits it to storage a moment later, and a reload
 *  before then (seen over file://) would read the choice from before. */
async function stored(context, url, value) {
  const other = await context.newPage();
  await other.goto(url);
  await other
    .waitForFunction((v) => localStorage.getItem("ladder-theme") === v, value, { timeout: 5000 })
    .catch(() => {});
  await other.close();
}

async function state(page) {
  return page.evaluate(() => {
    const button = document.querySelector(".theme-toggle");
    let stored = null;
    try {
      stored = localStorage.getItem("ladder-theme");
    } catch {
      stored = "unavailable";
    }
    return {
      bg: getComputedStyle(document.body).backgroundColor,
      pressed: button && button.getAttribute("aria-pressed"),
      visible: !!button && !button.hidden,
      attr: document.documentElement.getAttribute("data-theme"),
      stored,
    };
  });
}

/** The whole scenario at `base`, the address of the site's root folder. */
async function scenario(browser, base, label) {
  const article = `${base}articles/asking-for-career-progression.html`;
  const tip = `${base}tips/find-a-mentor.html`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  // Before the switch is used the page follows the system, live.
  await page.goto(article);
  let s = await state(page);
  check(s.visible, `${label}: the switch is shown`);
  const name = await page.getByRole("button", { name: "Dark theme" }).count();
  check(name === 1, `${label}: the switch is a button named "Dark theme"`);
  check(s.bg === LIGHT_BG && s.pressed === "false" && s.attr === null, `${label}: light system, light page: ${JSON.stringify(s)}`);
  await page.emulateMedia({ colorScheme: "dark" });
  // The switch hears of the change from a media query listener, a task later.
  await page.waitForFunction(() => document.querySelector(".theme-toggle").getAttribute("aria-pressed") === "true").catch(() => {});
  s = await state(page);
  check(s.bg === DARK_BG && s.pressed === "true", `${label}: dark system, dark page and a pressed switch: ${JSON.stringify(s)}`);
  await axeClean(page, `${label} article, dark system`);
  await page.emulateMedia({ colorScheme: "light" });
  await axeClean(page, `${label} article, light system`);

  // Chosen dark: kept over a reload and a light system.
  await page.getByRole("button", { name: "Dark theme" }).click();
  s = await state(page);
  check(s.bg === DARK_BG && s.pressed === "true" && s.stored === "dark", `${label}: the switch turns the page dark: ${JSON.stringify(s)}`);
  await stored(context, article, "dark");
  await page.reload();
  s = await state(page);
  check(s.bg === DARK_BG && s.pressed === "true" && s.attr === "dark", `${label}: dark survives a reload: ${JSON.stringify(s)}`);
  await page.goto(tip);
  s = await state(page);
  check(s.bg === DARK_BG && s.pressed === "true", `${label}: dark holds on another page: ${JSON.stringify(s)}`);
  await axeClean(page, `${label} tip, chosen dark`);

  // Chosen light: kept over a reload and a dark system.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByRole("button", { name: "Dark theme" }).click();
  await stored(context, article, "light");
  await page.reload();
  s = await state(page);
  check(s.bg === LIGHT_BG && s.pressed === "false" && s.stored === "light", `${label}: light chosen survives a reload under a dark system: ${JSON.stringify(s)}`);
  await axeClean(page, `${label} tip, chosen light`);

  check(errors.length === 0, `${label}: console errors: ${errors.join("; ")}`);
  await context.close();
}

/** The head script alone applies the stored choice: with theme.js never loaded, the
 *  first paint is already dark (and the switch, drawn by theme.js, stays hidden). */
async function noFlash(browser, base) {
  const context = await browser.newContext({ colorScheme: "light" });
  const page = await context.newPage();
  await page.goto(`${base}index.html`);
  await page.evaluate(() => localStorage.setItem("ladder-theme", "dark"));
  await page.route("**/theme.js", (route) => route.abort());
  // The stylesheet blocks the first paint, so the first frame is what the page shows
  // once it has loaded; with theme.js refused, only the head script can have made it dark.
  await page.goto(`${base}articles/asking-for-career-progression.html`, { waitUntil: "load" });
  const first = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(first === DARK_BG, `http: the first paint is ${first}, not dark`);
  const s = await state(page);
  check(!s.visible, "http: without theme.js the switch stays hidden");
  await context.close();
}

/** Layout details at phone and desktop widths: the header keeps its padding, chips in a
 *  row share one line, topic counts stay beside their names, and the table of contents
 *  stays in view on wide screens and flows with the text on narrow ones. */
async function layout(browser, base) {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}articles/asking-for-career-progression.html`);
    const padding = await page.evaluate(() => getComputedStyle(document.querySelector(".header-row")).paddingTop);
    check(padding === "8px", `${width}px: the header row's padding is ${padding}`);
    const chips = await page.evaluate(() =>
      [...document.querySelectorAll(".chips")].filter((ul) => {
        const tops = [...ul.children].map((li) => Math.round(li.getBoundingClientRect().top));
        // Items on one row differ by a few pixels when misaligned, by a line when wrapped.
        return tops.some((t) => t !== tops[0] && Math.abs(t - tops[0]) < 20);
      }).length);
    check(chips === 0, `${width}px: ${chips} chip lists have chips out of line`);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight * 0.6));
    const toc = await page.evaluate(() => {
      const nav = document.querySelector(".toc");
      return { top: nav.getBoundingClientRect().top, position: getComputedStyle(nav).position };
    });
    if (width === 1280) {
      check(toc.position === "sticky" && toc.top >= 0 && toc.top < 40, `1280px: the contents stay in view: ${JSON.stringify(toc)}`);
    } else {
      check(toc.position === "static" && toc.top < 0, `390px: the contents scroll away with the text: ${JSON.stringify(toc)}`);
    }
    await page.goto(`${base}topics/index.html`);
    const wrapped = await page.evaluate(() =>
      [...document.querySelectorAll(".topic-card-head")].filter((head) => {
        const name = head.querySelector(".topic-card-title").getBoundingClientRect();
        const count = head.querySelector(".count").getBoundingClientRect();
        return count.left < name.right || count.top > name.top + 12;
      }).length);
    check(wrapped === 0, `${width}px: ${wrapped} topic counts wrap under their names`);
    await context.close();
  }
}

const browser = await launch();
let server;
try {
  await scenario(browser, pathToFileURL(out).href + "/", "file://");
  server = await serveStatic(out, "/");
  const base = `http://127.0.0.1:${server.address().port}/`;
  await scenario(browser, base, "http");
  await noFlash(browser, base);
  await layout(browser, base);

  // Without JavaScript there is no switch to press; the page follows the system.
  const nojs = await browser.newContext({ javaScriptEnabled: false, colorScheme: "dark" });
  const plain = await nojs.newPage();
  await plain.goto(`${base}index.html`);
  const s = await state(plain);
  check(!s.visible && s.bg === DARK_BG, `without JavaScript: no switch, the system's theme: ${JSON.stringify(s)}`);
  await nojs.close();
} catch (e) {
  fail(e.stack || String(e));
} finally {
  await browser.close();
  if (server) server.close();
}
console.log(`theme: ${process.exitCode ? "FAILED" : "ok"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
