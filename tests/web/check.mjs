#!/usr/bin/env node
// The web checks of the published site, in one run: builds the demo village (content/) in
// zh-CN and in en, serves each on 127.0.0.1, and checks what a villager's phone gets:
//
//   axe        axe-core in headless Chromium on every page kind at 1280 and 390 px: no violation
//   width      at 390 px no page kind is wider than the window (nothing scrolls sideways), and
//              its main heading takes most of the width (not squeezed into a column)
//   keyboard   the first Tab reaches the skip link, visibly; Enter on it moves focus to the main
//   weight     a record page is under 30 KB transferred on first visit (gzip, no images); no web
//              font, no third-party request; style sheets under fingerprinted names
//   no-js      pages work with JavaScript off: only the search page has a script, and without
//              it shows the lists by status, group and category
//   search     the search script finds 养老金, 危桥, 道路, 违章 in the browser, title hits first
//   html       the Nu Html Checker (vnu.jar on Java): no error on any page, style sheets valid
//   links      linkinator crawls the site from the home page: no broken link or anchor
//   feed       the Atom feed parses in Python's feedparser without error; the sitemap is well
//              formed and lists every page, and only pages that exist
//
//   node tests/web/check.mjs [--strict] [--keep]
//
// A check whose tool is missing is SKIPPED, saying which tool; with --strict (or CI=true) a
// skip is a failure. Exit code 0 when every check run passed, 1 otherwise.
// Tools: chromium (Debian), java (Debian default-jre-headless), python3 with feedparser
// (Debian python3-feedparser or pip), and `npm ci` in tests/web (axe-core, vnu-jar, linkinator).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Browser } from './cdp.mjs';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const args = process.argv.slice(2);
const strict = args.includes('--strict') || process.env.CI === 'true';
const keep = args.includes('--keep');
const BASE = 'https://gongkai.test/village/';
const LIMIT_KB = 30;

// ---------------------------------------------------------------------------------------
// Reporting

const results = [];
function report(check, status, detail = '') {
  results.push({ check, status, detail });
  const head = status === 'skip' ? `SKIPPED: ${check} needs ${detail}` : `${status === 'pass' ? 'PASS' : 'FAIL'} ${check}${detail ? ': ' + detail : ''}`;
  console.log(head);
}
const failures = (list) => list.length ? list.slice(0, 40).join('\n    ') + (list.length > 40 ? `\n    … and ${list.length - 40} more` : '') : '';

// ---------------------------------------------------------------------------------------
// Tools

