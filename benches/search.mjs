// Search benchmark on a built site (run by benches/search.sh, which generates and builds it):
// gongkai's index (src/search.rs, searched by themes/default/static/search.js) against Pagefind
// on the same output.
//
//   node benches/search.mjs OUT_DIR QUERY...
//
// Prints: index sizes; per query the files fetched and their size; the median query time in
// node (the same script as the browser's, reading the index from disk, cold each run) and in
// headless Chromium for both engines (page reloaded each run: cold, over 127.0.0.1); recall and
// false hits against the truth: the record pages whose main text holds the query as written.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const web = join(repo, 'tests', 'web');
const { Browser } = await import(join(web, 'cdp.mjs'));
const { serve } = await import(join(web, 'serve.mjs'));
// Run as the browser's classic script it is (see tests/web/search-cli.cjs).
const mod = { exports: {} };
new Function('module', 'exports', readFileSync(join(repo, 'themes', 'default', 'static', 'search.js'), 'utf8'))(mod, mod.exports);
const api = mod.exports;
const [out, ...queries] = process.argv.slice(2);
const RUNS = Number(process.env.RUNS || 21);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n) => `${(n / 1048576).toFixed(2)} MB`;
function walk(dir) {
  const outList = [];
  const go = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) go(p); else outList.push(p); } };
  go(dir);
  return outList;
}
function dirSize(dir) {
  const fs = walk(dir);
  return { files: fs.length, bytes: fs.reduce((a, f) => a + statSync(f).size, 0), gzip: fs.reduce((a, f) => a + gzipSync(readFileSync(f)).length, 0) };
}
const RECORD = /^(issues|resolutions|plans|meetings)\/(?!status\/|group\/|category\/|open\/|awaiting-feedback\/|resolved-this-quarter\/|page\/)[^/]+\/$/;

