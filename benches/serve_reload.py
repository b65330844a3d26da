#!/usr/bin/env python3
"""Measures `gongkai serve`: the time from saving one issue file to the reload signal on the
page's event stream, on synthetic sites (benches/gen_site.py) of 1,000 and 10,000 issues.

    cargo build --release
    python3 benches/serve_reload.py                # 1000 and 10000 issues, 15 saves each
    python3 benches/serve_reload.py 2000 --saves 30
    python3 benches/serve_reload.py 10000 --rename   # saves as `sed -i` does
    GONGKAI=/path/to/gongkai python3 benches/serve_reload.py   # another binary

Each save rewrites the title of one issue (open, write, close: what an editor's plain save
does) while that issue's page is open, as the clerk has it; with --rename, each save writes a
temporary file named `sedAb12x` beside it and renames it over the issue (what `sed -i` and
scripts' `os.replace` do). Reported per size, in ms:

  save→signal   from just before the file is written to the `reload` event arriving: the
                debounce, the rebuild (check, theme, render of the open page) and the event;
  signal→page   from the event to the new page fetched (already rendered: a cache hit);
  rebuild       the server's own "updated in N ms" line (no debounce, no event delivery).

The first save of each size warms up and is not counted. Plain sockets, no dependencies.
"""
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.environ.get("GONGKAI") or os.path.join(REPO, "target", "release", "gongkai")


def args():
    sizes, saves, rename, it = [], 15, False, iter(sys.argv[1:])
    for a in it:
        if a == "--saves":
            saves = int(next(it))
        elif a == "--rename":
            rename = True
        else:
            sizes.append(int(a))
    return sizes or [1000, 10000], saves, rename


def http_get(addr, path):
    s = socket.create_connection(addr, timeout=30)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body.decode("utf-8", "replace")


class Events:
    """A page's event stream, as its script opens it."""

    def __init__(self, addr, page, version):
        self.s = socket.create_connection(addr, timeout=30)
        target = f"/__gongkai/events?v={version}&had=1&page={page.replace('/', '%2F')}"
        self.s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.s.recv(4096)
        self.buf = self.buf.split(b"\r\n\r\n", 1)[1]

    def next(self, timeout=30):
        """The next named event: (name, data)."""
        deadline = time.perf_counter() + timeout
        while True:
            while b"\n\n" in self.buf:
                block, self.buf = self.buf.split(b"\n\n", 1)
                name = [l[7:] for l in block.split(b"\n") if l.startswith(b"event: ")]
                data = [l[6:] for l in block.split(b"\n") if l.startswith(b"data: ")]
                if name:
                    return name[0].decode(), b"\n".join(data).decode()
            self.s.settimeout(max(0.01, deadline - time.perf_counter()))
            chunk = self.s.recv(65536)
            if not chunk:
                raise RuntimeError("event stream closed")
            self.buf += chunk

    def close(self):
        self.s.close()


def version_of(html):
    m = re.search(r"/__gongkai/events\?v=([^&]+)&", html)
    return m.group(1) if m else ""


def measure(n, saves, rename):
    work = tempfile.mkdtemp(prefix=f"gongkai-serve-bench-{n}-")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_site.py"), str(n), work], check=True)
    root = os.path.join(work, "gongkai")
    issues = sorted(
        os.path.join(d, f)
        for d, _, fs in os.walk(os.path.join(root, "content", "issues"))
        for f in fs
    )
    path = issues[len(issues) // 2]
    iid = os.path.basename(path)[:-3]
    page = f"/issues/{iid}/"
    original = open(path, encoding="utf-8").read()

    proc = subprocess.Popen([BIN, "serve", "--port", "0", "--root", root], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []

    def drain(stream):
        for line in stream:
            lines.append(line.rstrip("\n"))

    for stream in (proc.stdout, proc.stderr):
        threading.Thread(target=drain, args=(stream,), daemon=True).start()
    started = time.perf_counter()
    addr = None
    while addr is None:
        if time.perf_counter() - started > 120:
            raise RuntimeError("no URL:\n" + "\n".join(lines))
        for l in list(lines):
            m = re.match(r"\s*http://([\d.]+):(\d+)/", l)
            if m:
                addr = (m.group(1), int(m.group(2)))
        time.sleep(0.01)

    to_signal, to_page = [], []
    try:
        status, html = http_get(addr, page)
        assert status == 200, status
        for i in range(saves + 1):
            ev = Events(addr, page, version_of(html))
            words = f"（第{i}次修改）"
            text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}{words}", original, count=1, flags=re.M)
            time.sleep(0.3)  # let the last rebuild settle, as between a clerk's saves
            t0 = time.perf_counter()
            if rename:
                tmp = os.path.join(os.path.dirname(path), "sedAb12x")
                with open(tmp, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, path)
            else:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            name, _ = ev.next()
            t1 = time.perf_counter()
            assert name == "reload", name
            status, html = http_get(addr, page)
            t2 = time.perf_counter()
            assert status == 200 and words in html, "the new words are served"
            ev.close()
            if i > 0:
                to_signal.append((t1 - t0) * 1000)
                to_page.append((t2 - t1) * 1000)
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)
    rebuilds = [int(m.group(1)) for l in lines for m in [re.search(r"已更新（(\d+) 毫秒）", l)] if m][1:]
    return to_signal, to_page, rebuilds


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    sizes, saves, rename = args()
    print(f"{'issues':>7}  {'saves':>5}  {'save→signal median (min–max)':>30}  {'signal→page':>11}  {'rebuild':>7}")
    for n in sizes:
        sig, pg, rb = measure(n, saves, rename)
        print(
            f"{n:>7}  {len(sig):>5}  {statistics.median(sig):>12.1f} ms ({min(sig):.1f}–{max(sig):.1f})"
            f"  {statistics.median(pg):>8.1f} ms  {statistics.median(rb) if rb else float('nan'):>4.0f} ms",
            flush=True,
        )


if __name__ == "__main__":
    main()
