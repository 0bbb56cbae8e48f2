// Search benchmark, ladder beside Pagefind on the same built site (a benchmark, not a
// test; scripts/bench-search runs it):
//
//   node scripts/bench-search.mjs --pagefind <folder holding node_modules/pagefind>
//       --site <name> <built site> (--questions <file.tsv> | --generated <site sources>) …
//
// For each site it indexes ladder's own output with Pagefind (the pages ladder's index
// holds, nothing else), serves the folder over a local HTTP server that counts the bytes
// of every response, and drives headless Chromium through each query:
//   typed    on a fresh home page, the query typed letter by letter into the header box,
//            each letter's results awaited before the next, as a reader typing at the
//            box's pace sees them; then, on the same page, the next query of the list;
//            Pagefind: search() and the documents of the 8 shown results for each prefix.
//   at once  on a fresh results page (search/index.html), the query submitted whole:
//            bytes, time from submitting to the results list shown, and the rank of the
//            expected page among the 20 results listed; then the next query on that page.
//            Pagefind: search() and data() of the first 20 results, timed the same way.
// Bytes are index files only (ladder: search/*.js; Pagefind: its entry, meta, index and
// fragment files); the engines' code (search.js; pagefind.js and its wasm) is summed apart.
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, extname, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import { launch } from "../tests/browser/lib/browser.mjs";

const TYPED_SHOWN = 8; // results in ladder's header box
const PAGE_SHOWN = 20; // results on ladder's results page
const TIMEOUT = 30000;

// ---- Arguments --------------------------------------------------------------------

const sites = [];
let pagefindHome = null;
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--pagefind") pagefindHome = args[++i];
    else if (a === "--site") sites.push({ name: args[++i], out: resolve(args[++i]) });
    else if (a === "--questions" && sites.length) sites.at(-1).questions = args[++i];
    else if (a === "--generated" && sites.length) sites.at(-1).sources = args[++i];
    else {
      console.error(`unexpected argument ${a}\nusage: node scripts/bench-search.mjs --pagefind DIR --site NAME OUT (--questions TSV | --generated SRC) …`);
      process.exit(2);
    }
  }
  if (!pagefindHome || !sites.length || sites.some((s) => !s.questions && !s.sources)) {
    console.error("usage: node scripts/bench-search.mjs --pagefind DIR --site NAME OUT (--questions TSV | --generated SRC) …");
    process.exit(2);
  }
}
const pagefindModule = join(pagefindHome, "node_modules", "pagefind");
const pagefindVersion = JSON.parse(readFileSync(join(pagefindModule, "package.json"), "utf8")).version;
const pagefind = await import(pathToFileURL(join(pagefindModule, "lib", "index.js")).href);

// ---- Pages and queries ------------------------------------------------------------

/** Page URLs of ladder's index, in document order, from its document shards. */
function ladderDocs(out) {
  const urls = [];
  for (let i = 0; existsSync(join(out, "search", `d${i}.js`)); i++) {
    const text = readFileSync(join(out, "search", `d${i}.js`), "utf8");
    const item = JSON.parse(text.slice(text.indexOf(".push(") + 6, text.lastIndexOf(")")));
    for (const d of item[1]) {
      if (!Array.isArray(d) || typeof d[0] !== "string") throw new Error(`unexpected document in search/d${i}.js`);
      urls.push(d[0]);
    }
  }
  if (!urls.length) throw new Error(`no search documents (search/d0.js) in ${out}`);
  return urls;
}

/** A page's address reduced to its path without extension: `tips/find-a-mentor`. */
function pageKey(href) {
  let p = decodeURIComponent(new URL(href, "http://x/").pathname).replace(/^\/+/, "");
  p = p.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "").replace(/\/+$/, "");
  return p;
}

/** Reader questions: [{q, expected: [key]}] from a TSV of question and page(s). */
function readQuestions(file) {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => {
      const [q, pages] = l.split("\t");
      if (!pages) throw new Error(`${file}: no expected page in line: ${l}`);
      return { q: q.trim(), expected: pages.split(",").map((p) => p.trim()), label: "question" };
    });
}

function titleOf(file) {
  const m = readFileSync(file, "utf8").match(/^title:\s*"?(.*?)"?\s*$/m);
  return m ? m[1] : "";
}