// ---- Truth: record pages whose <main> text holds the query as written.
const pages = walk(out).map((f) => relative(out, f).split(sep).join('/')).filter((f) => f.endsWith('/index.html')).map((f) => f.slice(0, -'index.html'.length)).filter((u) => RECORD.test(u));
const text = new Map();
for (const u of pages) {
  const html = readFileSync(join(out, u, 'index.html'), 'utf8');
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  text.set(u, main.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
}
const truth = new Map(queries.map((q) => [q, new Set(pages.filter((u) => text.get(u).toLowerCase().includes(q.toLowerCase())))]));

// ---- gongkai in node: sizes, fetched files, time.
const ours = dirSize(join(out, 'search'));
const meta = JSON.parse(readFileSync(join(out, 'search', 'meta.json'), 'utf8'));
const shardSizes = walk(join(out, 'search', 's')).map((f) => statSync(f).size);
const load = (p) => { try { return readFileSync(join(out, 'search', p), 'utf8'); } catch { return null; } };
const rows = [];
for (const q of queries) {
  const times = [];
  let found;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    found = await api.search(q, 10, load);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const all = await api.search(q, 1e9, load);
  const got = new Set(all.hits.map((h) => h.url));
  const t = truth.get(q);
  const fetched = found.fetched.reduce((a, [, n]) => a + n, 0);
  const fetchedGz = found.fetched.reduce((a, [p]) => a + gzipSync(readFileSync(join(out, 'search', p))).length, 0);
  rows.push({
    q, truth: t.size, hits: got.size,
    recall: t.size ? [...t].filter((u) => got.has(u)).length / t.size : 1,
    wrong: [...got].filter((u) => !t.has(u)).length,
    titleFirst: (() => { const inTitle = all.hits.map((h) => h.title.includes(q)); return !inTitle.some((x, i) => x && inTitle.slice(0, i).includes(false)); })(),
    files: found.fetched.map(([p]) => p).join(' '), fetched, fetchedGz, node: median(times),
  });
}

// ---- Pagefind on the same output: record pages (and the few issue lists under issues/*/).
const pagefindBin = join(web, 'node_modules', '.bin', 'pagefind');
let pf = null;
if (existsSync(pagefindBin)) {
  const t0 = Date.now();
  const r = spawnSync(pagefindBin, ['--site', out, '--glob', '{issues,resolutions,plans,meetings}/*/index.html', '--output-subdir', 'pagefind'], { encoding: 'utf8' });
  if (r.status !== 0) { console.error(r.stdout, r.stderr); process.exit(1); }
  pf = { seconds: (Date.now() - t0) / 1000, size: dirSize(join(out, 'pagefind')), version: JSON.parse(readFileSync(join(web, 'node_modules', 'pagefind', 'package.json'), 'utf8')).version, log: r.stdout };
}

// ---- Both in Chromium: cold queries over 127.0.0.1, bytes transferred, recall of Pagefind.
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const browserRows = new Map();
if (chromium) {
  // Bytes as the server sends them (gzip), pagefind's workers and all.
  let bytes = 0;
  const server = await serve(out, (_, n) => { bytes += n; });
  const browser = await Browser.launch(chromium);
  const page = await browser.newPage();
  await page.send('Network.enable');
  await page.send('Network.setCacheDisabled', { cacheDisabled: true });
  for (const q of queries) {
    const r = { oursMs: [], pfMs: [], oursBytes: 0, pfInitBytes: 0, pfBytes: 0, pfHits: null };
    for (let i = 0; i < Math.min(RUNS, 11); i++) {
      await page.goto(server.url + 'search/');
      bytes = 0;
      r.oursMs.push(await page.evaluate(`(async () => { const t0 = performance.now(); await gongkaiSearch.search(${JSON.stringify(q)}, 10, p => fetch('${server.url}search/' + p).then(r => r.text())); return performance.now() - t0; })()`));
      await new Promise((res) => setTimeout(res, 50));
      r.oursBytes = bytes;
      if (pf) {
        await page.goto(server.url + 'search/');
        bytes = 0;
        await page.evaluate(`(async () => { window.pf = await import('${server.url}pagefind/pagefind.js'); await pf.init(); return 0; })()`);
        await new Promise((res) => setTimeout(res, 50));
        r.pfInitBytes = bytes;
        bytes = 0;
        r.pfMs.push(await page.evaluate(`(async () => { const t0 = performance.now(); const s = await pf.search(${JSON.stringify(q)}); await Promise.all(s.results.slice(0, 10).map(x => x.data())); return performance.now() - t0; })()`));
        await new Promise((res) => setTimeout(res, 50));
        r.pfBytes = bytes;
      }
    }
    if (pf) {
      const urls = await page.evaluate(`(async () => { const s = await pf.search(${JSON.stringify(q)}); const d = await Promise.all(s.results.map(x => x.data())); return d.map(x => x.url); })()`);
      const got = new Set(urls.map((u) => u.replace(/^\//, '').replace(/index\.html$/, '')).filter((u) => RECORD.test(u)));
      const t = truth.get(q);
      r.pfHits = got.size;
      r.pfRecall = t.size ? [...t].filter((u) => got.has(u)).length / t.size : 1;
      r.pfWrong = [...got].filter((u) => !t.has(u)).length;
    }
    browserRows.set(q, r);
  }
  await browser.close();
  server.close();
}

// ---- Report
const records = pages.length;
const bigFiles = existsSync(join(out, 'search', 't')) ? walk(join(out, 'search', 't')).map((f) => statSync(f).size) : [];
console.log(`records indexed: ${meta.docs} (record pages in the site: ${records})`);
console.log(`gongkai index: ${ours.files} files, ${mb(ours.bytes)} (${mb(ours.gzip)} gzip): ${meta.shards} shards (median ${kb(median(shardSizes))}, largest ${kb(Math.max(...shardSizes))}), ${bigFiles.length} files of long postings (median ${kb(bigFiles.length ? median(bigFiles) : 0)}, largest ${kb(bigFiles.length ? Math.max(...bigFiles) : 0)}), ${Math.ceil(meta.docs / meta.chunk)} record chunks of ${meta.chunk}`);
if (pf) console.log(`pagefind ${pf.version} index (record pages only): ${pf.size.files} files, ${mb(pf.size.bytes)} (its files are compressed already); indexing took ${pf.seconds.toFixed(1)} s`);
console.log('');
console.log('| query | pages holding it | gongkai hits | recall | false hits | title hits first | fetched for the first 10 (raw / gzip) | node median | Chromium median | pagefind hits | recall | false hits | Chromium median | pagefind fetched (init + query) |');
console.log('| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const b = browserRows.get(r.q) || {};
  const pct = (x) => (x === undefined || x === null ? '—' : `${(x * 100).toFixed(1)} %`);
  const ms = (xs) => (xs && xs.length ? `${median(xs).toFixed(1)} ms` : '—');
  console.log(`| ${r.q} | ${r.truth} | ${r.hits} | ${pct(r.recall)} | ${r.wrong} | ${r.titleFirst ? 'yes' : 'NO'} | ${kb(r.fetched)} / ${kb(r.fetchedGz)} | ${r.node.toFixed(1)} ms | ${ms(b.oursMs)} | ${b.pfHits ?? '—'} | ${pct(b.pfRecall)} | ${b.pfWrong ?? '—'} | ${ms(b.pfMs)} | ${b.pfMs && b.pfMs.length ? `${kb(b.pfInitBytes)} + ${kb(b.pfBytes)}` : '—'} |`);
}
console.log('');
for (const r of rows) console.log(`gongkai fetched for ${r.q}: ${r.files}`);
