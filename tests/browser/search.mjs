// Search in the browser: the repository's site built once, opened over file:// and over
// http (under a sub-path), a query typed into the header box, results checked and
// followed by keyboard; the results page; no-JavaScript; and the JS ranking compared
// with the Rust ranking (examples/search_query.rs) so the two cannot drift.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { buildSite, launch, check, fail, repoRoot, serveStatic } from "./lib/browser.mjs";

const started = Date.now();
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const out = buildSite(repoRoot);



/** Rust's ranking of `queries` on the built site. */
function rustRanking(queries) {
  const json = execFileSync("cargo", ["run", "--quiet", "--example", "search_query", "--", out, ...queries], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(json);
}

// Filtered queries, written as examples/search_query.rs reads them: `text|kind=…&topic=…`.
const FILTERED = ["mentor|kind=tip", "mentor|topic=mentoring&topic=networking", "boss|kind=article&kind=path&topic=managing-up", "promotion|topic=no-such-topic", "\"managing up\"|kind=tip", "goals|kind=page"];

/** The JS results and counts of filtered queries (as in FILTERED), keys sorted as Rust's. */
async function jsFiltered(page, queries) {
  const out = {};
  for (const q of queries) {
    const [text, spec] = q.split("|");
    const params = new URLSearchParams(spec);
    const filter = { kinds: params.getAll("kind"), topics: params.getAll("topic") };
    const r = await page.evaluate(([t, f]) => window.ladderSearchFiltered(t, f), [text, filter]);
    const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    out[q] = { hits: r.hits.map((h) => ({ matched: h.matched, score: h.score, url: h.url })), kinds: sorted(r.kinds), topics: sorted(r.topics) };
  }
  return out;
}
const COMPARED = ["mentor", "how do I find a mentor", "smart goals", "ment", "promtion", "worked example", "boss said no", "advisers", "sideways move", "\"managing up\"", "mentor -boss", "\"one-to-one\" notes", "impatient to get promoted after a year", "nervous about the promotion talk", "certificates", "start doing senior work before anyone assigns it", "assigning work", "promoted", "supervisor", "worried about feedback", "manager -boss", "\"your manager\""];

// Ranked as the search box ranks them: a completion of the word being typed reads only
// the head of a long list; the word typed in full reads it whole.
// An open phrase's last word is the word being typed: it completes and pairs with nothing
// until the phrase is closed.
const BOXED = ["wor", "mana", "career mana", "promotion", "ment", "\"managing up\" wor", "work -boss", "\"managing u", "\"managing up", "\"managing up\""];

/** Types a query into the header box of the page at `url` and follows the first result by keyboard. */
async function headerScenario(page, url, label) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  const form = page.locator("form.search");
  check(await form.isVisible(), `${label}: the search box is visible`);
  check((await form.getAttribute("role")) === "search", `${label}: the form has role=search`);
  const label_ = await page.locator('label[for="search-input"]').textContent();
  check(label_ && label_.trim().length > 0, `${label}: the box has a label`);

  await page.locator("main").click();
  await page.keyboard.press("/");
  check(await page.evaluate(() => document.activeElement.id === "search-input"), `${label}: "/" focuses the box`);
  await page.keyboard.type("mentor", { delay: 30 });
  await page.locator(".search-option").first().waitFor({ timeout: 5000 });
  // Results follow each key as it is typed: wait for those of the whole word.
  await page
    .waitForFunction(() => /“mentor”/.test(document.querySelector(".search-status")?.textContent || ""), null, { timeout: 5000 })
    .catch(() => {});
  const status = await page.locator(".search-status").textContent();
  check(/\d+ results? for “mentor”/.test(status), `${label}: the live region announces the count (${status})`);
  check((await page.locator("#search-input").getAttribute("aria-expanded")) === "true", `${label}: aria-expanded is true`);
  const first = page.locator(".search-option").first();
  const title = (await first.locator(".search-option-title").textContent()).trim();
  check(title === "Find a mentor who has made the climb", `${label}: the first result is the mentor tip (${title})`);
  check((await first.locator(".search-option-kind").textContent()).trim() === "Tip", `${label}: the kind is shown`);
  check((await first.locator(".chip").count()) > 0, `${label}: topic chips are shown`);
  const marks = await page.locator(".search-option mark").allTextContents();
  check(marks.some((m) => /^mentor/i.test(m)), `${label}: matched words are marked (${marks.slice(0, 3)})`);

  await page.keyboard.press("ArrowDown");
  check((await first.getAttribute("aria-selected")) === "true", `${label}: ArrowDown selects the first result`);
  check(
    (await page.locator("#search-input").getAttribute("aria-activedescendant")) === (await first.getAttribute("id")),
    `${label}: aria-activedescendant names the chosen result`,
  );
  if (label === "http") {
    // The open results must pass axe-core as well (they are not there when pages are checked).
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const r = await axe.run(document.querySelector("form.search"), { resultTypes: ["violations"] });
      return r.violations.map((v) => `${v.id} (${v.impact})`);
    });
    check(violations.length === 0, `${label}: axe finds no violation in the open results: ${violations}`);
  }
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  check((await first.getAttribute("aria-selected")) === "true", `${label}: ArrowUp moves back`);
  await Promise.all([page.waitForURL(/tips\/find-a-mentor\.html$/, { timeout: 5000 }), page.keyboard.press("Enter")]);
  check(page.url().endsWith("tips/find-a-mentor.html"), `${label}: Enter opens the result (${page.url()})`);

  // Escape closes; a section result links to its heading.
  await page.locator("#search-input").fill("worked example");
  await page.locator(".search-option").first().waitFor({ timeout: 5000 });
  await page.waitForFunction(() => document.querySelector(".search-option .search-option-title")?.textContent.startsWith("Become"));
  const href = await page.locator(".search-option").first().getAttribute("href");
  check(href === "../articles/become-your-boss.html#a-worked-example", `${label}: a section result links to the heading (${href})`);
  await page.keyboard.press("Escape");
  check(await page.locator(".search-popup").isHidden(), `${label}: Escape closes the results`);
  check((await page.locator("#search-input").getAttribute("aria-expanded")) === "false", `${label}: aria-expanded is false after Escape`);

  // Enter without a chosen result opens the results page.
  await page.locator("#search-input").fill("mentor");
  await Promise.all([page.waitForURL(/search\/index\.html\?q=mentor$/, { timeout: 5000 }), page.keyboard.press("Enter")]);
  await page.locator(".search-result").first().waitFor({ timeout: 5000 });
  const n = await page.locator(".search-result").count();
  check(n > 3, `${label}: the results page lists results (${n})`);
  const pageStatus = await page.locator(".search-page-status").textContent();
  check(/results? for “mentor”/.test(pageStatus), `${label}: the results page states the count (${pageStatus})`);
  check((await page.locator("#search-page-input").inputValue()) === "mentor", `${label}: the query fills the page's box`);
  const link = page.locator(".search-result-title a").first();
  const linkText = (await link.textContent()).trim();
  await Promise.all([page.waitForURL(/find-a-mentor\.html$/, { timeout: 5000 }), link.click()]);
  check(linkText === "Find a mentor who has made the climb", `${label}: the results page's first result is followed (${linkText})`);
  check(errors.length === 0, `${label}: no script errors (${errors})`);
}