function titleWords(title) {
  return [...new Set(title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2))];
}

/**
 * Queries of a generated site, fixed by the generator: for 8 tips and 4 articles spread
 * over the site, the rarest word of the title (one word) and its two rarest words; then a
 * frequent, a middling and a rare title word of the whole site (one word each).
 */
function generatedQueries(sources) {
  const pages = [];
  for (const kind of ["tips", "articles"]) {
    const dir = join(sources, "content", kind);
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
      pages.push({ key: `${kind}/${f.slice(0, -3)}`, kind, words: titleWords(titleOf(join(dir, f))) });
    }
  }
  const df = new Map();
  for (const p of pages) for (const w of p.words) df.set(w, (df.get(w) || 0) + 1);
  const rarest = (p) => [...p.words].sort((a, b) => df.get(a) - df.get(b) || (a < b ? -1 : 1));
  const tips = pages.filter((p) => p.kind === "tips");
  const articles = pages.filter((p) => p.kind === "articles");
  const picked = [
    ...[...Array(8).keys()].map((k) => tips[Math.floor(((2 * k + 1) * tips.length) / 16)]),
    ...[...Array(4).keys()].map((k) => articles[Math.floor(((2 * k + 1) * articles.length) / 8)]),
  ];
  const queries = [];
  for (const p of picked) {
    const [a, b] = rarest(p);
    queries.push({ q: a, expected: [p.key], label: "title word", oneWord: true });
    if (b) queries.push({ q: `${a} ${b}`, expected: [p.key], label: "two title words" });
  }
  const byDf = [...df.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  for (const [label, [w, n]] of [
    ["frequent word", byDf[0]],
    ["middling word", byDf[Math.floor(byDf.length / 2)]],
    ["rare word", byDf[byDf.length - 1]],
  ]) {
    const holder = n === 1 ? pages.find((p) => p.words.includes(w)) : null;
    queries.push({ q: w, expected: holder ? [holder.key] : [], label, oneWord: true });
  }
  return queries;
}

// ---- Pagefind's index of the same pages -------------------------------------------

/** Indexes the pages of ladder's index with Pagefind into `out/pagefind`. */
async function indexWithPagefind(out, urls) {
  const started = performance.now();
  // The page's own text: <main> without the breadcrumbs and the related-reading panel,
  // as a site would configure Pagefind (its default, <body>, would index the header,
  // navigation and footer of every page too).
  const { errors, index } = await pagefind.createIndex({ rootSelector: "main", excludeSelectors: ["nav", "aside"] });
  if (!index) throw new Error(`Pagefind: ${errors.join("; ")}`);
  for (const url of urls) {
    const file = url.endsWith("/") ? `${url}index.html` : url;
    const r = await index.addHTMLFile({ sourcePath: file, content: readFileSync(join(out, file), "utf8") });
    if (r.errors.length) throw new Error(`Pagefind on ${file}: ${r.errors.join("; ")}`);
  }
  const w = await index.writeFiles({ outputPath: join(out, "pagefind") });
  if (w.errors.length) throw new Error(`Pagefind: ${w.errors.join("; ")}`);
  await pagefind.close();
  return performance.now() - started;
}

function folderBytes(dir) {
  let bytes = 0,
    files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      const sub = folderBytes(join(dir, e.name));
      bytes += sub.bytes;
      files += sub.files;
    } else {
      bytes += statSync(join(dir, e.name)).size;
      files++;
    }
  }
  return { bytes, files };
}

/** Bytes and count of the .js files of a folder: ladder's index. */
function jsFiles(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
  return { bytes: files.reduce((s, f) => s + statSync(join(dir, f)).size, 0), files: files.length };
}

// ---- A server that counts bytes ---------------------------------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** What a response is: ladder's index or code, Pagefind's index or code, or the page. */
function classify(path) {
  if (path === "/search.js") return "ladderCode";
  if (path.startsWith("/search/") && path.endsWith(".js")) return "ladder";
  if (path.startsWith("/pagefind/")) {
    return /\/pagefind(-worker)?\.js$|\.pagefind$/.test(path) ? "pagefindCode" : "pagefind";
  }
  return "page";
}

