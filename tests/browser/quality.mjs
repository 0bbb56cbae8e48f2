// The bundled knowledge base, built and checked as a reader's browser sees it:
// valid HTML (html-validate and the Nu HTML Checker), no serious or critical axe-core violation on any page
// kind at desktop and phone widths, and a print layout without navigation. It is built twice: as it is,
// and with three entries a page, so that every long list is split and its further pages are checked too.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { buildSite, copySite, sourcesIn, launch, check, repoRoot, htmlValidator } from "./lib/browser.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// The bundled site, with one learning path more over its first articles and tips, so
// that path pages, the paths index and step navigation are checked whatever paths the
// site has of its own.
const steps = [
  ...sourcesIn(repoRoot, "articles", 2).map((n) => `../articles/${n}`),
  ...sourcesIn(repoRoot, "tips", 2).map((n) => `../tips/${n}`),
];
const withPath = copySite(repoRoot, {
  "content/paths/zz-quality-check.md": `---\ntitle: Quality check path\nsummary: A path over the first pages, for the checks.\nlevel: any\n---\nAn introduction.\n\n## First\n\n${steps.slice(0, 2).map((s, i) => `${i + 1}. [Step](${s})`).join("\n")}\n\n## Then\n\n${steps.slice(2).map((s, i) => `${i + 3}. [Step](${s})`).join("\n")}\n`,
});
const out = buildSite(withPath);

// The same site with `paginate = 3`.
const pagedRoot = mkdtempSync(join(tmpdir(), "ladder-paged-"));
cpSync(join(repoRoot, "content"), join(pagedRoot, "content"), { recursive: true });
const toml = readFileSync(join(repoRoot, "site.toml"), "utf8");
check(!/^paginate\s*=/m.test(toml), "site.toml sets paginate already");
writeFileSync(join(pagedRoot, "site.toml"), `paginate = 3\n${toml}`);
const paged = buildSite(pagedRoot);
rmSync(pagedRoot, { recursive: true, force: true });

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

// 1. Every page is valid HTML.
const validator = htmlValidator();
const files = [...htmlFiles(out), ...htmlFiles(paged)];
let invalid = 0;
for (const file of files) {
  const report = await validator.validateFile(file);
  if (!report.valid) {
    invalid += 1;
    for (const result of report.results) {
      for (const m of result.messages) {
        console.error(`${file}:${m.line}:${m.column}: ${m.message} (${m.ruleId})`);
      }
    }
  }
}
check(invalid === 0, `${invalid} of ${files.length} pages are not valid HTML`);
console.log(`html-validate: ${files.length} pages checked, ${invalid} invalid`);

// The Nu HTML Checker (the W3C validator) reads ARIA in HTML more strictly; one run
// over the whole output, since each start of Java costs seconds.
const vnu = spawnSync("java", ["-jar", require.resolve("vnu-jar/build/dist/vnu.jar"), "--errors-only", "--skip-non-html", "--format", "json", "--stdout", out, paged], { encoding: "utf8" });
check(vnu.error === undefined, `cannot run the Nu HTML Checker: ${vnu.error}`);
const nuErrors = JSON.parse(vnu.stdout || "{\"messages\":[]}").messages;
for (const m of nuErrors) {
  console.error(`${decodeURI(m.url.replace(/^file:/, ""))}:${m.lastLine}:${m.firstColumn ?? m.lastColumn}: ${m.message} (Nu)`);
}
check(nuErrors.length === 0, `the Nu HTML Checker found ${nuErrors.length} errors in ${files.length} pages`);
console.log(`Nu HTML Checker: ${files.length} pages checked, ${nuErrors.length} errors`);

// 2. axe-core on one page of each kind, at two widths.
const firstIn = (folder) => readdirSync(join(out, folder)).filter((n) => n.endsWith(".html") && n !== "index.html").sort()[0];
const pages = {
  home: "index.html",
  article: `articles/${firstIn("articles")}`,
  tip: `tips/${firstIn("tips")}`,
  topic: `topics/${firstIn("topics")}`,
  "topics index": "topics/index.html",
  "404": "404.html",
  search: "search/index.html",
  "recently updated": "recent.html",
  path: "paths/zz-quality-check.html",
  "paths index": "paths/index.html",
};
// Pages of the paginated build, by their path from the output folder's parent.
const pagedTopic = readdirSync(join(paged, "topics")).filter((n) => statSync(join(paged, "topics", n)).isDirectory()).sort()[0];
check(pagedTopic !== undefined, "no topic of the paginated build has a second page");
const pagedPages = {
  "paginated topic": `topics/${pagedTopic}/page/2.html`,
  "paginated folder": "tips/page/2.html",
  "paginated recently updated": "recent/page/2.html",
};
const fileOf = {};
for (const [kind, path] of Object.entries(pages)) fileOf[kind] = join(out, path);
for (const [kind, path] of Object.entries(pagedPages)) fileOf[kind] = join(paged, path);
for (const kind of ["article", "tip"]) {
  check(readFileSync(join(out, pages[kind]), "utf8").includes("class=\"step-nav "), `the ${kind} page checked is a step of the quality-check path`);
}
const browser = await launch();
try {
  const setups = [
    { width: 1280, colorScheme: "light" },
    { width: 390, colorScheme: "light" },
    { width: 1280, colorScheme: "dark" },
  ];
  for (const { width, colorScheme } of setups) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    const page = await context.newPage();
    for (const [kind, file] of Object.entries(fileOf)) {
      const path = relative(join(out, ".."), file);
      await page.goto("file://" + file);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
      });
      const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of bad) console.error(`${path} @${width}px/${colorScheme}: ${v.impact} ${v.id} (${v.nodes} nodes): ${v.help}`);
      check(bad.length === 0, `axe found ${bad.length} serious/critical violations on the ${kind} page at ${width}px (${colorScheme})`);
      console.log(`axe: ${kind} @${width}px/${colorScheme}: ${result.length} violations, ${bad.length} serious or critical`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 0, `the ${kind} page scrolls sideways by ${overflow}px at ${width}px (${colorScheme})`);
    }
    await context.close();
  }

  // 3. Print: navigation, search and sidebars are hidden; the article text stays.
  const page = await browser.newPage();
  await page.goto("file://" + join(out, pages.article));
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const shown = (sel) => {
      const el = document.querySelector(sel);
      return !!el && getComputedStyle(el).display !== "none";
    };
    return {
      header: shown(".site-header"),
      footer: shown(".site-footer"),
      sidebar: shown(".sidebar"),
      body: shown(".prose"),
      title: shown("h1"),
    };
  });
  check(!printed.header && !printed.footer && !printed.sidebar, `print shows navigation: ${JSON.stringify(printed)}`);
  check(printed.body && printed.title, `print hides the article: ${JSON.stringify(printed)}`);
  const pdf = await page.pdf({ format: "A4" });
  check(pdf.length > 1000, "the article prints to a PDF");
  console.log(`print: article PDF is ${pdf.length} bytes; navigation hidden`);
} finally {
  await browser.close();
}
