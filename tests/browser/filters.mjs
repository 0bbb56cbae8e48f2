// Filters and help on the results page: a query shows counts per kind and topic; ticking
// a topic (by keyboard) narrows the results and the counts, the address keeps the choice
// and a reload restores it; a query that finds nothing offers "Did you mean" from the
// site's words and the closest topic; axe and html-validate pass in both states.
// Over file:// and over HTTP.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { HtmlValidate, FileSystemConfigLoader } from "html-validate";
import { buildSite, launch, check, fail, repoRoot, serveStatic } from "./lib/browser.mjs";

const started = Date.now();
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const out = buildSite(repoRoot);
const validator = new HtmlValidate(new FileSystemConfigLoader());


/** The count shown beside the filter `name=value`, or null when it is not shown. */
async function countOf(page, name, value) {
  const label = page.locator(`.search-filter:has(input[data-facet="${name}"][value="${value}"])`);
  if (!(await label.count()) || (await label.isHidden())) return null;
  return Number((await label.locator(".search-filter-count").textContent()).match(/\d+/)[0]);
}

/** Waits until the status matches `pattern` (a regular expression's source). */
async function statusIs(page, pattern) {
  await page.waitForFunction((p) => new RegExp(p).test(document.querySelector(".search-page-status")?.textContent || ""), pattern, { timeout: 5000 });
  return page.locator(".search-page-status").textContent();
}

/** axe and html-validate on the page as it is now. */
async function accessibleAndValid(page, label) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(" ")}`);
  });
  check(violations.length === 0, `${label}: axe finds no violation: ${violations}`);
  const html = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll("script").forEach((s) => s.remove());
    return "<!DOCTYPE html>\n" + copy.outerHTML;
  });
  // The DOM writes a boolean attribute as `hidden=""`, which the style rule dislikes.
  const report = await validator.validateString(html, "live.html", { extends: ["html-validate:recommended"], rules: { "attribute-boolean-style": "off", "no-trailing-whitespace": "off", "valid-id": ["error", { relaxed: true }] } });
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.message} (${m.ruleId})`));
  check(report.valid, `${label}: the live DOM is valid HTML: ${messages.slice(0, 5)}`);
  const vnu = spawnSync("java", ["-jar", createRequire(import.meta.url).resolve("vnu-jar/build/dist/vnu.jar"), "--errors-only", "--format", "json", "-"], { input: html, encoding: "utf8" });
  const nu = JSON.parse(vnu.stderr || vnu.stdout || '{"messages":[]}').messages.map((m) => m.message);
  check(vnu.error === undefined && nu.length === 0, `${label}: the Nu checker passes the live DOM: ${vnu.error || nu.slice(0, 5)}`);
}