function serve(root) {
  const sizes = new Map(); // path → [raw, gzip]
  const counts = { ladder: [0, 0], ladderCode: [0, 0], pagefind: [0, 0], pagefindCode: [0, 0], page: [0, 0] };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x/").pathname);
    let file = join(root, path);
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (path.endsWith("/")) file = join(file, "index.html");
    let body;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(file)];
    if (!sizes.has(path)) {
      // What a host that compresses text would send; Pagefind's binary files are
      // compressed already and sent as they are.
      sizes.set(path, [body.length, type ? Math.min(body.length, gzipSync(body).length) : body.length]);
    }
    const [raw, gz] = sizes.get(path);
    const c = counts[classify(path)];
    c[0] += raw;
    c[1] += gz;
    res.writeHead(200, { "Content-Type": type || "application/octet-stream", "Content-Length": body.length });
    res.end(body);
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () => ok({ server, base: `http://127.0.0.1:${server.address().port}`, counts })),
  );
}

/** A copy of the byte counts, to subtract from later. */
function mark(counts) {
  return JSON.parse(JSON.stringify(counts));
}
function since(counts, before) {
  const d = {};
  for (const k of Object.keys(counts)) d[k] = [counts[k][0] - before[k][0], counts[k][1] - before[k][1]];
  return d;
}

// ---- Driving the engines ----------------------------------------------------------

/** Types `q` into the header box letter by letter, each letter's results awaited. */
async function typeLadder(page, q) {
  const input = page.locator("form.search .search-input");
  let last = "";
  for (const ch of q) {
    await input.press(ch === " " ? "Space" : ch);
    const now = (await input.inputValue()).trim();
    if (!now || now === last) continue;
    last = now;
    await page.waitForFunction(
      (t) => {
        const s = document.querySelector("form.search .search-status");
        return s && s.textContent.includes(`“${t}”`);
      },
      now,
      { timeout: TIMEOUT },
    );
  }
  return page.$$eval("form.search .search-listbox a", (as) => as.map((a) => a.href));
}

async function clearLadder(page) {
  const input = page.locator("form.search .search-input");
  await input.press("Control+a");
  await input.press("Backspace");
}

/** Submits `q` whole on ladder's results page; the time to the list shown, and its links. */
function submitLadder(page, q) {
  return page.evaluate(
    ({ q, timeout }) =>
      new Promise((ok, fail) => {
        const form = document.querySelector(".search-page-form");
        const input = document.querySelector(".search-page-input");
        const status = document.querySelector(".search-page-status");
        const want = `“${q.trim()}”`;
        const timer = setTimeout(() => fail(new Error(`no results shown for ${want}`)), timeout);
        let t0 = 0;
        const seen = new MutationObserver(() => {
          if (!status.textContent.includes(want)) return;
          const ms = performance.now() - t0;
          seen.disconnect();
          clearTimeout(timer);
          const urls = [...document.querySelectorAll(".search-page-results > li")].map(
            (li) => (li.querySelector("h2 a, h3 a") || li.querySelector("a")).href,
          );
          ok({ ms, urls });
        });
        seen.observe(status, { childList: true, characterData: true, subtree: true });
        input.value = q;
        t0 = performance.now();
        form.requestSubmit();
      }),
    { q, timeout: TIMEOUT },
  );
}

/** Pagefind's search() and the documents of the first `shown` results; time and links. */
function searchPagefind(page, q, shown) {
  return page.evaluate(
    async ({ q, shown }) => {
      const t0 = performance.now();
      const r = await window.pagefindApi.search(q);
      const data = await Promise.all((r?.results || []).slice(0, shown).map((x) => x.data()));
      return { ms: performance.now() - t0, urls: data.map((d) => new URL(d.url, location.href).href) };
    },
    { q, shown },
  );
}

async function freshPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  return { context, page };
}

async function pagefindPage(browser, base) {
  const fresh = await freshPage(browser, `${base}/index.html`);
  // Loading the library is the page's own script load, like ladder's search.js.
  await fresh.page.evaluate(async () => {
    window.pagefindApi = await import("/pagefind/pagefind.js");
  });
  return fresh;
}

