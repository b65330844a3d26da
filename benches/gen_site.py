#!/usr/bin/env python3
"""Generates a synthetic village site of N issues in gongkai's content format, and the same
corpus as a Hugo site (one page per issue, lists by status, group and category, home, feed).

    python3 benches/gen_site.py N OUT_DIR      # writes OUT_DIR/gongkai and OUT_DIR/hugo

Deterministic for a given N (seeded), so runs compare like with like.
"""
import os
import random
import sys

N = int(sys.argv[1])
OUT = sys.argv[2]
rng = random.Random(N)

SUBJECTS = ["村道", "排水沟", "路灯", "危桥", "垃圾房", "河道", "农田灌溉渠", "老年活动室", "停车场", "公共厕所", "宅基地", "养老金", "医保报销", "违章搭建", "噪音扰民", "饮用水", "电线杆", "健身器材"]
PROBLEMS = ["破损严重", "多年失修", "存在安全隐患", "影响村民出行", "雨天积水", "夜间照明不足", "群众反映强烈", "需要尽快处理", "邻里之间有矛盾", "费用负担较重"]
SENTENCES = [
    "村民在上门家访时反映了这一情况，希望村里尽快研究解决。",
    "查访员到现场查看，情况属实，已拍照留存并登记上报。",
    "村两委在月度分析例会上进行了研判，明确了责任人和办理时限。",
    "经与镇相关部门沟通，已列入本年度实事项目计划。",
    "责任人多次上门做工作，听取当事人意见，讲清政策规定。",
    "处理结果已在村务公开栏公布，接受全体村民监督。",
    "对全村同类情况进行了排查，共涉及多户家庭，统一研究解决办法。",
    "施工期间安排专人值守，确保村民出行安全。",
    "资金从村集体经济收入中列支，账目按季度公开。",
    "下一步将继续跟踪落实情况，并在回访中听取群众评价。",
]
SOURCES = ["home-visit", "inspection", "return-visit", "meeting", "walk-in", "phone", "letter", "online"]
CATEGORIES = [("infrastructure", "基础设施"), ("land", "土地与建房"), ("welfare", "民生保障"), ("environment", "环境卫生"), ("economy", "集体经济"), ("safety", "平安建设"), ("other", "其他")]
PEOPLE = [("chen", "陈建华", "村党总支书记"), ("zhou", "周立新", "村委会主任"), ("lin", "林海燕", "村委委员"), ("he", "何晓梅", "村委委员"), ("xu", "许文斌", "村务助理"), ("tang", "唐佳怡", "村务助理")]
GROUPS = [str(g) for g in range(1, 16)]
FLOWS = [
    ["raised"],
    ["raised", "analysed"],
    ["raised", "analysed", "assigned"],
    ["raised", "analysed", "escalated"],
    ["raised", "analysed", "assigned", "resolved", "feedback"],
    ["raised", "analysed", "declined", "feedback"],
    ["raised", "analysed", "assigned", "resolved", "feedback", "closed"],
]


def date(year, day_of_year):
    import datetime
    d = datetime.date(year, 1, 1) + datetime.timedelta(days=day_of_year)
    return d.isoformat()


def body():
    paras = []
    for _ in range(rng.randint(2, 4)):
        paras.append("".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 4))))
    if rng.random() < 0.3:
        paras.append("\n".join(f"- {rng.choice(SENTENCES)}" for _ in range(3)))
    return "\n\n".join(paras) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