async function scenario(page, base, label) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}search/index.html`);
  await page.locator("#search-page-input").pressSequentially("mentor", { delay: 20 });
  const before = await statusIs(page, "\\d+ results? for “mentor”$");
  const total = Number(before.match(/\d+/)[0]);
  await page.locator(".search-filters").waitFor({ state: "visible" });
  check((await page.locator(".search-facet legend").allTextContents()).map((t) => t.trim()).join("|").startsWith("Kind|Topic"), `${label}: each group has a legend`);
  const tips = await countOf(page, "kind", "tip");
  const articles = await countOf(page, "kind", "article");
  const mentoring = await countOf(page, "topic", "mentoring");
  check(tips > 0 && mentoring > 0, `${label}: counts are shown (tips ${tips}, mentoring ${mentoring})`);
  check((tips || 0) + (articles || 0) + ((await countOf(page, "kind", "path")) || 0) + ((await countOf(page, "kind", "page")) || 0) === total, `${label}: the kind counts add up to ${total}`);

  // Counts follow the query.
  await page.locator("#search-page-input").fill("boss");
  await statusIs(page, "for “boss”$");
  const bossCounts = await page.locator(".search-filters").textContent();
  await page.locator("#search-page-input").fill("mentor");
  await statusIs(page, `^${total} results? for “mentor”$`);
  const mentorCounts = await page.locator(".search-filters").textContent();
  check(bossCounts !== mentorCounts, `${label}: counts change with the query`);
  await page.locator("#search-page-input").fill("mentor");
  await statusIs(page, `^${total} results? for “mentor”$`);

  // Keyboard only: Tab from the box to the Mentoring checkbox, Space ticks it.
  await page.locator("#search-page-input").focus();
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.dataset.facet === "topic" && document.activeElement.value === "mentoring");
  }
  check(reached, `${label}: the Mentoring filter is reached with Tab`);
  await page.keyboard.press("Space");
  const after = await statusIs(page, "Mentoring");
  check(new RegExp(`^${mentoring} results? for “mentor”: in Mentoring$`).test(after), `${label}: the live region states the filtered count (${after})`);
  check((await page.locator(".search-result").count()) === Math.min(mentoring, 20), `${label}: results narrowed to ${mentoring}`);
  check(/[?&]topic=mentoring/.test(page.url()) && /[?&]q=mentor/.test(page.url()), `${label}: the address keeps the filter (${page.url()})`);
  check(await page.evaluate(() => document.activeElement?.value === "mentoring"), `${label}: focus stays on the ticked box`);
  const tipsInMentoring = await countOf(page, "kind", "tip");
  check(tipsInMentoring <= tips && tipsInMentoring > 0, `${label}: kind counts follow the topic (${tips} → ${tipsInMentoring})`);
  check((await countOf(page, "topic", "mentoring")) === mentoring, `${label}: the topic's own count stays`);

  // Combine with a kind: both must hold.
  await page.locator('input[data-facet="kind"][value="tip"]').check();
  await statusIs(page, "tips, in Mentoring");
  check((await page.locator(".search-result").count()) === tipsInMentoring, `${label}: tip AND mentoring gives ${tipsInMentoring}`);
  const kinds = await page.locator(".search-result .search-option-kind").allTextContents();
  check(kinds.every((k) => k.trim() === "Tip"), `${label}: only tips are listed (${kinds})`);
  await accessibleAndValid(page, `${label}: results with filters`);

  // Reload keeps the query and both filters.
  const url = page.url();
  check(/kind=tip/.test(url), `${label}: the address has the kind (${url})`);
  await page.reload();
  await statusIs(page, "tips, in Mentoring");
  check(await page.locator('input[data-facet="topic"][value="mentoring"]').isChecked(), `${label}: reload keeps the topic ticked`);
  check(await page.locator('input[data-facet="kind"][value="tip"]').isChecked(), `${label}: reload keeps the kind ticked`);
  check((await page.locator(".search-result").count()) === tipsInMentoring, `${label}: reload shows the same results`);

  // Clear filters.
  await page.locator(".search-filters-clear").click();
  await statusIs(page, `^${total} results? for “mentor”$`);
  check(!/topic=|kind=/.test(page.url()), `${label}: clearing empties the address's filters (${page.url()})`);

  // Nothing matches: did you mean, the closest topic, the topics index.
  await page.locator("#search-page-input").fill("asxk");
  const none = await statusIs(page, "Did you mean");
  check(/^No results for “asxk”\. Did you mean ask\?$/.test(none), `${label}: the live region suggests a word (${none})`);
  const suggestion = page.locator(".search-help-query").first();
  check((await suggestion.textContent()).startsWith("ask"), `${label}: the suggestion is a site word`);
  check(/search\/index\.html\?q=ask$/.test(await suggestion.getAttribute("href")), `${label}: the suggestion links to its query`);
  const topicLinks = await page.locator(".search-help-topics a").allTextContents();
  check(topicLinks.length === 2 && topicLinks[1] === "all topics", `${label}: the closest topic and the topics index are linked (${topicLinks})`);
  await accessibleAndValid(page, `${label}: did you mean`);
  await suggestion.focus();
  await page.keyboard.press("Enter");
  await statusIs(page, "results? for “ask”$");
  check((await page.locator("#search-page-input").inputValue()) === "ask", `${label}: following the suggestion runs it`);

  // The header box: the no-result help, briefly, and a link to the filters.
  await page.goto(`${base}index.html`);
  await page.locator("#search-input").fill("asxk");
  await page.locator(".search-help-brief .search-help-query").waitFor({ timeout: 5000 });
  check((await page.locator(".search-help-brief").textContent()).includes("Did you mean ask?"), `${label}: the box suggests a word`);
  await page.locator("#search-input").fill("mentor");
  await page.locator(".search-option").first().waitFor();
  const all = page.locator(".search-all a");
  await page.waitForFunction(() => /q=mentor$/.test(document.querySelector(".search-all a").getAttribute("href")));
  check(/filter/.test(await all.textContent()), `${label}: the box links to the filters (${await all.textContent()})`);
  check(errors.length === 0, `${label}: no script errors (${errors})`);
}

const browser = await launch();
let server;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(8000);
  await scenario(page, pathToFileURL(out).href + "/", "file://");
  server = await serveStatic(out, "/");
  await scenario(page, `http://127.0.0.1:${server.address().port}/`, "http");
} catch (e) {
  fail(e.stack || String(e));
} finally {
  await browser.close();
  if (server) server.close();
}
console.log(`filters: ${process.exitCode ? "FAILED" : "ok"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
