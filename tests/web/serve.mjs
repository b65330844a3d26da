// A static server like a villager's: gzip for text, 404.html for what is missing, on
// 127.0.0.1 and a free port. Used by check.mjs and benches/search.mjs.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.xml': 'application/xml; charset=utf-8', '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8', '.png': 'image/png', '.jpg': 'image/jpeg', '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};
/** Serves `dir` under the path `prefix` (the path of the site's base_url: its 404 page links
 * from there); `onSend(path, bytes)` is told of every response body sent. */
export function serve(dir, onSend = () => {}, prefix = '/') {
  const server = createServer((req, res) => {
    const full = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let p = full.startsWith(prefix) ? '/' + full.slice(prefix.length) : null;
    if (p && p.endsWith('/')) p += 'index.html';
    let file = p ? join(dir, p) : '';
    let status = 200;
    if (!p || !file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      if (p && existsSync(join(file, 'index.html'))) {
        res.writeHead(301, { Location: full + '/' });
        res.end();
        return;
      }
      file = join(dir, '404.html');
      status = 404;
    }
    let body = readFileSync(file);
    const type = TYPES[extname(file)] || 'application/octet-stream';
    const headers = { 'Content-Type': type };
    if (/text|json|xml|svg|javascript/.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    onSend(p || full, body.length);
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${server.address().port}${prefix}`, close: () => server.close() })));
}

