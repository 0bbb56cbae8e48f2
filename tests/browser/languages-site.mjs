// A multilingual site in the browser: English and French as suffixed files, built once
// and opened over file:// and over http (under a sub-path). From an article, the language
// switcher lands on its translation and back; from a page in one language, on the other
// language's home; typing in the French page's search box searches the French index,
// which finds a French page by another form of its words (and no English page); axe finds
// no violation on either language's pages.
import { mkdtempSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { axeClean, buildSite, launch, check, fail, htmlValidator, serveStatic } from "./lib/browser.mjs";

const started = Date.now();

const FILES = {
  "site.toml": `title = "Ladder"
language = "en"

[languages.en]
name = "English"

[languages.fr]
name = "Français"
title = "Échelle"

[[topics]]
slug = "pay"
title = "Pay"

[topics.languages.fr]
title = "Rémunération"
`,
  "content/_index.md": "---\ntitle: Ladder\n---\nNotes on growing a career.\n",
  "content/_index.fr.md": "---\ntitle: Échelle\n---\nDes notes pour faire grandir sa carrière.\n",
  "content/articles/negotiate.md":
    "---\ntitle: Negotiate your pay\nsummary: Prepare the numbers before the meeting.\ntopics: [pay]\ndate: 2025-01-10\n---\nLook up what the role pays elsewhere, and ask after the written offer.\n",
  "content/articles/negotiate.fr.md":
    "---\ntitle: Négocier sa rémunération\nsummary: Préparez les chiffres avant l'entretien.\ntopics: [pay]\ndate: 2025-01-11\n---\nRenseignez-vous sur les salaires pratiqués ailleurs, et négociez après l'offre écrite.\n",
  "content/tips/english-only.md":
    "---\ntitle: Keep a brag document\nsummary: Write down what you finish.\ntopics: [pay]\ndate: 2025-01-12\n---\nEach Friday, note what you finished and who it helped.\n",
};

/** Writes the site into a temp folder and builds it. */
function site() {
  const root = mkdtempSync(join(tmpdir(), "ladder-langs-"));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return buildSite(root);
}



/** The whole scenario at `base`, the address of the site's root folder. */
async function scenario(browser, base, label) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}articles/negotiate.html`);
  check((await page.getAttribute("html", "lang")) === "en", `${label}: the English article is in English`);
  const switcher = page.locator("nav.languages");
  check(await switcher.isVisible(), `${label}: the language switcher is shown`);
  check((await switcher.locator("a").allTextContents()).join(",") === "English,Français", `${label}: it names the languages as their readers do`);
  check((await switcher.locator('a[aria-current="true"]').textContent()) === "English", `${label}: it marks the page's language`);
  await axeClean(page, `${label} English article`);

  await switcher.getByText("Français").click();
  await page.waitForLoadState();
  check(page.url() === `${base}fr/articles/negotiate.html`, `${label}: the switcher lands on the translation (${page.url()})`);
  check((await page.getAttribute("html", "lang")) === "fr", `${label}: the translation is in French`);
  check((await page.locator("h1").textContent()).trim() === "Négocier sa rémunération", `${label}: the French article is shown`);
  check((await page.getAttribute('link[hreflang="en"]', "href")) === "../../articles/negotiate.html", `${label}: the head names the English alternate`);
  const css = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).display);
  check(css !== "inline", `${label}: the French pages have their stylesheet`);
  await axeClean(page, `${label} French article`);

  // Search in French: the French index, found by another form of the word.
  const form = page.locator("form.search");
  check(await form.isVisible(), `${label}: the French page's search box is visible`);
  await page.locator("#search-input").click();
  await page.keyboard.type("salaire", { delay: 30 });
  await page.locator(".search-option").first().waitFor({ timeout: 5000 });
  await page
    .waitForFunction(() => /salaire/.test(document.querySelector(".search-status")?.textContent || ""), null, { timeout: 5000 })
    .catch(() => {});
  const titles = (await page.locator(".search-option-title").allTextContents()).map((t) => t.trim());
  check(titles[0] === "Négocier sa rémunération", `${label}: "salaire" finds the page that says "salaires" (${titles})`);
  check(!titles.includes("Negotiate your pay"), `${label}: the French search shows no English page (${titles})`);
  await page.keyboard.press("Escape");

  // Back, and to a page only in English: French leads to the French home.
  await switcher.getByText("English").click();
  await page.waitForLoadState();
  check(page.url() === `${base}articles/negotiate.html`, `${label}: and back to the original (${page.url()})`);
  await page.goto(`${base}tips/english-only.html`);
  await page.locator("nav.languages").getByText("Français").click();
  await page.waitForLoadState();
  check(page.url() === `${base}fr/index.html`, `${label}: a page without translation switches to the other home (${page.url()})`);
  check((await page.locator("h1").textContent()).trim() === "Échelle", `${label}: the French home is shown`);
  await axeClean(page, `${label} French home`);
  check(errors.length === 0, `${label}: no script errors (${errors})`);
  await page.close();
}

const out = site();

// Every page of every language is valid HTML to html-validate and the Nu HTML Checker.
const htmlFiles = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? htmlFiles(path) : name.endsWith(".html") ? [path] : [];
});
const files = htmlFiles(out);
const validator = htmlValidator();
for (const file of files) {
  const report = await validator.validateFile(file);
  for (const m of report.results.flatMap((r) => r.messages)) console.error(`${file}:${m.line}: ${m.message} (${m.ruleId})`);
  check(report.valid, `html-validate: ${file} is not valid`);
}
check(files.some((f) => f.includes("/fr/")), "no French page was validated");
const vnu = spawnSync("java", ["-jar", createRequire(import.meta.url).resolve("vnu-jar/build/dist/vnu.jar"), "--errors-only", "--skip-non-html", "--format", "json", "--stdout", out], { encoding: "utf8" });
check(vnu.error === undefined, `cannot run the Nu HTML Checker: ${vnu.error}`);
const nuErrors = JSON.parse(vnu.stdout || "{\"messages\":[]}").messages;
for (const m of nuErrors) console.error(`${m.url}:${m.lastLine}: ${m.message} (Nu)`);
check(nuErrors.length === 0, `the Nu HTML Checker found ${nuErrors.length} errors`);
console.log(`languages-site: ${files.length} pages in every language valid to html-validate and the Nu checker`);

const browser = await launch();
try {
  await scenario(browser, pathToFileURL(out).href + "/", "file://");
  const server = await serveStatic(out);
  try {
    await scenario(browser, `http://127.0.0.1:${server.address().port}/site/`, "http");
  } finally {
    server.close();
  }
} catch (e) {
  fail(e.stack || String(e));
} finally {
  await browser.close();
}
console.log(`languages-site: ${process.exitCode ? "FAILED" : "ok"} in ${Date.now() - started} ms`);
