// Search in several languages: a small site per language (English, French, German,
// Spanish, and Catalan, which has no stemmer), each built and searched over file:// in
// the browser, and its ranking compared with the Rust ranking (examples/search_query.rs)
// for words, inflected and accented forms, elisions, prefixes, typos, phrases and
// left-out words. Each language also checks a few results by hand.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { buildSite, launch, check, fail, repoRoot } from "./lib/browser.mjs";

const started = Date.now();

/** A site: its language, topic, pages ([path, title, body]), and queries with what the top result must be (or null for no result). */
const SITES = {
  en: {
    topic: "Career",
    pages: [
      ["articles/managing-up.md", "Managing up without flattery", "## Know what they need\n\nManaging up means learning what your manager is measured on. Ask for a standing one-to-one and bring notes.\n\n## Salary talks\n\nNever open a salary conversation by comparing yourself with a colleague; bring the results you delivered."],
      ["tips/notes.md", "Bring notes to every one-to-one", "Write down what you finished, what is stuck and what you need. Your manager will read them before you meet."],
      ["tips/raise.md", "Ask for a raise in writing", "A short written case about your salary gives your manager something to forward. Mention the market rate."],
      ["tips/up.md", "Speak up early", "When a project slips, say so early and up the chain; late bad news costs more than early bad news."],
    ],
    queries: [
      ["managing", "articles/managing-up.html"],
      ["manager", null],
      ["\"managing up\"", "articles/managing-up.html"],
      ["\"up managing\"", []],
      ["salary -raise", "articles/managing-up.html#salary-talks"],
      ["manager -salary", null],
      ["notes one-to-one", "tips/notes.html"],
      ["\"bad news\" early", "tips/up.html"],
      ["man", null],
      ["salery", null],
      // Forms of a word the site uses: one edit away, and sharing its start.
      ["projects", "tips/up.html"],
      ["delivering", "articles/managing-up.html#salary-talks"],
      ["the", null],
    ],
  },
  fr: {
    topic: "Carrière",
    pages: [
      ["articles/entretien.md", "Préparer l'entretien d'embauche", "## Les questions\n\nAvant l'entretien, relisez l'offre et préparez trois exemples concrets de réussites. Qu'il s'agisse d'un poste de direction ou d'un premier emploi, l'employeur évalue votre clarté.\n\n## Le salaire\n\nN'annoncez pas de salaire avant d'avoir compris le poste."],
      ["tips/negocier.md", "Négocier son salaire", "Renseignez-vous sur les salaires pratiqués et négociez après l'offre écrite, jamais avant."],
      ["tips/retour.md", "Demander un retour après un refus", "Un refus n'est pas la fin : demandez à l'employeur ce qui a manqué lors des entretiens."],
      ["tips/evaluation.md", "Réussir l'évaluation annuelle", "Notez vos réussites au fil de l'année ; l'évaluation devient un bilan, pas une surprise."],
    ],
    queries: [
      ["entretiens", "articles/entretien.html"],
      ["l'entretien", "articles/entretien.html"],
      ["l’Entretien", "articles/entretien.html"],
      ["\"l'entretien d'embauche\"", "articles/entretien.html"],
      ["\"embauche entretien\"", []],
      ["salaire", null],
      ["salaires -négocier", "articles/entretien.html#le-salaire"],
      ["reussite", null],
      ["évalue", "tips/evaluation.html"],
      // Not on the site, and two edits from any word that is, but sharing its start
      // with "évaluation".
      ["évaluées", "tips/evaluation.html"],
      ["evaluation", "tips/evaluation.html"],
      ["employ", null],
      ["négotier", null],
      ["clartés", "articles/entretien.html"],
      ["\"après un refus\"", "tips/retour.html"],
      ["qu'il", null],
    ],
  },
  de: {
    topic: "Beruf",
    pages: [
      ["articles/gehalt.md", "Das Gehaltsgespräch vorbereiten", "## Zahlen sammeln\n\nSammeln Sie Zahlen über Ihre Erfolge und über übliche Gehälter. Ein gutes Gespräch beginnt mit Fakten.\n\n## Der Termin\n\nBitten Sie schriftlich um einen Termin für das Gespräch."],
      ["tips/feedback.md", "Nach dem Gespräch um Rückmeldung bitten", "Fragen Sie Ihre Vorgesetzte nach einer ehrlichen Rückmeldung über Ihre Arbeit."],
      ["tips/grenzen.md", "Grenzen setzen ohne Streit", "Sagen Sie früh, wenn Aufgaben über Ihre Zeit hinausgehen, und schlagen Sie Prioritäten vor."],
    ],
    queries: [
      ["Gespräche", null],
      ["gesprach", null],
      ["gehälter", "articles/gehalt.html"],
      ["\"um Rückmeldung bitten\"", "tips/feedback.html"],
      ["\"bitten um\"", []],
      ["Gespräch -Rückmeldung", null],
      ["Grenz", "tips/grenzen.html"],
      ["Rückmeldnug", "tips/feedback.html"],
      ["Termine", "articles/gehalt.html#der-termin"],
      ["über", null],
    ],
  },
  es: {
    topic: "Carrera",
    pages: [
      ["articles/negociacion.md", "La negociación del salario", "## Antes de hablar\n\nInvestigue los salarios del sector y prepare sus logros. Una negociación empieza con datos.\n\n## La oferta\n\nNo acepte la primera oferta sin pedir un día para pensarlo."],
      ["tips/mentor.md", "Buscar un mentor fuera del equipo", "Un mentor de otro departamento ve su trabajo con ojos nuevos y le ayuda a negociar."],
      ["tips/reuniones.md", "Reuniones más cortas", "Proponga reuniones de veinte minutos con una agenda escrita; las decisiones se anotan al final."],
    ],
    queries: [
      ["negociación", "articles/negociacion.html"],
      ["negociaciones", "articles/negociacion.html"],
      ["salarios", "articles/negociacion.html"],
      ["reunión", "tips/reuniones.html"],
      ["\"primera oferta\"", "articles/negociacion.html"],
      ["\"oferta primera\"", []],
      ["negociar -mentor", "articles/negociacion.html"],
      ["ment", "tips/mentor.html"],
      ["agendas", "tips/reuniones.html"],
      ["negosiación", null],
      ["más", null],
    ],
  },
  ca: {
    topic: "Feina",
    pages: [
      ["articles/entrevista.md", "Preparar l'entrevista de feina", "## Abans\n\nLlegiu l'oferta i prepareu exemples d'èxits concrets. L'entrevistadora valorarà la claredat.\n\n## Després\n\nEnvieu un missatge d'agraïment l'endemà."],
      ["tips/sou.md", "Negociar el sou", "Informeu-vos dels sous del sector i negocieu després de l'oferta escrita."],
      ["tips/mentora.md", "Trobar una mentora", "Una mentora d'un altre equip us ajuda a veure la feina amb ulls nous."],
    ],
    queries: [
      ["entrevista", null],
      ["l'entrevista", "articles/entrevista.html"],
      ["exits", "articles/entrevista.html"],
      ["\"l'oferta escrita\"", "tips/sou.html"],
      ["\"escrita oferta\"", []],
      ["oferta -sou", "articles/entrevista.html"],
      ["sous", "tips/sou.html"],
      ["mentor", null],
      ["agraiment", "articles/entrevista.html#després"],
    ],
  },
};