function which(names) {
  for (const n of names) {
    if (n.startsWith('/')) { if (existsSync(n)) return n; continue; }
    for (const d of (process.env.PATH || '').split(':')) {
      const p = join(d, n);
      if (d && existsSync(p)) return p;
    }
  }
  return null;
}
const nm = join(here, 'node_modules');
const tools = {
  chromium: which(['chromium', 'chromium-browser', 'google-chrome', '/usr/bin/chromium']),
  java: which(['java']),
  axe: existsSync(join(nm, 'axe-core', 'axe.min.js')) ? join(nm, 'axe-core', 'axe.min.js') : null,
  vnu: existsSync(join(nm, 'vnu-jar', 'build', 'dist', 'vnu.jar')) ? join(nm, 'vnu-jar', 'build', 'dist', 'vnu.jar') : null,
  linkinator: existsSync(join(nm, 'linkinator')) ? join(nm, 'linkinator') : null,
  python: null,
  feedparser: null,
};
for (const py of ['python3', '/usr/bin/python3']) {
  const p = which([py]);
  if (!p) continue;
  tools.python = tools.python || p;
  if (spawnSync(p, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0) { tools.feedparser = p; break; }
}
const NPM = 'the npm packages of tests/web (run `npm ci` there)';

// ---------------------------------------------------------------------------------------
// Build the demo village, in Chinese and in English

function gongkai() {
  if (process.env.GONGKAI_BIN) return process.env.GONGKAI_BIN;
  const r = spawnSync('cargo', ['build', '--quiet'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) { console.error('cargo build failed'); process.exit(1); }
  return join(process.env.CARGO_TARGET_DIR || join(repo, 'target'), 'debug', 'gongkai');
}
const bin = gongkai();
const work = mkdtempSync(join(tmpdir(), 'gongkai-web-'));
function build(root, out) {
  const r = spawnSync(bin, ['build', '--root', root, '--output', out, '--base-url', BASE], { encoding: 'utf8' });
  if (r.status !== 0) { console.error(r.stdout, r.stderr); throw new Error(`gongkai build failed in ${root}`); }
}
const sites = {};
sites.zh = join(work, 'zh');
build(repo, sites.zh);
{
  const root = join(work, 'en-site');
  cpSync(join(repo, 'content'), join(root, 'content'), { recursive: true });
  if (existsSync(join(repo, 'themes'))) cpSync(join(repo, 'themes'), join(root, 'themes'), { recursive: true });
  const yaml = join(root, 'content', 'site.yaml');
  const text = readFileSync(yaml, 'utf8');
  if (!/^language:/m.test(text)) throw new Error('content/site.yaml has no language line');
  writeFileSync(yaml, text.replace(/^language:.*$/m, 'language: en'));
  sites.en = join(work, 'en');
  build(root, sites.en);
}

function files(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p); else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** One page of each kind, the largest where there are many (it has the most to get wrong). */
function pageKinds(dir) {
  const all = files(dir).filter((f) => f.endsWith('.html'));
  const size = (f) => statSync(join(dir, f)).size;
  const pick = (re) => all.filter((f) => re.test(f)).sort((a, b) => size(b) - size(a) || (a < b ? -1 : 1))[0];
  const kinds = [
    ['home', /^index\.html$/],
    ['issues', /^issues\/index\.html$/],
    ['issues by status', /^issues\/status\/[^/]+\/index\.html$/],
    ['issues by group', /^issues\/group\/[^/]+\/index\.html$/],
    ['issues by category', /^issues\/category\/[^/]+\/index\.html$/],
    ['open issues', /^issues\/open\/index\.html$/],
    ['issue', /^issues\/(?!status\/|group\/|category\/|open\/|awaiting-feedback\/|resolved-this-quarter\/|page\/)[^/]+\/index\.html$/],
    ['meetings', /^meetings\/index\.html$/],
    ['meeting', /^meetings\/[^/]+\/index\.html$/],
    ['resolutions', /^resolutions\/index\.html$/],
    ['resolution', /^resolutions\/[^/]+\/index\.html$/],
    ['plans', /^plans\/index\.html$/],
    ['plan', /^plans\/[^/]+\/index\.html$/],
    ['visits', /^visits\/index\.html$/],
    ['stats', /^stats\/index\.html$/],
    ['search', /^search\/index\.html$/],
    ['page', /^(?!issues|meetings|resolutions|plans|visits|stats|search|print|data)[^/]+\/index\.html$/],
    ['not found', /^404\.html$/],
    ['print', /^print\/index\.html$/],
    ['print issue', /^print\/issues\/[^/]+\/index\.html$/],
    ['print resolution', /^print\/resolutions\/[^/]+\/index\.html$/],
    ['print plan', /^print\/plans\/[^/]+\/index\.html$/],
    ['print meeting', /^print\/meetings\/[^/]+\/index\.html$/],
  ];
  const out = [];
  for (const [name, re] of kinds) {
    const f = pick(re);
    if (f) out.push({ name, file: f, path: f.replace(/index\.html$/, '') });
    else out.push({ name, missing: true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Checks without a browser

function staticChecks(lang, dir) {
  const html = files(dir).filter((f) => f.endsWith('.html'));
  // no-js: only the search page runs a script; nothing else depends on one.
  const scripted = html.filter((f) => readFileSync(join(dir, f), 'utf8').includes('<script'));
  const problems = [];
  if (scripted.join() !== 'search/index.html') problems.push(`pages with a script: ${scripted.join(', ') || 'none'} (only search/index.html may have one)`);
  const search = readFileSync(join(dir, 'search/index.html'), 'utf8');
  for (const list of ['issues/status/', 'issues/group/', 'issues/category/']) {
    if (!search.includes(`href="../${list}`)) problems.push(`the search page has no link to ${list}`);
  }
  if (!/<form[^>]* hidden/.test(search)) problems.push('the search form shows without JavaScript, where it cannot work');
  report(`no-js (${lang})`, problems.length ? 'fail' : 'pass', problems.length ? failures(problems) : `${html.length} pages, one script (search)`);

  // weight: every record page with its style sheet, as a gzip server sends them.
  const css = html.map((f) => (readFileSync(join(dir, f), 'utf8').match(/<link rel="stylesheet" href="([^"]+)"/) || [])[1]);
  const heavy = [];
  const notFingerprinted = [];
  let largest = { f: '', kb: 0 };
  html.forEach((f, i) => {
    const sheet = css[i];
    if (!sheet) { heavy.push(`${f}: no style sheet`); return; }
    const sheetPath = resolve(dirname(join(dir, f)), sheet);
    if (!/\.[0-9a-f]{10}\.css$/.test(sheet)) notFingerprinted.push(`${f}: ${sheet}`);
    if (!/^(issues|resolutions|plans|meetings)\/(?!status\/|group\/|category\/|open\/|awaiting-feedback\/|resolved-this-quarter\/|page\/)[^/]+\/index\.html$/.test(f)) return;
    const kb = (gzipSync(readFileSync(join(dir, f))).length + gzipSync(readFileSync(sheetPath)).length) / 1024;
    if (kb > largest.kb) largest = { f, kb };
    if (kb >= LIMIT_KB) heavy.push(`${f}: ${kb.toFixed(1)} KB`);
  });
  const fonts = files(dir).filter((f) => f.endsWith('.css') && /@font-face|@import|url\(\s*['"]?https?:/.test(readFileSync(join(dir, f), 'utf8')));
  const offsite = html.filter((f) => /<(?:link|script|img|iframe|source|video|audio)\b[^>]*\s(?:src|href)="(?:https?:)?\/\//.test(readFileSync(join(dir, f), 'utf8')));
  const bad = [...heavy, ...notFingerprinted.map((x) => `not fingerprinted: ${x}`), ...fonts.map((f) => `web font or remote import in ${f}`), ...offsite.map((f) => `third-party resource in ${f}`)];
  report(`weight (${lang}, every record page + its CSS, gzip)`, bad.length ? 'fail' : 'pass', bad.length ? failures(bad) : `largest ${largest.f} ${largest.kb.toFixed(1)} KB < ${LIMIT_KB} KB`);
}

// Properties of current CSS that the Nu checker's CSS validator does not know yet (each is
// in a W3C specification and in every current browser): not errors.
const KNOWN_CSS = [
  'paint-order', // CSS Fill and Stroke Level 3, SVG 2: the halo of chart labels
];

function vnuCheck(lang, dir) {
  if (!tools.java) return report(`html (${lang})`, 'skip', 'java (Debian default-jre-headless)');
  if (!tools.vnu) return report(`html (${lang})`, 'skip', NPM);
  const html = files(dir).filter((f) => f.endsWith('.html')).map((f) => join(dir, f));
  const css = files(dir).filter((f) => f.endsWith('.css')).map((f) => join(dir, f));
  const problems = [];
  for (const [what, list, extra] of [['html', html, []], ['css', css, ['--css']]]) {
    const r = spawnSync(tools.java, ['-jar', tools.vnu, '--errors-only', '--format', 'json', ...extra, ...list], { encoding: 'utf8', maxBuffer: 64 << 20 });
    let msgs = [];
    try { msgs = JSON.parse(r.stderr || r.stdout || '{"messages":[]}').messages; } catch { problems.push(`vnu said: ${(r.stderr || '').slice(0, 500)}`); }
    for (const m of msgs) {
      if (what === 'css' && KNOWN_CSS.some((k) => (m.message || '').includes(`“${k}”: Property “${k}” doesn't exist`))) continue;
      problems.push(`${relative(dir, decodeURIComponent((m.url || '').replace('file:', '')))}:${m.lastLine || ''}: ${m.message}${m.extract ? ` [${m.extract.trim().slice(0, 80)}]` : ''}`);
    }
    if (r.status !== 0 && !msgs.length && what === 'html') problems.push(`vnu exited ${r.status}: ${(r.stderr || '').slice(0, 300)}`);
  }
  report(`html (${lang}, Nu Html Checker)`, problems.length ? 'fail' : 'pass', problems.length ? failures(problems) : `${html.length} pages and ${css.length} style sheets, no error`);
}

function feedCheck(lang, dir) {
  if (!tools.python) return report(`feed (${lang})`, 'skip', 'python3');
  const script = join(here, 'feeds.py');
  if (!tools.feedparser) report(`feed (${lang})`, 'skip', 'python3 with feedparser (Debian python3-feedparser, or pip install feedparser)');
  const r = spawnSync(tools.feedparser || tools.python, [script, dir, BASE, tools.feedparser ? 'feed' : 'no-feed'], { encoding: 'utf8' });
  const out = (r.stdout + r.stderr).trim();
  report(`${tools.feedparser ? 'feed and sitemap' : 'sitemap'} (${lang})`, r.status === 0 ? 'pass' : 'fail', out);
}

async function linkCheck(lang, url) {
  if (!tools.linkinator) return report(`links (${lang})`, 'skip', NPM);
  const { LinkChecker } = await import(join(tools.linkinator, 'build', 'src', 'index.js'));
  const checker = new LinkChecker();
  const r = await checker.check({
    // The home page leads to every page; the 404 page, linked from nowhere, is crawled too.
    path: [url, url + '404.html'], recurse: true, concurrency: 8, timeout: 20000, checkFragments: true,
    linksToSkip: async (link) => !link.startsWith(url),
  });
  const broken = r.links.filter((l) => l.state === 'BROKEN').map((l) => `${l.url} (${l.status}) on ${l.parent}`);
  report(`links (${lang}, linkinator)`, broken.length ? 'fail' : 'pass', broken.length ? failures(broken) : `${r.links.length} links, none broken`);
}

// ---------------------------------------------------------------------------------------
// Checks in the browser

async function browserChecks(lang, url, dir, browser) {
  const axeSource = tools.axe ? readFileSync(tools.axe, 'utf8') : null;
  const kinds = pageKinds(dir);
  const missing = kinds.filter((k) => k.missing).map((k) => k.name);
  const axeProblems = missing.map((m) => `no page of kind "${m}" in the demo site`);
  const keyProblems = [];
  const netProblems = [];
  const wideProblems = [];
  let runs = 0;
  const targets = kinds.filter((k) => !k.missing).map((k) => ({ ...k }));
  targets.push({ name: 'search results', path: 'search/?q=' + encodeURIComponent(lang === 'zh' ? '养老金' : '养老金'), file: 'search/index.html', results: true });
  for (const width of [1280, 390]) {
    for (const k of targets) {
      const page = await browser.newPage();
      const requests = new Map();
      const off = page.on((m) => {
        if (m.method === 'Network.requestWillBeSent') requests.set(m.params.requestId, { url: m.params.request.url, type: m.params.type });
        if (m.method === 'Network.responseReceived' && requests.has(m.params.requestId)) requests.get(m.params.requestId).type = m.params.type;
      });
      try {
        await page.send('Network.enable');
        await page.viewport(width, width < 600 ? 844 : 900);
        await page.goto(url + k.path);
        if (k.results) {
          await page.evaluate(`new Promise((ok, no) => { let n = 0; const t = setInterval(() => { if (document.querySelector('.search-hits li')) { clearInterval(t); ok(); } else if (++n > 100) { clearInterval(t); no(new Error('no search results shown')); } }, 50); })`);
        }
        if (width === 390) {
          const [wide, window, h1] = await page.evaluate(`[document.documentElement.scrollWidth, innerWidth, Math.max(0, ...[...document.querySelectorAll('h1')].map((h) => h.getBoundingClientRect().width).filter((w) => w > 2))]`);
          if (wide > window + 1) wideProblems.push(`/${k.path}: ${wide} px wide in a ${window} px window`);
          if (h1 > 0 && h1 < window * 0.7) wideProblems.push(`/${k.path}: the heading is ${Math.round(h1)} px wide in a ${window} px window`);
        }
        for (const r of requests.values()) {
          if (!r.url.startsWith(url) && !r.url.startsWith('data:')) netProblems.push(`${k.path} at ${width}: request to ${r.url}`);
          if (r.type === 'Font') netProblems.push(`${k.path} at ${width}: a web font ${r.url}`);
        }
        if (axeSource) {
          await page.evaluate(axeSource + ';0');
          const v = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160)) })))`);
          runs++;
          for (const x of v) axeProblems.push(`/${k.path} at ${width}px: ${x.id} (${x.impact}) ${x.help}\n      ${x.nodes.join('\n      ')}`);
        }
        // Keyboard: the first Tab lands on a visible, visibly focused element; on the site's
        // pages it is the skip link, and Enter on it moves focus into the main content.
        if (width === 390 || !k.file.startsWith('print/')) {
          await page.evaluate('window.scrollTo(0, 0); document.activeElement && document.activeElement.blur && document.activeElement.blur(); 0');
          await page.key('Tab', 'Tab', 9);
          const f = await page.evaluate(`(() => { const e = document.activeElement; if (!e || e === document.body) return null; const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return { tag: e.tagName, cls: e.className, href: e.getAttribute('href'), visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 }; })()`);
          const where = `/${k.path} at ${width}px`;
          if (!f) keyProblems.push(`${where}: Tab focuses nothing`);
          else {
            if (!f.visible) keyProblems.push(`${where}: the first focused element (${f.tag}.${f.cls}) is not on screen`);
            if (!f.outline) keyProblems.push(`${where}: the first focused element (${f.tag}.${f.cls}) has no visible outline`);
            if (!k.file.startsWith('print/')) {
              if (f.href !== '#main') keyProblems.push(`${where}: the first Tab does not reach the skip link (got ${f.tag} ${f.href})`);
              else {
                await page.key('Enter', 'Enter', 13);
                const id = await page.evaluate('document.activeElement && document.activeElement.id');
                if (id !== 'main') keyProblems.push(`${where}: the skip link does not move focus to the main content (got #${id})`);
              }
            }
          }
        }
      } catch (e) {
        axeProblems.push(`/${k.path} at ${width}px: ${e.message}`);
      } finally {
        off();
        await page.close();
      }
    }
  }
  if (axeSource) report(`axe (${lang}, ${runs} runs: ${targets.length} page kinds at 1280 and 390 px)`, axeProblems.length ? 'fail' : 'pass', axeProblems.length ? failures(axeProblems) : 'no violation');
  else report(`axe (${lang})`, 'skip', NPM);
  report(`keyboard (${lang})`, keyProblems.length ? 'fail' : 'pass', keyProblems.length ? failures(keyProblems) : 'skip link first, visible focus, focus moves to the main content');
  if (netProblems.length) report(`requests (${lang})`, 'fail', failures(netProblems));
  report(`width (${lang}, ${targets.length} page kinds at 390 px)`, wideProblems.length ? 'fail' : 'pass', wideProblems.length ? failures(wideProblems) : 'nothing scrolls sideways, headings not squeezed');

  // Transferred on a first visit (cache off) to the largest record page of each kind.
  const sizes = [];
  for (const k of kinds.filter((x) => ['issue', 'resolution', 'plan', 'meeting'].includes(x.name) && !x.missing)) {
    const page = await browser.newPage();
    let total = 0;
    const done = new Map();
    const off = page.on((m) => {
      if (m.method === 'Network.responseReceived') done.set(m.params.requestId, m.params.type);
      if (m.method === 'Network.loadingFinished' && done.get(m.params.requestId) !== 'Image') total += m.params.encodedDataLength;
    });
    await page.send('Network.enable');
    await page.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.viewport(390, 844);
    await page.goto(url + k.path);
    await new Promise((r) => setTimeout(r, 300));
    off();
    await page.close();
    sizes.push({ path: k.path, kb: total / 1024 });
  }
  const over = sizes.filter((s) => s.kb >= LIMIT_KB);
  report(`weight (${lang}, first visit in Chromium, no images)`, over.length ? 'fail' : 'pass', sizes.map((s) => `/${s.path} ${s.kb.toFixed(1)} KB`).join(', '));

  // Search with JavaScript: the demo's words are found, title hits first.
  if (lang === 'zh') {
    const page = await browser.newPage();
    const problems = [];
    try {
      await page.goto(url + 'search/');
      for (const [q, first] of [['养老金', 'issues/'], ['危桥', null], ['道路', null], ['违章', 'issues/']]) {
        const hits = await page.evaluate(`(async () => { const i = document.querySelector('#q'); i.value = ${JSON.stringify(q)}; document.querySelector('#search-form').requestSubmit(); for (let n = 0; n < 100; n++) { await new Promise(r => setTimeout(r, 50)); const s = document.querySelector('#search-status').textContent; if (s && !s.includes('…')) break; } return Array.from(document.querySelectorAll('.search-hits a')).map(a => [a.getAttribute('href'), a.textContent]); })()`);
        if (!hits.length) problems.push(`${q}: nothing found`);
        else if (first && !hits[0][0].includes(first)) problems.push(`${q}: first hit ${hits[0][0]}`);
        // Title hits first: once a title without the word is listed, no title with it follows.
        const inTitle = hits.map((h) => h[1].includes(q));
        if (inTitle.some((x, i) => x && inTitle.slice(0, i).includes(false))) problems.push(`${q}: a title hit is ranked below another hit: ${hits.map((h) => h[1]).join(' | ')}`);
      }
    } catch (e) {
      problems.push(e.message);
    }
    await page.close();
    report('search (zh, in the browser)', problems.length ? 'fail' : 'pass', problems.length ? failures(problems) : '养老金, 危桥, 道路, 违章 found, title hits first');
  }

  // JavaScript off: the search page still leads to every list.
  {
    const page = await browser.newPage();
    await page.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.viewport(390, 844);
    await page.goto(url + 'search/');
    const { root } = await page.send('DOM.getDocument', { depth: 0 });
    const links = await page.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'main a[href*="issues/status/"], main a[href*="issues/group/"], main a[href*="issues/category/"]' });
    const form = await page.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#search-form' });
    const attrs = form.nodeId ? (await page.send('DOM.getAttributes', { nodeId: form.nodeId })).attributes : [];
    await page.close();
    const ok = links.nodeIds.length > 0 && attrs.includes('hidden');
    report(`no-js (${lang}, in the browser)`, ok ? 'pass' : 'fail', `${links.nodeIds.length} list links on the search page with scripts off; the form ${attrs.includes('hidden') ? 'stays hidden' : 'shows'}`);
  }
}

// ---------------------------------------------------------------------------------------

let browser = null;
try {
  if (tools.chromium) browser = await Browser.launch(tools.chromium);
} catch (e) {
  report('browser', 'fail', e.message);
}
for (const lang of ['zh', 'en']) {
  const dir = sites[lang];
  const server = await serve(dir, undefined, new URL(BASE).pathname);
  try {
    staticChecks(lang, dir);
    if (browser) await browserChecks(lang, server.url, dir, browser);
    else report(`axe, keyboard, weight, search (${lang})`, 'skip', 'chromium (Debian package chromium)');
    vnuCheck(lang, dir);
    await linkCheck(lang, server.url);
    feedCheck(lang, dir);
  } finally {
    server.close();
  }
}
if (browser) await browser.close();
if (keep) console.log(`built sites kept in ${work}`);
else rmSync(work, { recursive: true, force: true });

const failed = results.filter((r) => r.status === 'fail');
const skipped = results.filter((r) => r.status === 'skip');
console.log(`\nweb checks: ${results.filter((r) => r.status === 'pass').length} passed, ${failed.length} failed, ${skipped.length} skipped${strict && skipped.length ? ' (--strict: a skip is a failure)' : ''}`);
process.exit(failed.length || (strict && skipped.length) ? 1 : 0);