function prefixes(q) {
  const out = [];
  for (let i = 1; i <= q.length; i++) {
    const p = q.slice(0, i).trim();
    if (p && p !== out.at(-1)) out.push(p);
  }
  return out;
}

function rankOf(urls, expected) {
  if (!expected.length) return null;
  const keys = urls.map(pageKey);
  let best = 0;
  for (const e of expected) {
    const i = keys.indexOf(e);
    if (i >= 0 && (!best || i + 1 < best)) best = i + 1;
  }
  return best; // 0: not listed
}

/** Every figure for every query of one site, both engines. */
async function measure(browser, base, counts, queries) {
  const rows = queries.map((q) => ({ ...q, ladder: {}, pagefind: {} }));
  const n = rows.length;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    const next = rows[(i + 1) % n];
    process.stderr.write(`  ${i + 1}/${n} ${row.q}\n`);

    // ladder, typed letter by letter into the header box.
    let f = await freshPage(browser, `${base}/index.html`);
    let m = mark(counts);
    await page_click(f.page);
    const typedUrls = await typeLadder(f.page, row.q);
    row.ladder.typedFirst = since(counts, m);
    row.ladder.typedRank = rankOf(typedUrls, row.expected);
    await clearLadder(f.page);
    m = mark(counts);
    await typeLadder(f.page, next.q);
    next.ladder.typedNext = since(counts, m);
    await f.context.close();

    // ladder, submitted at once on the results page.
    f = await freshPage(browser, `${base}/search/index.html`);
    m = mark(counts);
    let r = await submitLadder(f.page, row.q);
    row.ladder.onceFirst = since(counts, m);
    row.ladder.msFirst = r.ms;
    row.ladder.rank = rankOf(r.urls, row.expected);
    row.ladder.top = r.urls.slice(0, 3).map(pageKey);
    m = mark(counts);
    r = await submitLadder(f.page, next.q);
    next.ladder.onceNext = since(counts, m);
    next.ladder.msNext = r.ms;
    await f.context.close();

    // Pagefind, each prefix as typed.
    f = await pagefindPage(browser, base);
    m = mark(counts);
    let last = null;
    for (const p of prefixes(row.q)) last = await searchPagefind(f.page, p, TYPED_SHOWN);
    row.pagefind.typedFirst = since(counts, m);
    row.pagefind.typedRank = rankOf(last.urls, row.expected);
    m = mark(counts);
    for (const p of prefixes(next.q)) await searchPagefind(f.page, p, TYPED_SHOWN);
    next.pagefind.typedNext = since(counts, m);
    await f.context.close();

    // Pagefind, at once.
    f = await pagefindPage(browser, base);
    m = mark(counts);
    r = await searchPagefind(f.page, row.q, PAGE_SHOWN);
    row.pagefind.onceFirst = since(counts, m);
    row.pagefind.msFirst = r.ms;
    row.pagefind.rank = rankOf(r.urls, row.expected);
    row.pagefind.top = r.urls.slice(0, 3).map(pageKey);
    m = mark(counts);
    r = await searchPagefind(f.page, next.q, PAGE_SHOWN);
    next.pagefind.onceNext = since(counts, m);
    next.pagefind.msNext = r.ms;
    await f.context.close();
  }
  return rows;
}

async function page_click(page) {
  await page.locator("form.search .search-input").click();
}

// ---- Printing ---------------------------------------------------------------------

