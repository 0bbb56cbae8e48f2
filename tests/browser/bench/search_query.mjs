// Search query time in headless Chromium (a benchmark, not a test):
//   node tests/browser/bench/search_query.mjs <built site folder>
// Opens the site's home page over file://, then for one-word queries (a frequent, a
// middling and a rare title word), a two-word query, a prefix and a typo, measures the
// first run on a fresh page (index files loaded on demand, documents of the first 8
// results included) and the mean of 20 warm runs, and sums the bytes of the index files
// the page loaded.
import { statSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "../lib/browser.mjs";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node tests/browser/bench/search_query.mjs <built site folder>");
  process.exit(2);
}
const SHOWN = 8;

/** Title words by how many documents' titles hold them, from the document shards. */
function titleWords() {
  const counts = new Map();
  for (let i = 0; ; i++) {
    let text;
    try {
      text = readFileSync(join(dir, "search", `d${i}.js`), "utf8");
    } catch {
      break;
    }
    const docs = JSON.parse(text.slice(text.indexOf(".push(") + 6, text.lastIndexOf(");")))[1];
    for (const d of docs) {
      for (const w of new Set(d[1].toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2))) {
        counts.set(w, (counts.get(w) || 0) + 1);
      }
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const words = titleWords();
const frequent = words[0][0];
const middling = words[Math.floor(words.length / 2)][0];
const rare = words[words.length - 1][0];
const typo = middling.length >= 5 ? middling.slice(0, 2) + middling[3] + middling[2] + middling.slice(4) : middling;
const queries = [
  ["one word, frequent", frequent],
  ["one word, middling", middling],
  ["one word, rare", rare],
  ["two words", `${frequent} ${middling}`],
  ["prefix", middling.slice(0, 4)],
  ["typo", typo],
];

const browser = await launch();
const url = pathToFileURL(join(dir, "index.html")).href;
console.log(`# search query time in Chromium, ${dir}`);
for (const [label, q] of queries) {
  const page = await browser.newPage();
  await page.goto(url);
  const result = await page.evaluate(
    async ({ q, shown }) => {
      const t0 = performance.now();
      const hits = await window.ladderSearchQuery(q, shown);
      const cold = performance.now() - t0;
      const t1 = performance.now();
      for (let i = 0; i < 20; i++) await window.ladderSearchQuery(q, shown);
      const warm = (performance.now() - t1) / 20;
      return { cold, warm, hits: hits.length, files: window.ladderSearchFiles() };
    },
    { q, shown: SHOWN },
  );
  const bytes = result.files.reduce((sum, f) => sum + statSync(join(dir, "search", `${f}.js`)).size, 0);
  console.log(
    `${label.padEnd(20)} ${JSON.stringify(q).padEnd(24)} ${String(result.hits).padStart(6)} hits  ` +
      `first ${result.cold.toFixed(1).padStart(6)} ms  warm ${result.warm.toFixed(2).padStart(6)} ms  ` +
      `loaded ${(bytes / 1024).toFixed(1).padStart(6)} KB in ${result.files.length} files`,
  );
  await page.close();
}
await browser.close();