issues = []
years = max(1, N // 2000)
for i in range(N):
    year = 2026 - (i * years // N)
    num = i + 1
    iid = f"{year}-{num:06d}"
    title = f"{rng.choice(GROUPS)}组{rng.choice(SUBJECTS)}{rng.choice(PROBLEMS)}"
    start = rng.randint(0, 300)
    flow = rng.choice(FLOWS)
    events = []
    for k, ev in enumerate(flow):
        d = date(year, start + k * 3)
        extra = ""
        if ev == "escalated":
            extra = ", to: 镇城建办"
        elif ev == "declined":
            extra = ", note: 不符合政策规定，已当面解释"
        elif ev == "feedback":
            extra = ", audience: raiser"
        elif ev == "assigned":
            extra = f", assignee: {rng.choice(PEOPLE)[0]}"
        events.append(f"  - {{date: {d}, event: {ev}{extra}}}")
    issues.append((iid, title, date(year, start), flow, year))
    cat = rng.choice(CATEGORIES)[0]
    group = rng.choice(GROUPS)
    text = "\n".join([
        "---",
        f"id: {iid}",
        f"title: {title}",
        f"raised: {date(year, start)}",
        f"source: {rng.choice(SOURCES)}",
        f'group: "{group}"',
        f"category: {cat}",
        f"assignee: {rng.choice(PEOPLE)[0]}",
        "timeline:",
        *events,
        "private: {contact: 见纸质台账}",
        "---",
        body(),
    ])
    write(f"{OUT}/gongkai/content/issues/{year}/{iid}.md", text)
    status = {"raised": "received", "analysed": "analysing", "assigned": "in-progress", "escalated": "escalated", "resolved": "resolved", "declined": "declined", "closed": "closed", "feedback": None}
    st = [status[e] for e in flow if status[e]][-1]
    hugo_fm = "\n".join([
        "---",
        f'title: "{title}"',
        f"date: {date(year, start)}",
        f"status: [{st}]",
        f'groups: ["{group}"]',
        f"categories: [{cat}]",
        "---",
        body(),
    ])
    write(f"{OUT}/hugo/content/issues/{iid}.md", hugo_fm)

site = ["title: 合成村村务公开", "village: 合成村", "town: 示例镇", "language: zh-CN", "base_url: https://example.org/bench/", "as_of: 2026-11-20", "groups:"]
site += [f'  - {{id: "{g}", name: {g}组, households: 50}}' for g in GROUPS]
site += ["people:"] + [f"  - {{id: {p}, name: {n}, role: {r}}}" for p, n, r in PEOPLE]
site += ["categories:"] + [f"  - {{id: {c}, name: {n}}}" for c, n in CATEGORIES]
write(f"{OUT}/gongkai/content/site.yaml", "\n".join(site) + "\n")

meetings = max(1, N // 50)
for m in range(meetings):
    mid = f"m{m + 1:05d}"
    items = "\n".join(f"  - {{issue: {rng.choice(issues)[0]}, finding: 需要进一步核实, action: 上门走访}}" for _ in range(3))
    write(f"{OUT}/gongkai/content/meetings/{mid}.md", f"---\nid: {mid}\ntitle: 第{m + 1}次村情民意分析例会\ndate: 2026-{(m % 12) + 1:02d}-05\nkind: analysis\nattendees: [chen, zhou, lin]\nitems:\n{items}\n---\n{body()}")
    write(f"{OUT}/hugo/content/meetings/{mid}.md", f'---\ntitle: "第{m + 1}次村情民意分析例会"\ndate: 2026-{(m % 12) + 1:02d}-05\n---\n{body()}')

for r in range(max(1, N // 100)):
    rid = f"r{r + 1:05d}"
    answered = ", ".join(rng.choice(issues)[0] for _ in range(2))
    write(f"{OUT}/gongkai/content/resolutions/{rid}.md", f"""---
id: {rid}
title: 关于第{r + 1}项民生实事的决议
issues: [{answered}]
finding: 全村同类情况共{rng.randint(10, 200)}户
steps:
  proposal: {{date: 2026-03-02, by: 村党总支}}
  deliberation: {{date: 2026-03-05, by: 村两委联席会议}}
  review: {{date: 2026-03-12, by: 党员大会, members: 52, present: 45, for: 45, against: 0, abstain: 0}}
  decision: {{date: 2026-03-20, by: 村民代表会议, members: 41, present: 38, for: 36, against: 1, abstain: 1}}
published:
  decision: {{date: 2026-03-21, where: 村务公开栏}}
---
{body()}""")
    write(f"{OUT}/hugo/content/resolutions/{rid}.md", f'---\ntitle: "关于第{r + 1}项民生实事的决议"\ndate: 2026-03-20\n---\n{body()}')

for p in range(max(1, N // 1000)):
    pid = f"p{p + 1:03d}"
    projects = []
    for q in range(5):
        asked = ", ".join(rng.choice(issues)[0] for _ in range(2))
        projects.append(f"""  - id: q{q}
    title: 实事项目{q + 1}
    budget: {rng.randint(1, 100) * 10000}
    spent: {rng.randint(0, 9) * 1000}
    issues: [{asked}]
    milestones:
      - {{title: 勘察设计, due: 2026-03-31, done: 2026-03-20}}
      - {{title: 施工, due: 2026-12-31, progress: {rng.randint(0, 90)}}}""")
    write(f"{OUT}/gongkai/content/plans/{pid}.md", f"---\nid: {pid}\ntitle: 2026年度实事项目计划{p + 1}\nkind: annual\nstart: 2026-01-01\nend: 2026-12-31\nprojects:\n" + "\n".join(projects) + f"\n---\n{body()}")
    write(f"{OUT}/hugo/content/plans/{pid}.md", f'---\ntitle: "2026年度实事项目计划{p + 1}"\ndate: 2026-01-01\n---\n{body()}')

for v in range(2):
    teams = "\n".join(f"  - {{name: 第{t + 1}走访组, members: [{PEOPLE[t][0]}], groups: [\"{GROUPS[(t * 3 + v) % 15]}\", \"{GROUPS[(t * 3 + 1 + v) % 15]}\", \"{GROUPS[(t * 3 + 2 + v) % 15]}\"]}}" for t in range(5))
    visited = ", ".join(f'"{g}": {rng.randint(30, 50)}' for g in GROUPS)
    write(f"{OUT}/gongkai/content/visits/2026-{v + 1}.yaml", f"id: 2026-{v + 1}\ntitle: 2026年第{v + 1}轮上门家访\nstart: 2026-0{v * 5 + 1}-06\nend: 2026-0{v * 5 + 3}-31\nteams:\n{teams}\nvisited: {{{visited}}}\n")

write(f"{OUT}/gongkai/content/pages/about.md", "---\ntitle: 关于本站\nmenu: true\n---\n" + body())
write(f"{OUT}/hugo/content/about.md", '---\ntitle: "关于本站"\n---\n' + body())

# The Hugo side: equivalent templates (a page per record, list pages by status, group and
# category, the home page with figures and the newest issues, an RSS feed).
write(f"{OUT}/hugo/hugo.toml", """baseURL = "https://example.org/bench/"
languageCode = "zh-CN"
title = "合成村村务公开"
hasCJKLanguage = true
disableKinds = ["robotsTXT"]
[taxonomies]
  status = "status"
  group = "groups"
  category = "categories"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
[pagination]
  pagerSize = 100000
""")
BASE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{ .Title }} - {{ .Site.Title }}</title><link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">{{ .Site.Title }}</a><nav><a href="/issues/">民情事项</a> <a href="/meetings/">会议</a> <a href="/resolutions/">决议</a> <a href="/plans/">规划</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>"""
write(f"{OUT}/hugo/layouts/_default/baseof.html", BASE)
write(f"{OUT}/hugo/layouts/_default/single.html", """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006年1月2日" }}
{{ range .Params.status }}<span class="badge">{{ . }}</span>{{ end }} {{ range .Params.groups }}{{ . }}组{{ end }} {{ range .Params.categories }}{{ . }}{{ end }}</p>
{{ .Content }}</article>{{ end }}""")
write(f"{OUT}/hugo/layouts/_default/list.html", """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} {{ range .Params.status }}{{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}""")
write(f"{OUT}/hugo/layouts/index.html", """{{ define "main" }}<h1>{{ .Site.Title }}</h1><p>民情事项 {{ len (where .Site.RegularPages "Section" "issues") }} 件</p>
<ul>{{ range first 10 (where .Site.RegularPages "Section" "issues") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}""")
write(f"{OUT}/hugo/static/style.css", "body{font-size:18px;line-height:1.6}\n")