const kb = (b) => (b / 1024).toFixed(1);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const max = (xs) => Math.max(...xs);
const pct = (x) => `${(100 * x).toFixed(0)}%`;
const rankText = (r) => (r === null ? "–" : r === 0 ? `>${PAGE_SHOWN}` : String(r));
function printSite(site, rows, info) {
  const { name } = site;
  console.log(`\n## ${name}: ${info.docs} pages in ladder's index; Pagefind ${pagefindVersion} over the same pages`);
  console.log(
    `index on disk: ladder ${kb(info.ladderIndex.bytes)} KB in ${info.ladderIndex.files} files; ` +
      `Pagefind ${kb(info.pagefindIndex.bytes)} KB in ${info.pagefindIndex.files} files (indexed in ${(info.pagefindMs / 1000).toFixed(1)} s)`,
  );
  console.log();
  const head =
    "| query | rank ladder | rank Pagefind | typed, first KB ladder / Pf | typed, next KB | at once, first KB | at once, next KB | first ms ladder / Pf | next ms |";
  console.log(head);
  console.log("| --- | --: | --: | --: | --: | --: | --: | --: | --: |");
  const pair = (r, key, f) => `${f(r.ladder[key])} / ${f(r.pagefind[key])}`;
  const kbIndex = (engine) => (c) => kb(c[engine][0]);
  for (const r of rows) {
    const q = r.q.length > 48 ? `${r.q.slice(0, 47)}…` : r.q;
    const b = (key) => `${kbIndex("ladder")(r.ladder[key])} / ${kbIndex("pagefind")(r.pagefind[key])}`;
    const typedNote = r.ladder.typedRank !== null && r.ladder.typedRank !== r.ladder.rank && !(r.ladder.typedRank === 0 && r.ladder.rank > TYPED_SHOWN) ? "*" : "";
    console.log(
      `| ${q} | ${rankText(r.ladder.rank)}${typedNote} | ${rankText(r.pagefind.rank)} | ${b("typedFirst")} | ${b("typedNext")} | ` +
        `${b("onceFirst")} | ${b("onceNext")} | ${pair(r, "msFirst", (x) => x.toFixed(0))} | ${pair(r, "msNext", (x) => x.toFixed(0))} |`,
    );
  }
  if (rows.some((r) => r.ladder.typedRank !== null && r.ladder.typedRank !== r.ladder.rank && !(r.ladder.typedRank === 0 && r.ladder.rank > TYPED_SHOWN))) {
    console.log("\n* the header box, typed letter by letter, ranked the page differently from the results page");
  }
  console.log(
    "\nKB: index files loaded (ladder search/*.js; Pagefind entry, meta, index and fragment files), as stored; " +
      "rank: place of the expected page among the results listed (results page: 20), >20 if not listed, – if none expected",
  );

  // Summary.
  console.log(`\n### ${name}: summary`);
  const judged = rows.filter((r) => r.expected.length);
  if (judged.length) {
    const top3 = (e) => judged.filter((r) => r[e].rank >= 1 && r[e].rank <= 3).length;
    const mrr = (e) => judged.reduce((s, r) => s + (r[e].rank ? 1 / r[e].rank : 0), 0) / judged.length;
    const what = site.questions ? "reader questions" : "queries with an expected page";
    const targets = site.questions;
    console.log(
      `${what} (${judged.length}): top 3  ladder ${pct(top3("ladder") / judged.length)} (${top3("ladder")})  ` +
        `Pagefind ${pct(top3("pagefind") / judged.length)} (${top3("pagefind")})${targets ? "   target: ladder ≥ 90%" : ""}`,
    );
    console.log(
      `${" ".repeat(what.length + String(judged.length).length + 4)}MRR    ladder ${mrr("ladder").toFixed(3)}  Pagefind ${mrr("pagefind").toFixed(3)}` +
        `${targets ? `   target: ladder ahead of Pagefind (${mrr("ladder") > mrr("pagefind") ? "met" : "not met"})` : ""}`,
    );
    const misses = judged.filter((r) => !(r.ladder.rank >= 1 && r.ladder.rank <= 3));
    if (misses.length) {
      console.log("not in ladder's top 3:");
      for (const r of misses) {
        console.log(
          `  "${r.q}" → ${r.expected[0]}: ladder ${rankText(r.ladder.rank)} (top: ${r.ladder.top.join(", ") || "no results"}), Pagefind ${rankText(r.pagefind.rank)}`,
        );
      }
    }
  }
  const bytesLine = (label, list, key) => {
    if (!list.length) return;
    const l = list.map((r) => r.ladder[key].ladder[0]);
    const p = list.map((r) => r.pagefind[key].pagefind[0]);
    const lg = list.map((r) => r.ladder[key].ladder[1]);
    const pc = list.map((r) => r.pagefind[key].pagefind[0] + r.pagefind[key].pagefindCode[0]);
    console.log(
      `${label}: ladder median ${kb(median(l))} KB, max ${kb(max(l))} KB (gzip median ${kb(median(lg))} KB); ` +
        `Pagefind median ${kb(median(p))} KB, max ${kb(max(p))} KB (with the engine code the search loads, its worker and wasm: median ${kb(median(pc))} KB); ` +
        `ladder/Pagefind median ${(median(l) / median(p)).toFixed(2)}`,
    );
  };
  const oneWord = rows.filter((r) => r.oneWord);
  const pages = Number(name);
  const target = pages === 10000 ? "   target: at most 100 KB at 10,000 pages" : pages === 50000 ? "   target: at most 200 KB at 50,000 pages" : "";
  if (oneWord.length) {
    bytesLine(`one-word queries (${oneWord.length}), typed letter by letter, first query`, oneWord, "typedFirst");
    bytesLine(`one-word queries, typed letter by letter, next query`, oneWord, "typedNext");
    if (target) {
      const worst = max(oneWord.map((r) => r.ladder.typedFirst.ladder[0]));
      console.log(`${target.trim()}: ladder's largest first one-word query typed ${kb(worst)} KB (${worst <= (pages === 10000 ? 100 : 200) * 1024 ? "met" : "not met"})`);
    }
  }
  bytesLine(`all queries (${rows.length}), typed letter by letter, first query`, rows, "typedFirst");
  bytesLine(`all queries, typed letter by letter, next query`, rows, "typedNext");
  bytesLine(`all queries, submitted at once, first query`, rows, "onceFirst");
  bytesLine(`all queries, submitted at once, next query`, rows, "onceNext");
  console.log(
    `time, submitted at once: first query median ladder ${median(rows.map((r) => r.ladder.msFirst)).toFixed(0)} ms, ` +
      `Pagefind ${median(rows.map((r) => r.pagefind.msFirst)).toFixed(0)} ms; next query median ladder ` +
      `${median(rows.map((r) => r.ladder.msNext)).toFixed(0)} ms, Pagefind ${median(rows.map((r) => r.pagefind.msNext)).toFixed(0)} ms`,
  );
  console.log(
    `engine code, loaded once: ladder search.js ${kb(info.ladderCode)} KB with every page; ` +
      `Pagefind ${info.pagefindCode.map(([f, b]) => `${f} ${kb(b)} KB`).join(", ")}, pagefind.js with the page, the others on the first search`,
  );
}

