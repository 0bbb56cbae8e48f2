// The theme in the site's language: a French site and an Arabic one (right to left),
// each built and opened over file://. Both validators and axe-core find nothing on any
// page kind; the French search box, results page (filters, "did you mean") and reading
// progress speak French; the Arabic layout is mirrored (header, sidebar, table of
// contents, step navigation, pager, breadcrumbs), with screenshots at desktop and phone
// widths in $SHOTS (default /tmp/shots-i18n/) for a person to look at.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { buildSite, launch, check, repoRoot, htmlValidator } from "./lib/browser.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const shots = process.env.SHOTS || "/tmp/shots-i18n";

const sites = [];
process.on("exit", () => sites.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** Writes a site: settings, then {path under content/: [front matter lines, body]}. */
function writeSite(settings, pages) {
  const root = mkdtempSync(join(tmpdir(), "ladder-i18n-"));
  sites.push(root);
  writeFileSync(join(root, "site.toml"), settings);
  for (const [path, [front, body]] of Object.entries(pages)) {
    mkdirSync(join(root, "content", path, ".."), { recursive: true });
    writeFileSync(join(root, "content", path), `---\n${front.join("\n")}\n---\n\n${body}\n`);
  }
  return root;
}

const arabic = writeSite(
  `title = "دليل المسار المهني"\ndescription = "نصائح قصيرة لمن يبني مساره المهني."\nlanguage = "ar"\npaginate = 2\n\n[[topics]]\nslug = "mentoring"\ntitle = "الإرشاد"\ndescription = "كيف تجد من يرشدك وكيف تستفيد منه."\n\n[[topics]]\nslug = "salary"\ntitle = "الراتب"\n`,
  {
    "articles/find-a-mentor.md": [
      ["title: كيف تجد مرشدًا", "summary: المرشد الجيد يساعدك على رؤية ما لا تراه بنفسك.", "date: 2026-03-02", "topics: [mentoring]"],
      "المرشد الجيد يساعدك على رؤية ما لا تراه بنفسك. ابدأ بسؤال صغير وواضح، ولا تطلب الكثير في اللقاء الأول.\n\n## لماذا تحتاج إلى مرشد\n\nلأن من سبقك في الطريق يعرف أين تقع الحفر. اسأله عن أخطائه قبل نجاحاته.\n\n## كيف تبدأ المحادثة\n\nاكتب رسالة قصيرة تذكر فيها سببًا واحدًا لاختيارك له، واقترح موعدًا محددًا. انظر [[اطلب فنجان قهوة]].\n\n## ماذا تفعل بعد اللقاء\n\nأرسل شكرًا في اليوم نفسه، واكتب ما تعلمته، ثم أخبره بعد شهر بما فعلت بنصيحته.",
    ],
    "articles/negotiate-salary.md": [
      ["title: التفاوض على الراتب", "date: 2026-04-15", "topics: [salary]"],
      "اعرف سعر السوق قبل أن تدخل الاجتماع، وتحدث عن النتائج التي حققتها لا عن حاجتك.\n\n## اجمع المعلومات\n\nاسأل زملاء في شركات أخرى، واقرأ تقارير الرواتب في مجالك.\n\n## حدد رقمك\n\nاختر رقمًا أعلى قليلًا مما تقبل به، واصمت بعد أن تقوله. راجع [[كيف تجد مرشدًا]].",
    ],
    "articles/first-ninety-days.md": [
      ["title: أول تسعين يومًا في وظيفة جديدة", "date: 2026-05-01", "topics: [mentoring, salary]"],
      "استمع أكثر مما تتكلم في الأسابيع الأولى، واكتب ما تتعلمه كل يوم.\n\n## الأسبوع الأول\n\nتعرّف على الناس قبل الأنظمة.\n\n## الشهر الثالث\n\nاطلب رأي مديرك في عملك بصراحة. انظر [[التفاوض على الراتب]].",
    ],
    "tips/ask-for-coffee.md": [["title: اطلب فنجان قهوة", "topics: [mentoring]"], "رسالة قصيرة ولطيفة تكفي لبدء علاقة مهنية. اقرأ [[كيف تجد مرشدًا]]."],
    "tips/write-wins-down.md": [["title: دوّن إنجازاتك كل أسبوع", "topics: [salary]"], "عندما يأتي وقت التقييم ستجد كل شيء جاهزًا. انظر [[التفاوض على الراتب]]."],
    "tips/ask-expectations.md": [["title: اسأل عن التوقعات مبكرًا", "topics: [mentoring]"], "اسأل مديرك في الأسبوع الأول: كيف سيبدو النجاح بعد ثلاثة أشهر؟"],
    "paths/getting-started.md": [
      ["title: البداية المهنية", "summary: أربع خطوات لمن يبدأ عمله الأول.", "level: مبتدئ"],
      "مسار قصير يبدأ من اليوم الأول.\n\n## البداية\n\n1. [أول تسعين يومًا](../articles/first-ninety-days.md)\n2. [التوقعات](../tips/ask-expectations.md)\n\n## بعد ذلك\n\n3. [المرشد](../articles/find-a-mentor.md)\n4. [الراتب](../articles/negotiate-salary.md)",
    ],
  },
);

const french = writeSite(`title = "Carrières"\nlanguage = "fr"\n`, {
  "articles/trouver-un-mentor.md": [
    ["title: Trouver un mentor", "date: 2026-03-01", "topics: [mentorat]"],
    "Un bon mentor vous aide à voir ce que vous ne voyez pas seul.\n\n## Pourquoi\n\nParce qu’il connaît le chemin.\n\n## Comment\n\nÉcrivez un message court. Voir [[Demander un café]].",
  ],
  "articles/negocier.md": [
    ["title: Négocier son salaire", "date: 2026-04-02", "topics: [salaire]"],
    "Connaissez le prix du marché avant la réunion.\n\n## Se renseigner\n\nDemandez autour de vous.\n\n## Donner un chiffre\n\nPuis taisez-vous. Voir [[Trouver un mentor]].",
  ],
  "tips/demander-un-cafe.md": [["title: Demander un café", "topics: [mentorat]"], "Un message aimable suffit pour commencer. Voir [[Trouver un mentor]]."],
  "tips/noter.md": [["title: Noter ses réussites", "topics: [salaire]"], "Chaque semaine, notez ce que vous avez accompli."],
  "paths/debuter.md": [
    ["title: Bien débuter", "summary: Trois étapes pour commencer."],
    "Un parcours court.\n\n1. [Mentor](../articles/trouver-un-mentor.md)\n2. [Café](../tips/demander-un-cafe.md)\n3. [Salaire](../articles/negocier.md)",
  ],
});

const arOut = buildSite(arabic);
const frOut = buildSite(french);

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

// 1. Both validators, every page of both sites.
const files = [...htmlFiles(arOut), ...htmlFiles(frOut)];
const validator = htmlValidator();
let invalid = 0;
for (const file of files) {
  const report = await validator.validateFile(file);
  if (!report.valid) {
    invalid += 1;
    for (const m of report.results.flatMap((r) => r.messages)) console.error(`${file}:${m.line}:${m.column}: ${m.message} (${m.ruleId})`);
  }
}
check(invalid === 0, `${invalid} of ${files.length} pages are not valid HTML`);
console.log(`html-validate: ${files.length} pages checked, ${invalid} invalid`);
const vnu = spawnSync("java", ["-jar", require.resolve("vnu-jar/build/dist/vnu.jar"), "--errors-only", "--skip-non-html", "--format", "json", "--stdout", arOut, frOut], { encoding: "utf8" });
check(vnu.error === undefined, `cannot run the Nu HTML Checker: ${vnu.error}`);
const nuErrors = JSON.parse(vnu.stdout || "{\"messages\":[]}").messages;
for (const m of nuErrors) console.error(`${decodeURI(m.url.replace(/^file:/, ""))}:${m.lastLine}: ${m.message} (Nu)`);
check(nuErrors.length === 0, `the Nu HTML Checker found ${nuErrors.length} errors`);
console.log(`Nu HTML Checker: ${files.length} pages checked, ${nuErrors.length} errors`);

const kinds = {
  home: "index.html",
  article: "articles/find-a-mentor.html",
  tip: "tips/ask-for-coffee.html",
  topic: "topics/mentoring.html",
  "topics index": "topics/index.html",
  path: "paths/getting-started.html",
  "paths index": "paths/index.html",
  folder: "articles/index.html",
  "folder, page 2": "articles/page/2.html",
  search: "search/index.html",
  "404": "404.html",
};

const browser = await launch();
try {
  // 2. axe on each kind of page of both sites, at two widths; no sideways scrolling.
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const runs = [
      ...Object.entries(kinds).map(([kind, path]) => ["ar", kind, join(arOut, path)]),
      ["fr", "article", join(frOut, "articles/trouver-un-mentor.html")],
      ["fr", "home", join(frOut, "index.html")],
      ["fr", "path", join(frOut, "paths/debuter.html")],
    ];
    for (const [lang, kind, file] of runs) {
      await page.goto("file://" + file);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
      });
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of bad) console.error(`${lang} ${kind} @${width}px: ${v.impact} ${v.id}: ${v.help}`);
      check(bad.length === 0, `axe: ${bad.length} serious or critical violations on the ${lang} ${kind} page at ${width}px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 0, `the ${lang} ${kind} page scrolls sideways by ${overflow}px at ${width}px`);
    }
    console.log(`axe: ${runs.length} pages @${width}px`);
    await context.close();
  }

  // 3. The French search box and reading progress speak French.
  const fr = await browser.newPage();
  const errors = [];
  fr.on("pageerror", (e) => errors.push(e.message));
  await fr.goto("file://" + join(frOut, "articles/trouver-un-mentor.html"));
  check((await fr.getAttribute("html", "lang")) === "fr", "the French page has lang=fr");
  check((await fr.getAttribute("#search-input", "placeholder")) === "Rechercher", "the box's placeholder is French");
  await fr.locator("#search-input").fill("mentor");
  await fr.waitForFunction(() => /« mentor »/.test(document.querySelector(".search-status")?.textContent || ""), null, { timeout: 5000 }).catch(() => {});
  const found = await fr.locator(".search-status").textContent();
  check(/^\d+ résultats? pour « mentor »$/.test(found), `the count is French (${found})`);
  const kindsShown = await fr.locator(".search-option-kind").allTextContents();
  check(kindsShown.length > 0 && kindsShown.every((k) => ["Article", "Conseil", "Page"].includes(k.trim())), `kinds are French (${kindsShown})`);
  await fr.locator("#search-input").fill("zzzqqq");
  await fr.waitForFunction(() => /zzzqqq/.test(document.querySelector(".search-status")?.textContent || ""), null, { timeout: 5000 }).catch(() => {});
  const none = await fr.locator(".search-status").textContent();
  check(none === "Aucun résultat pour « zzzqqq »", `no results, in French (${none})`);
  await fr.goto("file://" + join(frOut, "search/index.html") + "?q=salaire");
  await fr.waitForFunction(() => /salaire/.test(document.querySelector(".search-page-status")?.textContent || ""), null, { timeout: 5000 }).catch(() => {});
  const pageStatus = await fr.locator(".search-page-status").textContent();
  check(/^\d+ résultats? pour « salaire »$/.test(pageStatus), `the results page counts in French (${pageStatus})`);
  // The results page's filters and help speak French too.
  const frStatus = async (pattern) => {
    await fr.waitForFunction((p) => new RegExp(p).test(document.querySelector(".search-page-status")?.textContent || ""), pattern, { timeout: 5000 }).catch(() => {});
    return fr.locator(".search-page-status").textContent();
  };
  await fr.goto("file://" + join(frOut, "search/index.html") + "?q=mentor");
  await fr.locator(".search-filters").waitFor({ state: "visible", timeout: 5000 });
  const legends = (await fr.locator(".search-facet legend").allTextContents()).map((t) => t.trim());
  check(legends.join("|") === "Type|Thème (l’un des thèmes cochés)", `the filter groups are French (${legends})`);
  const kindNames = await fr.locator(".search-facet-kind .search-filter:visible .search-filter-name").allTextContents();
  check(kindNames.length > 1 && kindNames.every((k) => ["Articles", "Conseils", "Parcours", "Autres pages"].includes(k)), `the kinds to filter by are French (${kindNames})`);
  const unit = await fr.locator(".search-facet-kind .search-filter:visible .search-filter-count").first().textContent();
  check(/^(1 résultat|\d+ résultats)$/.test(unit), `a filter's count is read out in French (${unit})`);
  await fr.locator('input[data-facet="kind"][value="tip"]').check();
  const narrowed = await frStatus("conseils$");
  check(/^\d+ résultats? pour « mentor » : conseils$/.test(narrowed), `the narrowed count is French (${narrowed})`);
  check((await fr.locator(".search-filters-clear").textContent()) === "Effacer les filtres", "the clear button is French");
  // "bon" is a site word; "bonx", one letter off, finds nothing, so help is offered.
  await fr.goto("file://" + join(frOut, "search/index.html") + "?q=bonx");
  const typo = await frStatus("Vouliez-vous");
  check(typo === "Aucun résultat pour « bonx ». Vouliez-vous dire bon ?", `"did you mean" is French on the results page (${typo})`);
  const suggestion = await fr.locator(".search-help-suggest").textContent();
  check(/^Vouliez-vous dire bon \(1 résultat\) \?$/.test(suggestion), `the suggestion and its count are French (${suggestion})`);
  const topicsHelp = await fr.locator(".search-help-topics").textContent();
  check(/^(Le thème le plus proche est .+ ; vous pouvez aussi parcourir|Vous pouvez aussi parcourir) tous les thèmes\.$/.test(topicsHelp), `the topics help is French (${topicsHelp})`);
  // A longer word the site never uses finds the words that share its opening instead.
  await fr.locator("#search-page-input").fill("salairiés");
  const opening = await frStatus("salairiés");
  check(/^\d+ résultats? pour « salairiés »$/.test(opening), `a longer unknown word matches by its opening (${opening})`);
  // The box in the header offers the same help, briefly.
  await fr.goto("file://" + join(frOut, "articles/trouver-un-mentor.html"));
  await fr.locator("#search-input").fill("bonx");
  await fr.locator(".search-help-brief .search-help-query").waitFor({ timeout: 5000 }).catch(() => {});
  const brief = await fr.locator(".search-help-brief").textContent();
  check(brief.startsWith("Vouliez-vous dire bon ?") && brief.includes("parcourez tous les thèmes."), `the box's help is French (${brief})`);
  console.log(`French results page: "${narrowed}", "${typo}"`);
  await fr.goto("file://" + join(frOut, "paths/debuter.html"));
  await fr.locator("button.step-done").first().click();
  const progress = await fr.locator(".path-progress").textContent();
  check(progress === "1 étape lue sur 3", `reading progress is French (${progress})`);
  check(errors.length === 0, `no script errors: ${errors}`);
  console.log(`French: "${found}", "${none}", "${progress}"`);

  // 4. Arabic: right to left, mirrored; screenshots to look at.
  mkdirSync(shots, { recursive: true });
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto("file://" + join(arOut, "articles/find-a-mentor.html"));
    const box = (sel) => page.locator(sel).first().boundingBox();
    check((await page.evaluate(() => getComputedStyle(document.body).direction)) === "rtl", `the Arabic page runs right to left at ${width}px`);
    const brand = await box(".brand");
    check(brand.x + brand.width > width * 0.6, `the site's name sits on the right at ${width}px (${JSON.stringify(brand)})`);
    const crumb = await box(".breadcrumbs li");
    const lastCrumb = await page.locator(".breadcrumbs li").last().boundingBox();
    check(crumb.x > lastCrumb.x, `breadcrumbs run from the right at ${width}px`);
    const prev = await page.locator(".step-nav-top .step-nav-prev").boundingBox();
    const next = await page.locator(".step-nav-top .step-nav-next").boundingBox();
    check(prev && next && (width < 600 || prev.x > next.x), `the previous step is on the right at ${width}px`);
    if (width === 1280) {
      const article = await box("article.page");
      const sidebar = await box(".sidebar");
      check(sidebar.x < article.x, `the sidebar is on the left (${sidebar.x} < ${article.x})`);
      const toc = await box(".toc");
      const prose = await box(".prose");
      check(toc.x > prose.x, `the table of contents is on the right (${toc.x} > ${prose.x})`);
    }
    await page.screenshot({ path: join(shots, `article-${width}.png`), fullPage: true });
    await page.goto("file://" + join(arOut, "articles/index.html"));
    const pager = await page.locator(".pager li").first().boundingBox();
    const pagerLast = await page.locator(".pager li").last().boundingBox();
    check(pager.x > pagerLast.x, `the pager runs from the right at ${width}px`);
    await page.screenshot({ path: join(shots, `folder-${width}.png`), fullPage: true });
    await page.goto("file://" + join(arOut, "paths/getting-started.html"));
    await page.screenshot({ path: join(shots, `path-${width}.png`), fullPage: true });
    await page.goto("file://" + join(arOut, "index.html"));
    await page.locator("#search-input").fill("مرشد");
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(shots, `home-search-${width}.png`) });
    await page.close();
  }
  console.log(`Arabic: right to left and mirrored; screenshots in ${shots}`);
} finally {
  await browser.close();
}
