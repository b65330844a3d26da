// Runs queries with themes/default/static/search.js against a built site's index, as a
// browser would, and prints the results as JSON (one object per query):
//   node tests/web/search-cli.cjs OUT_DIR LIMIT QUERY...
// tests/search.rs compares them with src/search.rs; benches/search.sh times them.
'use strict';
const fs = require('fs');
const path = require('path');
const api = require(path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'search.js'));
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
