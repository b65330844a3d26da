/* gongkai site search: reads the index under /search/ (format: src/search.rs) in the browser,
   offline once fetched. It mirrors src/search.rs step by step; tests/search.rs checks that both
   give the same results. No dependencies. Without JavaScript the search page shows the lists. */
(function () {
  'use strict';

  // ---- Tokens (src/search.rs: is_cjk, fold, runs)
  function isCjk(cp) {
    return cp === 0x3005 || cp === 0x3007 ||
      (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
  }
  var wordRe = null;
  try { wordRe = new RegExp('^[\\p{Alphabetic}\\p{N}]$', 'u'); } catch (e) { wordRe = /^[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]$/; }
  function isWord(ch) { return !isCjk(ch.codePointAt(0)) && wordRe.test(ch); }
  function fold(ch) {
    var cp = ch.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) ch = String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) ch = ' ';
    return Array.from(ch.toLowerCase());
  }
  function runs(text) {
    var chars = [];
    Array.from(text).forEach(function (c) { chars.push.apply(chars, fold(c)); });
    var out = [], i = 0;
    while (i < chars.length) {
      var start = i;
      if (isCjk(chars[i].codePointAt(0))) {
        while (i < chars.length && isCjk(chars[i].codePointAt(0))) i++;
        out.push({ cjk: chars.slice(start, i) });
      } else if (isWord(chars[i])) {
        while (i < chars.length && isWord(chars[i])) i++;
        out.push({ word: chars.slice(start, i).join('') });
      } else {
        i++;
      }
    }
    return out;
  }

  // ---- Query terms (terms, Term::tokens)
  function terms(query) {
    var out = [], seen = {};
    runs(query).forEach(function (r) {
      var key = r.cjk ? 'c:' + r.cjk.join('') : 'w:' + r.word;
      if (!seen[key]) { seen[key] = true; out.push(r); }
    });
    return out;
  }
  function tokensOf(term) {
    if (term.word !== undefined) return [term.word];
    if (term.cjk.length === 1) return [term.cjk[0]];
    var t = [];
    for (var k = 0; k + 1 < term.cjk.length; k++) t.push(term.cjk[k] + term.cjk[k + 1]);
    return t;
  }
  function isBigram(tok) {
    var cs = Array.from(tok);
    return cs.length === 2 && isCjk(cs[0].codePointAt(0)) && isCjk(cs[1].codePointAt(0));
  }
  function fnv1a32(s) {
    var bytes = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }

  // ---- Postings (varints, decode): 6-bit digits, 5 of value and "more follows" (32).
  var DIGIT = [];
  for (var c = 0; c < 128; c++) DIGIT.push(63);
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').forEach(function (ch, i) { DIGIT[ch.charCodeAt(0)] = i; });
  function varints(s) {
    var out = [], v = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s.charCodeAt(i)];
      if (d === undefined) d = 63;
      v += (d & 31) * Math.pow(2, shift);
      if (d & 32) shift += 5; else { out.push(v >>> 0); v = 0; shift = 0; }
    }
    return out;
  }
  function decode(tok, list) {
    var bigram = isBigram(tok), out = [], i = 0, doc = 0;
    while (i + 2 < list.length) {
      doc += list[i];
      var field = list[i + 1], n = list[i + 2], positions = [];
      i += 3;
      if (bigram) {
        var p = 0;
        for (var k = 0; k < n; k++) { p += (list[i] || 0); positions.push(p); i++; }
      }
      out.push({ doc: doc, field: field, count: n, positions: positions });
    }
    return out;
  }

  // Per record, per field: the occurrences of one term (term_hits).
  function termHits(term, postings) {
    var lists = tokensOf(term).map(postings), out = new Map();
    function add(doc, field, n) {
      var f = out.get(doc);
      if (!f) { f = [0, 0, 0]; out.set(doc, f); }
      f[Math.min(field, 2)] += n;
    }
    if (lists.length === 1) {
      lists[0].forEach(function (p) { add(p.doc, p.field, p.count); });
      return out;
    }
    var later = lists.slice(1).map(function (l) {
      var m = new Map();
      l.forEach(function (p) { m.set(p.doc + ':' + p.field, new Set(p.positions)); });
      return m;
    });
    lists[0].forEach(function (p) {
      var n = 0;
      p.positions.forEach(function (start) {
        for (var k = 0; k < later.length; k++) {
          var ps = later[k].get(p.doc + ':' + p.field);
          if (!ps || !ps.has(start + k + 1)) return;
        }
        n++;
      });
      if (n > 0) add(p.doc, p.field, n);
    });
    return out;
  }

  // ---- The query (search): load(path) resolves to the text of search/<path>, or null.
  function search(query, limit, load) {
    var fetched = [];
    function get(path) {
      return Promise.resolve(load(path)).then(function (text) {
        if (text === null || text === undefined) throw new Error('missing ' + path);
        fetched.push([path, new TextEncoder().encode(text).length]);
        return JSON.parse(text);
      });
    }
    return get('meta.json').then(function (meta) {
      var shards = meta.shards, chunk = meta.chunk || 1, weights = meta.weights;
      var ts = terms(query);
      if (ts.length === 0 || !shards) return { total: 0, hits: [], fetched: fetched };
      var loaded = new Map(), order = [];
      ts.forEach(function (t) {
        tokensOf(t).forEach(function (tok) {
          var k = fnv1a32(tok) % shards;
          if (order.indexOf(k) < 0) order.push(k);
        });
      });
      // Fetched in the order first needed, as the Rust side does; in parallel.
      return Promise.all(order.map(function (k) { return get('s/' + k + '.json'); })).then(function (data) {
        order.forEach(function (k, i) { loaded.set(k, data[i]); });
        // A long posting list sits in a file of its own; its shard names the file's number.
        var bigOrder = [];
        function entry(tok) { var s = loaded.get(fnv1a32(tok) % shards); return s ? s[tok] : undefined; }
        ts.forEach(function (t) {
          tokensOf(t).forEach(function (tok) {
            var e = entry(tok);
            if (typeof e === 'number' && bigOrder.indexOf(e) < 0) bigOrder.push(e);
          });
        });
        return Promise.all(bigOrder.map(function (n) { return get('t/' + n + '.json'); })).then(function (bigData) {
        var big = new Map();
        bigOrder.forEach(function (n, i) { big.set(n, bigData[i]); });
        function postings(tok) {
          var e = entry(tok);
          if (typeof e === 'number') e = (big.get(e) || {})[tok];
          return decode(tok, varints(typeof e === 'string' ? e : ''));
        }
        var found = null;
        ts.forEach(function (term) {
          var next = new Map();
          termHits(term, postings).forEach(function (fields, doc) {
            var best = 0;
            for (var f = 0; f < 3; f++) if (fields[f] > 0) best = Math.max(best, weights[f] || 0);
            var count = fields[0] + fields[1] + fields[2];
            if (found === null) next.set(doc, [best, count]);
            else if (found.has(doc)) { var prev = found.get(doc); next.set(doc, [prev[0] + best, prev[1] + count]); }
          });
          found = next;
        });
        var ranked = [];
        found.forEach(function (sc, doc) { ranked.push([doc, sc[0], sc[1]]); });
        ranked.sort(function (a, b) { return (b[1] - a[1]) || (b[2] - a[2]) || (a[0] - b[0]); });
        var top = ranked.slice(0, limit), chunks = [];
        top.forEach(function (r) {
          var c = Math.floor(r[0] / chunk);
          if (chunks.indexOf(c) < 0) chunks.push(c);
        });
        return Promise.all(chunks.map(function (c) { return get('d/' + c + '.json'); })).then(function (rows) {
          var byChunk = new Map();
          chunks.forEach(function (c, i) { byChunk.set(c, rows[i]); });
          var hits = top.map(function (r) {
            var row = byChunk.get(Math.floor(r[0] / chunk))[r[0] % chunk] || [];
            return { doc: r[0], url: row[0] || '', title: row[1] || '', kind: row[2] || '', meta: row[3] || '', score: r[1], count: r[2] };
          });
          return { total: ranked.length, hits: hits, fetched: fetched };
        });
        });
      });
    });
  }

  var api = { runs: runs, terms: terms, tokensOf: tokensOf, fnv1a32: fnv1a32, varints: varints, decode: decode, search: search };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;
  window.gongkaiSearch = api;

  // ---- The page
  var form = document.getElementById('search-form');
  if (!form || !window.fetch || !window.TextEncoder || !window.Map) return;
  var input = form.querySelector('input[name=q]');
  var status = document.getElementById('search-status');
  var results = document.getElementById('search-results');
  var base = form.getAttribute('data-index'), root = form.getAttribute('data-root');
  var PAGE = 10, version = null, cache = new Map(), shown = PAGE, current = 0;
  function text(key) { return form.getAttribute('data-t-' + key) || ''; }
  function load(path) {
    if (cache.has(path)) return cache.get(path);
    var meta = path === 'meta.json';
    var url = base + path + (meta || !version ? '' : '?v=' + version);
    var p = fetch(url, meta ? { cache: 'no-cache' } : {}).then(function (r) {
      if (!r.ok) throw new Error(r.status + ' ' + url);
      return r.text();
    }).then(function (t) {
      if (meta) { try { version = JSON.parse(t).v; } catch (e) { /* shown as an error below */ } }
      return t;
    });
    p.catch(function () { cache.delete(path); });
    cache.set(path, p);
    return p;
  }
  // The title with the words searched for marked (built as nodes: titles are never HTML).
  function marked(title, ts) {
    var frag = document.createDocumentFragment(), lower = title.toLowerCase(), i = 0;
    var needles = ts.map(function (t) { return t.cjk ? t.cjk.join('') : t.word; }).filter(Boolean);
    while (i < title.length) {
      var best = -1, len = 0;
      needles.forEach(function (n) {
        var at = lower.indexOf(n, i);
        if (at >= 0 && (best < 0 || at < best)) { best = at; len = n.length; }
      });
      if (best < 0 || lower.length !== title.length) { frag.appendChild(document.createTextNode(title.slice(i))); break; }
      if (best > i) frag.appendChild(document.createTextNode(title.slice(i, best)));
      var m = document.createElement('mark');
      m.textContent = title.slice(best, best + len);
      frag.appendChild(m);
      i = best + len;
    }
    return frag;
  }
  function render(q, found) {
    results.textContent = '';
    status.textContent = found.total ? text('results').replace('{n}', found.total) : text('none');
    if (!found.hits.length) return;
    var ts = terms(q), list = document.createElement('ol');
    list.className = 'items search-hits';
    found.hits.forEach(function (h) {
      var li = document.createElement('li'), p = document.createElement('p'), a = document.createElement('a');
      li.className = 'item';
      p.className = 'item-title';
      a.href = root + h.url;
      a.appendChild(marked(h.title, ts));
      p.appendChild(a);
      var meta = document.createElement('p'), kind = document.createElement('span');
      meta.className = 'item-meta';
      kind.className = 'badge kind';
      kind.textContent = h.kind;
      meta.appendChild(kind);
      meta.appendChild(document.createTextNode(' ' + h.meta));
      li.appendChild(p);
      li.appendChild(meta);
      list.appendChild(li);
    });
    results.appendChild(list);
    if (found.total > found.hits.length) {
      var more = document.createElement('button');
      more.type = 'button';
      more.className = 'more-button';
      more.textContent = text('more');
      more.addEventListener('click', function () {
        var next = found.hits.length;
        shown += PAGE;
        run(q, false).then(function () {
          var a = results.querySelectorAll('.search-hits a')[next];
          if (a) a.focus();
        });
      });
      results.appendChild(more);
    }
  }
  function run(q, fresh) {
    var id = ++current;
    if (fresh) shown = PAGE;
    if (!q.trim()) { status.textContent = ''; results.textContent = ''; return Promise.resolve(); }
    status.textContent = text('loading');
    return search(q, shown, load).then(function (found) {
      if (id === current) render(q, found);
    }, function () {
      if (id === current) { results.textContent = ''; status.textContent = text('error'); }
    });
  }
  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value, true); }, 350);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    var q = input.value;
    if (window.history && history.replaceState) {
      history.replaceState(null, '', q.trim() ? '?q=' + encodeURIComponent(q) : location.pathname);
    }
    run(q, true);
  });
  form.hidden = false;
  var q0 = new URLSearchParams(location.search).get('q');
  if (q0) { input.value = q0; run(q0, true); }
})();
