// A small Chrome DevTools Protocol client over --remote-debugging-pipe: Node's standard
// library only (no WebSocket, no browser download). Chromium reads commands on its fd 3 and
// writes replies and events on fd 4, each message JSON ended by a NUL byte.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Browser {
  static async launch(executable) {
    const profile = mkdtempSync(join(tmpdir(), 'gongkai-chromium-'));
    const args = [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--no-first-run',
      '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
      '--disable-sync', '--disable-component-update', '--disable-default-apps', '--mute-audio',
      '--hide-scrollbars', '--font-render-hinting=none', 'about:blank',
    ];
    const proc = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    const b = new Browser(proc, profile);
    await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`Chromium did not start: ${stderr}`)), 30000);
      b.send('Browser.getVersion').then((v) => { clearTimeout(t); b.version = v.product; resolve(); }, reject);
      proc.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${stderr}`)));
    });
    return b;
  }

  constructor(proc, profile) {
    this.proc = proc;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    let buf = Buffer.alloc(0);
    proc.stdio[4].on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      let end;
      while ((end = buf.indexOf(0)) >= 0) {
        const msg = JSON.parse(buf.subarray(0, end).toString('utf8'));
        buf = buf.subarray(end + 1);
        if (msg.id && this.pending.has(msg.id)) {
          const { resolve, reject, method } = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
          else resolve(msg.result);
        } else if (msg.method) {
          for (const l of this.listeners) l(msg);
        }
      }
    });
  }

  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.proc.stdio[3].write(JSON.stringify(msg) + '\0');
    });
  }

  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }

  async newPage() {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(this, sessionId, targetId);
    await page.send('Page.enable');
    await page.send('Runtime.enable');
    return page;
  }

  async close() {
    try { await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 3000))]); } catch { /* gone */ }
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    try { rmSync(this.profile, { recursive: true, force: true, maxRetries: 5 }); } catch { /* a temporary folder */ }
  }
}

export class Page {
  constructor(browser, sessionId, targetId) {
    this.browser = browser;
    this.sessionId = sessionId;
    this.targetId = targetId;
  }

  send(method, params = {}) { return this.browser.send(method, params, this.sessionId); }

  /** Calls fn on every event of this page until the returned function is called. */
  on(fn) {
    return this.browser.on((msg) => { if (msg.sessionId === this.sessionId) fn(msg); });
  }

  async viewport(width, height) {
    await this.send('Emulation.setDeviceMetricsOverride', {
      width, height, deviceScaleFactor: width < 600 ? 3 : 1, mobile: width < 600,
    });
  }

  /** Navigates and waits for the load event. */
  async goto(url, timeoutMs = 30000) {
    let off;
    const loaded = new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout loading ${url}`)), timeoutMs);
      off = this.on((msg) => {
        if (msg.method === 'Page.loadEventFired') { clearTimeout(t); resolve(); }
      });
    });
    try {
      const r = await this.send('Page.navigate', { url });
      if (r.errorText) throw new Error(`${url}: ${r.errorText}`);
      await loaded;
    } finally {
      off();
    }
  }

  /** Evaluates an expression in the page and returns its value (awaiting a promise). */
  async evaluate(expression) {
    const r = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) {
      const d = r.exceptionDetails;
      throw new Error(`${d.text} ${d.exception ? d.exception.description || '' : ''}`);
    }
    return r.result.value;
  }

  async key(key, code, keyCode) {
    const base = { key, code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode };
    await this.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...base });
    if (key === 'Enter') await this.send('Input.dispatchKeyEvent', { type: 'char', text: '\r', ...base });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
  }

  async close() {
    await this.browser.send('Target.closeTarget', { targetId: this.targetId });
  }
}