/** Writes the site of `lang` into a temp folder and returns its root. */
function writeSite(lang, site) {
  const root = mkdtempSync(join(tmpdir(), `ladder-lang-${lang}-`));
  process.on("exit", () => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "content/articles"), { recursive: true });
  mkdirSync(join(root, "content/tips"), { recursive: true });
  writeFileSync(
    join(root, "site.toml"),
    `title = "${site.topic}"\nlanguage = "${lang}"\n\n[[topics]]\nslug = "work"\ntitle = "${site.topic}"\n`,
  );
  for (const [path, title, body] of site.pages) {
    writeFileSync(join(root, "content", path), `---\ntitle: "${title}"\ntopics: [work]\n---\n\n${body}\n`);
  }
  return root;
}

/** Rust's ranking of `queries` on the site built in `out`. */
function rustRanking(out, queries) {
  const json = execFileSync("cargo", ["run", "--quiet", "--example", "search_query", "--", out, ...queries], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(json);
}

const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  for (const [lang, site] of Object.entries(SITES)) {
    const out = buildSite(writeSite(lang, site));
    // Each query's first words again, filtered by kind and by the site's one topic.
    const filtered = site.queries.slice(0, 3).flatMap((q) => [`${q[0]}|kind=tip`, `${q[0]}|kind=article&topic=work`]);
    const queries = [...site.queries.map((q) => q[0]), ...filtered];
    const rust = rustRanking(out, queries);
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    let compared = 0;
    for (const [q, expected] of site.queries) {
      const js = (await page.evaluate((text) => window.ladderSearchQuery(text), q)).map((h) => ({
        matched: h.matched,
        score: h.score,
        url: h.url,
      }));
      const a = JSON.stringify(rust[q]);
      const b = JSON.stringify(js);
      check(a === b, `${lang}: ranking of ${q} differs:\n  rust ${a.slice(0, 300)}\n  js   ${b.slice(0, 300)}`);
      if (Array.isArray(expected)) {
        check(js.length === 0, `${lang}: ${q} finds nothing (${b.slice(0, 200)})`);
      } else if (expected) {
        check(js.length > 0 && js[0].url === expected, `${lang}: ${q} finds ${expected} first (${b.slice(0, 200)})`);
      } else if (q !== "the" && q !== "über" && q !== "más" && q !== "qu'il") {
        check(js.length > 0, `${lang}: ${q} finds something`);
      }
      compared++;
    }
    for (const q of filtered) {
      const [text, spec] = q.split("|");
      const params = new URLSearchParams(spec);
      const filter = { kinds: params.getAll("kind"), topics: params.getAll("topic") };
      const r = await page.evaluate(([t, f]) => window.ladderSearchFiltered(t, f), [text, filter]);
      const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const js = { hits: r.hits.map((h) => ({ matched: h.matched, score: h.score, url: h.url })), kinds: sorted(r.kinds), topics: sorted(r.topics) };
      const a = JSON.stringify(rust[q]);
      const b = JSON.stringify(js);
      check(a === b, `${lang}: filtered ${q} differs:\n  rust ${a.slice(0, 300)}\n  js   ${b.slice(0, 300)}`);
      compared++;
    }
    console.log(`${lang}: ${compared} queries ranked alike`);
  }
  check(errors.length === 0, `no script errors (${errors})`);
} catch (e) {
  fail(e.stack || String(e));
} finally {
  await browser.close();
}
console.log(`languages: ${process.exitCode ? "FAILED" : "ok"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
