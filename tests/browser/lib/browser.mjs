// Shared set-up for the browser tests: the ladder binary, temp sites and headless Chromium.
import { chromium } from "playwright-core";
import http from "node:http";
import { readFile } from "node:fs/promises";
import { HtmlValidate, StaticConfigLoader } from "html-validate";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { extname, join, normalize, resolve } from "node:path";

export const repoRoot = resolve(new URL("../../..", import.meta.url).pathname);
export const ladderBin = process.env.LADDER_BIN || join(repoRoot, "target/debug/ladder");

/** Temp folders made by `buildSite`, removed when the script exits. */
const tempFolders = [];
process.on("exit", () => {
  for (const folder of tempFolders) rmSync(folder, { recursive: true, force: true });
});

/** Builds the site at `root` into a fresh temp folder and returns that folder. */
export function buildSite(root, extraArgs = []) {
  const folder = mkdtempSync(join(tmpdir(), "ladder-browser-"));
  tempFolders.push(folder);
  const out = join(folder, "public");
  execFileSync(ladderBin, ["build", "--root", root, "--out", out, ...extraArgs], { stdio: "pipe" });
  return out;
}

/** A copy of the site at `root` (its settings, content, static files and templates) in a
 * temp folder, with `files` ({relative path: text}) written over it; returns the copy. */
export function copySite(root, files = {}) {
  const folder = mkdtempSync(join(tmpdir(), "ladder-site-"));
  tempFolders.push(folder);
  for (const name of ["site.toml", "content", "static", "templates", "themes"]) {
    if (existsSync(join(root, name))) cpSync(join(root, name), join(folder, name), { recursive: true });
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(folder, path, ".."), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

/** The first Markdown file names in `content/<folder>` of the site at `root`, sorted. */
export function sourcesIn(root, folder, count) {
  const dir = join(root, "content", folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.endsWith(".md") && !n.startsWith("_") && n !== "index.md").sort().slice(0, count);
}

/** Launches Debian's headless Chromium with the flags this sandbox needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Fails the script with a message. */
export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
}

/** Asserts a condition, failing the script with `message` when it does not hold. */
export function check(condition, message) {
  if (!condition) fail(message);
  return condition;
}

/**
 * An html-validate instance with the repository's `.htmlvalidate.json`. Built sites live
 * in temporary folders, where html-validate would find no configuration file and, with
 * none, check nothing.
 */
export function htmlValidator() {
  const config = JSON.parse(readFileSync(join(repoRoot, ".htmlvalidate.json"), "utf8"));
  return new HtmlValidate(new StaticConfigLoader(config));
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };

/**
 * A static server for `dir` under `prefix` (a folder's address serves its index.html),
 * on a free port of 127.0.0.1. Resolves with the listening server.
 */
export function serveStatic(dir, prefix = "/site/") {
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix)) return res.writeHead(404).end();
    let rel = normalize(path.slice(prefix.length) || "index.html");
    if (rel.startsWith("..")) return res.writeHead(403).end();
    if (rel.endsWith("/")) rel += "index.html";
    try {
      const body = await readFile(join(dir, rel));
      res.writeHead(200, { "content-type": TYPES[extname(rel)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core on the whole page; every violation is printed and fails. */
export async function axeClean(page, label) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // axe's preload fetches the stylesheets itself, which file:// refuses with a console
    // error of axe's own making.
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"], preload: false });
    return r.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  for (const v of violations) console.error(`${label}: ${v}`);
  check(violations.length === 0, `${label}: axe found ${violations.length} violations`);
}