/** The JS ranking of `queries`, with the page at `url`. */
async function jsRanking(page, url, queries) {
  await page.goto(url);
  const out = {};
  for (const q of queries) {
    const [text, place] = q.split("|");
    out[q] = await page.evaluate(([t, box]) => window.ladderSearchQuery(t, undefined, box), [text, place === "box"]);
  }
  return out;
}

const browser = await launch();
let server;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);

  const fileUrl = pathToFileURL(join(out, "tips/ask-for-training-when-you-need-it.html")).href;
  await headerScenario(page, fileUrl, "file://");

  server = await serveStatic(out);
  const base = `http://127.0.0.1:${server.address().port}/site/`;
  await headerScenario(page, `${base}tips/ask-for-training-when-you-need-it.html`, "http");

  // The results page opened from a link, over file://.
  await page.goto(pathToFileURL(join(out, "search/index.html")).href + "?q=smart%20goals");
  await page.locator(".search-result").first().waitFor({ timeout: 5000 });
  const top = (await page.locator(".search-result-title a").first().textContent()).trim();
  check(top === "Set SMART goals and review them often", `results page from a link: ${top}`);
  check((await page.locator(".search-result-snippet mark").count()) > 0, "results page: snippets mark the words");

  // JS and Rust rank the same.
  const rust = rustRanking(COMPARED);
  const js = await jsRanking(page, `${base}index.html`, COMPARED);
  for (const q of COMPARED) {
    const a = JSON.stringify(rust[q]);
    const b = JSON.stringify(js[q].map((h) => ({ matched: h.matched, score: h.score, url: h.url })));
    check(a === b, `ranking of "${q}" differs:\n  rust ${a.slice(0, 300)}\n  js   ${b.slice(0, 300)}`);
    check(rust[q].length > 0, `"${q}" finds something`);
  }

  // JS and Rust rank the same in the search box, where words read heads: a short
  // prefix finds fewer pages there than on the results page, the best of them alike.
  const boxed = BOXED.map((q) => `${q}|box`);
  const rustB = rustRanking([...boxed, ...BOXED]);
  const jsB = await jsRanking(page, `${base}index.html`, boxed);
  for (const q of boxed) {
    const a = JSON.stringify(rustB[q]);
    const b = JSON.stringify(jsB[q].map((h) => ({ matched: h.matched, score: h.score, url: h.url })));
    check(a === b, `box ranking of "${q}" differs:\n  rust ${a.slice(0, 300)}\n  js   ${b.slice(0, 300)}`);
    check(rustB[q].length > 0, `"${q}" finds something in the box`);
  }
  check(rustB["wor|box"].length < rustB["wor"].length, `a completion in the box reads heads (${rustB["wor|box"].length} of ${rustB["wor"].length})`);
  check(JSON.stringify(rustB["wor|box"].slice(0, 8)) === JSON.stringify(rustB["wor"].slice(0, 8)), "the box's first results of one word are the results page's");
  check(JSON.stringify(rustB["promotion|box"].slice(0, 8)) === JSON.stringify(rustB["promotion"].slice(0, 8)), "the box's first results of a word typed in full are the results page's");
  check(rustB["\"managing u"].length === 0 && rustB["\"managing u|box"].length > 0, "the box leaves out an open phrase's word being typed; the results page reads it whole");
  check(JSON.stringify(rustB["\"managing up|box"]) === JSON.stringify(rustRanking(["\"managing\"|box"])["\"managing\"|box"]), "the box shows an open phrase without its word being typed");
  // Typing the phrase's last word loads no phrase shard; closing the phrase loads one.
  await page.goto(`${base}index.html`);
  const phraseFiles = () => page.evaluate(() => window.ladderSearchFiles().filter((f) => /^p\d+$/.test(f)));
  for (const q of ["\"man", "\"managing", "\"managing u", "\"managing up"]) {
    await page.evaluate((t) => window.ladderSearchQuery(t, 8, true), q);
  }
  const typing = await phraseFiles();
  check(typing.length === 0, `typing an open phrase into the box loads no phrase shard (${typing})`);
  await page.evaluate((t) => window.ladderSearchQuery(t, 8, true), "\"managing up\"");
  const closed = await phraseFiles();
  check(closed.length === 1, `closing the phrase loads its pair's shard (${closed})`);
  // A phrase of two words ranks by its strength in each page: it loads no postings.
  await page.goto(`${base}index.html`);
  const phrased = await page.evaluate((t) => window.ladderSearchQuery(t), "\"managing up\"");
  const read = await page.evaluate(() => window.ladderSearchFiles().filter((f) => /^[ht]\d+$/.test(f)));
  check(phrased.length > 0 && read.length === 0, `a phrase reads no postings (${phrased.length} results, ${read})`);
  // A phrase no page holds loads no postings to rank nothing.
  await page.goto(`${base}index.html`);
  const none = await page.evaluate((t) => window.ladderSearchQuery(t), "\"salary mentor\" mentor");
  const lists = await page.evaluate(() => window.ladderSearchFiles().filter((f) => /^[ht]\d+$/.test(f)));
  check(none.length === 0 && lists.length === 0, `a phrase no page holds finds nothing and loads no postings (${none.length}, ${lists})`);
  // The box waits for three letters, quotes aside.
  await page.locator("#search-input").fill("\"ma");
  await page
    .waitForFunction(() => /Keep typing/.test(document.querySelector(".search-status")?.textContent || ""), null, { timeout: 5000 })
    .catch(() => {});
  const waiting = await page.locator(".search-status").textContent();
  check(/^Keep typing/.test(waiting) && (await page.locator(".search-option").count()) === 0, `two letters after a quote are not searched yet (${waiting})`);
  // Nor is a phrase's first word, until it is finished.
  await page.locator("#search-input").fill("\"managi");
  await page
    .waitForFunction(() => /managi/.test(document.querySelector(".search-status")?.textContent || ""), null, { timeout: 5000 })
    .catch(() => {});
  const first = await page.locator(".search-status").textContent();
  check(/^Keep typing/.test(first) && (await page.locator(".search-option").count()) === 0, `a phrase's first word being typed is not searched yet (${first})`);
  await page.locator("#search-input").fill("\"managing up\"");
  await page.locator(".search-option").first().waitFor({ timeout: 5000 });
  check((await page.locator(".search-option mark").count()) > 0, "the box marks a phrase's words");
  // Pages found through heads are not all the pages that match: the box names no count.
  await page.goto(`${base}index.html`);
  await page.locator("#search-input").fill("wor");
  await page
    .waitForFunction(() => /“wor”/.test(document.querySelector(".search-status")?.textContent || ""), null, { timeout: 5000 })
    .catch(() => {});
  const partial = await page.locator(".search-status").textContent();
  check(partial === "Best matches for “wor”", `a box that read heads gives no count (${partial})`);

  // JS and Rust filter and count the same.
  const rustF = rustRanking(FILTERED);
  const jsF = await jsFiltered(page, FILTERED);
  for (const q of FILTERED) {
    const a = JSON.stringify(rustF[q]);
    const b = JSON.stringify(jsF[q]);
    check(a === b, `filtered "${q}" differs:\n  rust ${a.slice(0, 400)}\n  js   ${b.slice(0, 400)}`);
  }
  check(rustF["mentor|kind=tip"].hits.length > 0 && rustF["mentor|kind=tip"].hits.length < rust["mentor"].length, "a kind filter narrows");
  check(rustF["promotion|topic=no-such-topic"].hits.length > 0, "an unknown topic is ignored");

  // Without JavaScript the box is hidden, not broken.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  await plain.goto(fileUrl);
  check(await plain.locator("form.search").isHidden(), "without JavaScript the search box is hidden");
  await plain.goto(pathToFileURL(join(out, "search/index.html")).href);
  check(await plain.locator("form.search-page-form").isHidden(), "without JavaScript the results form is hidden");
  check((await plain.locator("main").textContent()).includes("needs JavaScript"), "without JavaScript the results page says why");
  await nojs.close();
  await context.close();
} catch (e) {
  fail(e.stack || String(e));
} finally {
  await browser.close();
  if (server) server.close();
}
console.log(`search: ${process.exitCode ? "FAILED" : "ok"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