// ---- Main -------------------------------------------------------------------------

const browser = await launch();
console.log(`# Search benchmark: ladder beside Pagefind ${pagefindVersion}, headless Chromium`);
console.log(`(${new Date().toISOString().slice(0, 16)}Z, ${(await import("node:os")).cpus().length} cores, load average ${(await import("node:os")).loadavg()[0].toFixed(1)}: times depend on the machine's load)`);
try {
  for (const site of sites) {
    process.stderr.write(`${site.name}: indexing ${site.out} with Pagefind\n`);
    const urls = ladderDocs(site.out);
    const pagefindMs = await indexWithPagefind(site.out, urls);
    const queries = site.questions ? readQuestions(site.questions) : generatedQueries(site.sources);
    const { server, base, counts } = await serve(site.out);
    try {
      const rows = await measure(browser, base, counts, queries);
      const pf = join(site.out, "pagefind");
      const pfIndex = folderBytes(pf);
      const code = readdirSync(pf).filter((f) => /^pagefind\.js$|^pagefind-worker\.js$|^wasm\.en\.pagefind$/.test(f));
      const codeBytes = code.reduce((s, f) => s + statSync(join(pf, f)).size, 0);
      const uiFiles = readdirSync(pf).filter((f) => /ui|highlight|playground|^wasm\./.test(f) && !code.includes(f));
      const uiBytes = uiFiles.reduce((s, f) => s + statSync(join(pf, f)).size, 0);
      printSite(site, rows, {
        docs: urls.length,
        ladderIndex: jsFiles(join(site.out, "search")),
        pagefindIndex: { bytes: pfIndex.bytes - codeBytes - uiBytes, files: pfIndex.files - code.length - uiFiles.length },
        pagefindMs,
        ladderCode: statSync(join(site.out, "search.js")).size,
        pagefindCode: code.map((f) => [f, statSync(join(pf, f)).size]),
      });
    } finally {
      server.close();
    }
  }
} finally {
  await browser.close();
}
