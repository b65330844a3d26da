"""The feed and the sitemap of a built site, read by real parsers (part of tests/web/check.mjs).

    python3 tests/web/feeds.py OUT_DIR BASE_URL feed|no-feed

feed: feed.xml parses in feedparser with no error (not "bozo"), is Atom, and every entry has a
title, an id, an updated date and a link to a page that exists. Always: sitemap.xml is well
formed (xml.etree), every <loc> is under BASE_URL and names a page that exists, and every page
of the site is listed once. Prints what it found; exits 1 on any problem.
"""
import os
import sys
import xml.etree.ElementTree as ET

out, base, mode = sys.argv[1], sys.argv[2], sys.argv[3]
problems = []


def page_exists(url):
    if not url.startswith(base):
        return False
    rel = url[len(base):]
    return os.path.isfile(os.path.join(out, rel, "index.html") if rel == "" or rel.endswith("/") else os.path.join(out, rel))


said = []
if mode == "feed":
    import feedparser

    with open(os.path.join(out, "feed.xml"), "rb") as f:
        d = feedparser.parse(f.read())
    if d.bozo:
        problems.append(f"feed.xml: {d.bozo_exception}")
    if d.version != "atom10":
        problems.append(f"feed.xml is {d.version!r}, not Atom 1.0")
    if not d.feed.get("title"):
        problems.append("feed.xml has no title")
    if not d.entries:
        problems.append("feed.xml has no entry")
    for e in d.entries:
        for key in ("title", "id", "updated_parsed", "link"):
            if not e.get(key):
                problems.append(f"feed entry {e.get('id')!r} has no {key}")
        if e.get("link") and not page_exists(e.link):
            problems.append(f"feed entry links to a missing page: {e.link}")
    said.append(f"feed: Atom, {len(d.entries)} entries, parsed by feedparser {feedparser.__version__} without error")

ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
try:
    root = ET.parse(os.path.join(out, "sitemap.xml")).getroot()
except ET.ParseError as e:
    problems.append(f"sitemap.xml is not well formed: {e}")
    root = None
if root is not None:
    if root.tag != "{%s}urlset" % ns["s"]:
        problems.append(f"sitemap.xml root is {root.tag}")
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    if len(set(locs)) != len(locs):
        problems.append("sitemap.xml lists a page twice")
    for loc in locs:
        if not loc or not page_exists(loc):
            problems.append(f"sitemap.xml lists a missing page: {loc}")
    pages = set()
    for dirpath, _, names in os.walk(out):
        if "index.html" in names:
            rel = os.path.relpath(dirpath, out).replace(os.sep, "/")
            pages.add(base + ("" if rel == "." else rel + "/"))
    for p in sorted(pages - set(locs)):
        problems.append(f"sitemap.xml does not list {p}")
    said.append(f"sitemap: {len(locs)} pages, well formed, every page listed")

if problems:
    print("\n    ".join(problems[:40]))
    sys.exit(1)
print("; ".join(said))
