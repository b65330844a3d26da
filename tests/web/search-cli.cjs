// Runs queries with themes/default/static/search.js against a built site's index, as a
// browser would, and prints the results as JSON (one object per query):
//   node tests/web/search-cli.cjs OUT_DIR LIMIT QUERY...
// tests/search.rs compares them with src/search.rs; benches/search.sh times them.
'use strict';
const fs = require('fs');
const path = require('path');
// Read and run as the browser's classic script it is: `require` would take it for an ES
// module wherever a package.json above the checkout says "type": "module".
const file = path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'search.js');
const mod = { exports: {} };
new Function('module', 'exports', fs.readFileSync(file, 'utf8'))(mod, mod.exports);
const api = mod.exports;
const [out, limit, ...queries] = process.argv.slice(2);
const load = (p) => {
  try { return fs.readFileSync(path.join(out, 'search', p), 'utf8'); } catch (e) { return null; }
};
(async () => {
  const results = [];
  for (const q of queries) {
    const found = await api.search(q, Number(limit), load);
    found.fetched.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    results.push(found);
  }
  process.stdout.write(JSON.stringify(results) + '\n');
})().catch((e) => { console.error(e); process.exit(1); });
