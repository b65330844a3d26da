//! The clerk's guides (docs/guide.zh-CN.md, docs/guide.en.md) end with a catalogue of gongkai's
//! messages: for each, a broken fixture site, the line that is wrong and what `gongkai check`
//! says of it. The catalogue is generated here from the real output and must equal the text
//! in the guides, so it never drifts from the messages. After changing a message, refresh it:
//!
//! ```sh
//! GONGKAI_UPDATE_GUIDE=1 cargo test --test guide
//! ```

mod common;

use common::*;
use gongkai::diag::{Diagnostic, Lang};
use std::path::Path;

const ISSUE: &str = "issues/2020-001.md";
const MEETING: &str = "meetings/2020-03.md";
const RESOLUTION: &str = "resolutions/2020-R01.md";
const PLAN: &str = "plans/2020.md";
const VISIT: &str = "visits/2020-1.yaml";
const PAGE: &str = "pages/about.md";

/// One valid record of each kind (as_of of the fixture site: 2020-11-13).
fn base(lang: Lang) -> Site {
    let site = match lang {
        Lang::Zh => Site::new(),
        Lang::En => Site::en(),
    };
    site.file(
        ISSUE,
        "---
title: 村道路灯损坏
raised: 2020-03-05
source: inspection
group: \"1\"
zone: east
category: infrastructure
tags: [路灯]
timeline:
  - {date: 2020-03-05, event: raised}
  - {date: 2020-03-06, event: analysed, meeting: 2020-03}
  - {date: 2020-03-10, event: resolved}
  - {date: 2020-03-12, event: feedback, audience: village}
---
村民反映村道上三盏路灯不亮。
",
    );
    site.file(
        MEETING,
        "---
title: 3月村情民意分析例会
date: 2020-03-06
attendees: [zhang, li]
items:
  - {issue: 2020-001, finding: 灯具老化, action: 更换灯具, assignee: li, due: 2020-03-20}
---
",
    );
    site.file(
        RESOLUTION,
        "---
title: 全村路灯统一更换
issues: [2020-001]
budget: 3000
steps:
  proposal: {date: 2020-03-07, by: 村党总支}
  deliberation: {date: 2020-03-08, by: 村两委联席会议}
  review: {date: 2020-03-09, by: 党员大会, members: 30, present: 25, for: 25, against: 0, abstain: 0}
  decision: {date: 2020-03-10, by: 村民代表会议, members: 30, present: 25, for: 25, against: 0, abstain: 0}
published:
  decision: {date: 2020-03-11, where: 村务公开栏}
  result: {date: 2020-04-01, where: 村务公开栏}
implementation: done
---
",
    );
    site.file(
        PLAN,
        "---
title: 2020年工作计划
kind: annual
start: 2020-01-01
end: 2020-12-31
projects:
  - id: lights
    title: 路灯更换
    category: infrastructure
    owner: li
    budget: 3000
    spent: 2000
    issues: [2020-001]
    milestones:
      - {title: 更换完成, due: 2020-12-31, progress: 50}
---
",
    );
    site.file(
        VISIT,
        "title: 2020年第一轮上门家访
start: 2020-01-06
end: 2020-03-31
teams:
  - {name: 第一走访组, members: [zhang], groups: [\"1\", \"2\"]}
visited: {\"1\": 40, \"2\": 30}
",
    );
    site.file(PAGE, "---\ntitle: 关于本站\nmenu: true\n---\n正文。\n");
    site
}

/// Replaces `from` (which must be there) by `to` in `content/<file>`.
fn edit(site: &Site, file: &str, from: &str, to: &str) {
    let path = site.path(&format!("content/{file}"));
    let text = std::fs::read_to_string(&path).expect("a fixture file");
    assert!(text.contains(from), "{from:?} not in {file}");
    site.file(file, &text.replacen(from, to, 1));
}

fn remove(site: &Site, file: &str) {
    std::fs::remove_file(site.path(&format!("content/{file}"))).expect("remove a fixture file");
}

/// A part of the catalogue: its heading in each language.
struct Part(&'static str, &'static str);
const SITE: Part = Part("site.yaml", "site.yaml");
const QUORUM: Part = Part(
    "site.yaml 里的表决规则（quorum）",
    "Quorum rules in site.yaml",
);
const FORMAT: Part = Part(
    "字段和格式（每种记录都可能遇到）",
    "Fields and format (any record)",
);
const ISSUES: Part = Part("问题和办理经过", "Issues and their timelines");
const LINKS: Part = Part("编号和记录之间的引用", "Ids and references between records");
const RESOLUTIONS: Part = Part(
    "决议：四议和两公开",
    "Resolutions: the four steps and the two publications",
);
const PLANS: Part = Part("规划、项目和节点", "Plans, projects and milestones");
const VISITS: Part = Part("走访", "Visits");
const FILES: Part = Part("文件和文件夹", "Files and folders");
const PRIVACY: Part = Part("个人信息", "Personal data");

/// (part, words every run in Chinese must show, the breakage).
type Case = (&'static Part, &'static str, fn(&Site));

fn cases() -> Vec<Case> {
    vec![
        // site.yaml
        (&SITE, "找不到 content/site.yaml", |s| {
            remove(s, "site.yaml")
        }),
        (&SITE, "不支持的语言", |s| {
            edit(s, "site.yaml", "language: ", "language: zh-TW\n#")
        }),
        (&SITE, "写得不对", |s| {
            edit(s, "site.yaml", "base_url: https://", "base_url: ")
        }),
        (&SITE, "没有村民小组", |s| {
            let text = std::fs::read_to_string(s.path("content/site.yaml")).expect("site.yaml");
            let start = text.find("groups:").expect("groups");
            let end = text.find("zones:").expect("zones");
            s.file(
                "site.yaml",
                &format!("{}{}", &text[..start], &text[end..])
                    .replace("groups: [\"1\", \"2\"]", "groups: []"),
            );
        }),
        (&SITE, "出现了两次", |s| {
            edit(
                s,
                "site.yaml",
                "zones:",
                "  - {id: \"2\", name: 又一个2组, households: 5}\nzones:",
            )
        }),
        (&SITE, "不合规定", |s| {
            edit(s, "site.yaml", "{id: east,", "{id: 东片,")
        }),
        (&SITE, "主题名", |s| {
            edit(s, "site.yaml", "as_of:", "theme: 我的主题\nas_of:")
        }),
        (&SITE, "找不到主题文件夹", |s| {
            edit(s, "site.yaml", "as_of:", "theme: mine\nas_of:")
        }),
        (&SITE, "纸张", |s| {
            edit(s, "site.yaml", "as_of:", "print_paper: B5\nas_of:")
        }),
        (&QUORUM, "没有写明", |s| {
            edit(
                s,
                "site.yaml",
                "as_of:",
                "quorum:\n  representatives: {present: \"2/3\"}\nas_of:",
            )
        }),
        (&QUORUM, "分数写得不对", |s| {
            edit(
                s,
                "site.yaml",
                "as_of:",
                "quorum:\n  representatives: {present: \">= 3/2\"}\nas_of:",
            )
        }),
        (&QUORUM, "永远达不到", |s| {
            edit(
                s,
                "site.yaml",
                "as_of:",
                "quorum:\n  representatives: {for: \"> 1/1\"}\nas_of:",
            )
        }),
        (&QUORUM, "末尾看不懂", |s| {
            edit(
                s,
                "site.yaml",
                "as_of:",
                "quorum:\n  representatives: {for: \"> 1/2 of all\"}\nas_of:",
            )
        }),
        (&QUORUM, "不能写 of present", |s| {
            edit(
                s,
                "site.yaml",
                "as_of:",
                "quorum:\n  representatives: {present: \">= 2/3 of present\"}\nas_of:",
            )
        }),
        (&QUORUM, "低于", |s| {
            edit(
                s,
                "site.yaml",
                "as_of:",
                "quorum:\n  representatives: {present: \">= 1/2\"}\nas_of:",
            )
        }),
        (&QUORUM, "basis 不能是", |s| {
            edit(
                s,
                "site.yaml",
                "as_of:",
                "quorum:\n  villagers: {basis: families}\nas_of:",
            )
        }),
        // Fields and format.
        (&FORMAT, "不认识的字段", |s| {
            edit(s, ISSUE, "title:", "titel:")
        }),
        (&FORMAT, "写了两次", |s| {
            edit(s, ISSUE, "raised:", "title: 路灯\nraised:")
        }),
        (&FORMAT, "缺少必填字段", |s| {
            edit(s, ISSUE, "title: 村道路灯损坏\n", "")
        }),
        (&FORMAT, "后面写上内容", |s| {
            edit(s, ISSUE, "title: 村道路灯损坏", "title:")
        }),
        (&FORMAT, "一个列表", |s| {
            edit(s, ISSUE, "tags: [路灯]", "tags: 路灯")
        }),
        (&FORMAT, "一个数字", |s| {
            edit(s, RESOLUTION, "budget: 3000", "budget: 三千元")
        }),
        (&FORMAT, "整数", |s| {
            edit(s, VISIT, "\"2\": 30", "\"2\": 三十")
        }),
        (&FORMAT, "true 或 false", |s| {
            edit(s, PAGE, "menu: true", "menu: 是")
        }),
        (&FORMAT, "一组“字段: 值”", |s| {
            edit(
                s,
                RESOLUTION,
                "  result: {date: 2020-04-01, where: 村务公开栏}",
                "  result: 2020-04-01",
            )
        }),
        (&FORMAT, "YAML 格式有误", |s| {
            edit(s, ISSUE, "title: 村道路灯损坏", "title: 村道: 路灯损坏")
        }),
        (&FORMAT, "没有以 --- 开头", |s| {
            edit(s, ISSUE, "---\ntitle", "title")
        }),
        (&FORMAT, "找不到结束字段部分的 --- 行", |s| {
            edit(s, ISSUE, "---\n村民", "村民")
        }),
        (&FORMAT, "日期“2020-3-5”写得不对", |s| {
            edit(s, ISSUE, "raised: 2020-03-05", "raised: 2020-3-5")
        }),
        (&FORMAT, "不能是“inspecton”", |s| {
            edit(s, ISSUE, "source: inspection", "source: inspecton")
        }),
        (&FORMAT, "groups 里没有“9”", |s| {
            edit(s, ISSUE, "group: \"1\"", "group: \"9\"")
        }),
        (&FORMAT, "people 里没有“wang”", |s| {
            edit(s, MEETING, "[zhang, li]", "[zhang, wang]")
        }),
        (&FORMAT, "编号“第一号”不合规定", |s| {
            edit(s, ISSUE, "title:", "id: 第一号\ntitle:")
        }),
        (&FORMAT, "金额不能是负数", |s| {
            edit(s, RESOLUTION, "budget: 3000", "budget: -3000")
        }),
        (&FORMAT, "小数超过两位", |s| {
            edit(s, RESOLUTION, "budget: 3000", "budget: 3000.125")
        }),
        // Issues.
        (&ISSUES, "不在责任区", |s| {
            edit(s, "site.yaml", "groups: [\"1\", \"2\"]", "groups: [\"2\"]")
        }),
        (&ISSUES, "缺少 timeline", |s| {
            let text = std::fs::read_to_string(s.path(&format!("content/{ISSUE}"))).expect("issue");
            let start = text.find("timeline:").expect("timeline");
            let end = text.find("---\n村民").expect("end");
            s.file(ISSUE, &format!("{}{}", &text[..start], &text[end..]));
        }),
        (&ISSUES, "要写明上报给哪个部门", |s| {
            edit(s, ISSUE, "event: resolved}", "event: escalated}")
        }),
        (&ISSUES, "要写明理由", |s| {
            edit(s, ISSUE, "event: resolved}", "event: declined}")
        }),
        (&ISSUES, "要写明反馈给谁", |s| {
            edit(
                s,
                ISSUE,
                "event: feedback, audience: village}",
                "event: feedback}",
            )
        }),
        (&ISSUES, "第一条必须是 raised", |s| {
            edit(s, ISSUE, "  - {date: 2020-03-05, event: raised}\n", "")
        }),
        (&ISSUES, "不一致", |s| {
            edit(
                s,
                ISSUE,
                "{date: 2020-03-05, event: raised}",
                "{date: 2020-03-04, event: raised}",
            )
        }),
        (&ISSUES, "只能是第一条", |s| {
            edit(
                s,
                ISSUE,
                "event: analysed, meeting: 2020-03}",
                "event: raised}",
            )
        }),
        (&ISSUES, "按时间先后写", |s| {
            edit(
                s,
                ISSUE,
                "{date: 2020-03-10, event: resolved}",
                "{date: 2020-03-01, event: resolved}",
            )
        }),
        (
            &ISSUES,
            "只能在解决（resolved）或答复（declined）之后",
            |s| edit(s, ISSUE, "event: resolved}", "event: in-progress}"),
        ),
        (&ISSUES, "之后只能是 reopened", |s| {
            edit(s, ISSUE, "event: resolved}", "event: closed}")
        }),
        (&ISSUES, "还没有反馈给群众", |s| {
            edit(
                s,
                ISSUE,
                "  - {date: 2020-03-12, event: feedback, audience: village}\n",
                "",
            )
        }),
        // Ids and references.
        (&LINKS, "已被", |s| {
            s.file("issues/2020-002.md", &issue("2020-001", "重复的问题"));
        }),
        (&LINKS, "与网站自带的栏目", |s| {
            s.file("pages/stats.md", "---\ntitle: 统计说明\n---\n");
        }),
        (&LINKS, "与问题列表的栏目重名", |s| {
            s.file("issues/open.md", &issue("open", "问题"));
        }),
        (&LINKS, "找不到编号为“2020-099”的问题", |s| {
            edit(s, MEETING, "{issue: 2020-001,", "{issue: 2020-099,")
        }),
        (&LINKS, "规划的上级是", |s| {
            s.file("plans/2021.md", "---\ntitle: 2021年工作计划\nkind: annual\nstart: 2021-01-01\nend: 2021-12-31\nparent: \"2020\"\n---\n");
        }),
        (&LINKS, "绕成了圈", |s| {
            edit(s, PLAN, "projects:", "parent: 2020-Q1\nprojects:");
            s.file("plans/2020-Q1.md", "---\ntitle: 第一季度计划\nkind: quarterly\nstart: 2020-01-01\nend: 2020-03-31\nparent: \"2020\"\n---\n");
        }),
        (&LINKS, "落实的是规划", |s| {
            s.file("plans/2019.md", "---\ntitle: 2019年工作计划\nkind: annual\nstart: 2019-01-01\nend: 2019-12-31\nprojects:\n  - {id: roads, title: 村道}\n---\n");
            s.file("plans/2020-Q1.md", "---\ntitle: 第一季度计划\nkind: quarterly\nstart: 2020-01-01\nend: 2020-03-31\nparent: \"2020\"\nprojects:\n  - {id: east-road, title: 东片村道, implements: 2019/roads}\n---\n");
        }),
        // Resolutions.
        (&RESOLUTIONS, "body 只能写在决议", |s| {
            edit(
                s,
                RESOLUTION,
                "by: 党员大会,",
                "by: 党员大会, body: villagers,",
            )
        }),
        (&RESOLUTIONS, "这里缺少", |s| {
            edit(
                s,
                RESOLUTION,
                "by: 党员大会, members: 30, ",
                "by: 党员大会, ",
            )
        }),
        (&RESOLUTIONS, "应到人数是 0", |s| {
            edit(
                s,
                RESOLUTION,
                "by: 党员大会, members: 30, present: 25, for: 25",
                "by: 党员大会, members: 0, present: 0, for: 0",
            )
        }),
        (&RESOLUTIONS, "多于应到人数", |s| {
            edit(
                s,
                RESOLUTION,
                "by: 党员大会, members: 30, present: 25",
                "by: 党员大会, members: 30, present: 35",
            )
        }),
        (&RESOLUTIONS, "多于实到人数", |s| {
            edit(
                s,
                RESOLUTION,
                "by: 党员大会, members: 30, present: 25, for: 25, against: 0",
                "by: 党员大会, members: 30, present: 25, for: 25, against: 3",
            )
        }),
        (&RESOLUTIONS, "却缺少前面的", |s| {
            edit(s, RESOLUTION, "  review: {date: 2020-03-09, by: 党员大会, members: 30, present: 25, for: 25, against: 0, abstain: 0}\n", "")
        }),
        (&RESOLUTIONS, "早于商议", |s| {
            edit(
                s,
                RESOLUTION,
                "review: {date: 2020-03-09",
                "review: {date: 2020-03-02",
            )
        }),
        (&RESOLUTIONS, "要写明表决结果", |s| {
            edit(
                s,
                RESOLUTION,
                "by: 村民代表会议, members: 30, present: 25, for: 25, against: 0, abstain: 0}",
                "by: 村民代表会议}",
            )
        }),
        (&RESOLUTIONS, "但按表决结果应为", |s| {
            edit(s, RESOLUTION, "implementation: done", "outcome: rejected")
        }),
        (&RESOLUTIONS, "就不能有公开记录", |s| {
            edit(s, RESOLUTION, "  decision: {date: 2020-03-10, by: 村民代表会议, members: 30, present: 25, for: 25, against: 0, abstain: 0}\n", "")
        }),
        (&RESOLUTIONS, "早于决议日期", |s| {
            edit(
                s,
                RESOLUTION,
                "decision: {date: 2020-03-11",
                "decision: {date: 2020-03-09",
            )
        }),
        (&RESOLUTIONS, "早于决议的公开日期", |s| {
            edit(
                s,
                RESOLUTION,
                "result: {date: 2020-04-01",
                "result: {date: 2020-03-10",
            )
        }),
        // Plans.
        (&PLANS, "早于开始日期", |s| {
            edit(s, PLAN, "end: 2020-12-31", "end: 2019-12-31")
        }),
        (&PLANS, "不能以自己为上级", |s| {
            edit(s, PLAN, "projects:", "parent: \"2020\"\nprojects:")
        }),
        (&PLANS, "已经有编号为", |s| {
            edit(
                s,
                PLAN,
                "progress: 50}\n",
                "progress: 50}\n  - {id: lights, title: 路灯维修}\n",
            )
        }),
        (&PLANS, "超过预算", |s| {
            edit(s, PLAN, "spent: 2000", "spent: 3500")
        }),
        (&PLANS, "implements 写成", |s| {
            edit(
                s,
                PLAN,
                "    milestones:",
                "    implements: roads\n    milestones:",
            )
        }),
        (&PLANS, "不在 0 到 100 之间", |s| {
            edit(s, PLAN, "progress: 50", "progress: 150")
        }),
        (&PLANS, "不是大于 0 的数", |s| {
            edit(s, PLAN, "progress: 50", "progress: 50, weight: 0")
        }),
        // Visits.
        (&VISITS, "多于该组的", |s| {
            edit(s, VISIT, "\"2\": 30", "\"2\": 35")
        }),
        // Files and folders.
        (&FILES, "只能放 .yaml 文件", |s| {
            s.file("visits/notes.txt", "走访笔记");
        }),
        (&FILES, "已忽略", |s| {
            s.file("issue/2020-002.md", &issue("2020-002", "放错文件夹的问题"));
        }),
        (&FILES, "不是 UTF-8", |s| {
            s.bytes("issues/2020-002.md", b"---\ntitle: \xc2\xb7\xb5\xc6\n---\n");
        }),
        (&FILES, "文件太大", |s| {
            s.bytes("pages/big.md", &vec![b'a'; 5 * 1024 * 1024 + 1]);
        }),
        (&FILES, "与网站生成的文件重名", |s| {
            s.file("static/index.html", "<p>首页</p>");
        }),
        (&FILES, "指向站点文件夹以外", |s| {
            let outside = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
            link(&outside, &s.path("content/pages/notes.md"));
        }),
        // Personal data.
        (&PRIVACY, "公开内容里有手机号码", |s| {
            edit(s, ISSUE, "村民反映", "村民（13812345678）反映")
        }),
        (&PRIVACY, "文件名里有手机号码", |s| {
            s.file("pages/13812345678.md", "---\ntitle: 联系人\n---\n");
        }),
        (&PRIVACY, "别名", |s| {
            edit(
                s,
                ISSUE,
                "tags: [路灯]",
                "private: {who: &who 张三}\nreporter: *who\ntags: [路灯]",
            )
        }),
    ]
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).expect("a symbolic link");
}

#[cfg(not(unix))]
fn link(_target: &Path, _at: &Path) {}

/// What `gongkai check` reports of a site; when it finds nothing, what `gongkai build` adds
/// (the theme and static files are read by the build only).
fn problems(site: &Site) -> Vec<Diagnostic> {
    let checked = site.check();
    if !checked.diagnostics.is_empty() {
        return checked.diagnostics;
    }
    let out = site.path("public");
    site.build_into(&out, false).outcome.diagnostics
}

/// The case's site in `lang`, what gongkai says of it, and which of its problems the case is
/// about (the one whose Chinese words match; a broken file may cause others).
fn run_case(lang: Lang, words: &str, make: fn(&Site)) -> (Site, Vec<Diagnostic>, usize) {
    let zh = base(Lang::Zh);
    make(&zh);
    let found = problems(&zh);
    let at = found
        .iter()
        .position(|d| {
            d.message.contains(words) || d.hint.as_deref().is_some_and(|h| h.contains(words))
        })
        .unwrap_or_else(|| panic!("the case {words:?} finds:\n{}", shown(&found)));
    let place = (found[at].file.clone(), found[at].line, found[at].column);
    if lang == Lang::Zh {
        return (zh, found, at);
    }
    let site = base(lang);
    make(&site);
    let found = problems(&site);
    let at = found
        .iter()
        .position(|d| (d.file.clone(), d.line, d.column) == place)
        .unwrap_or_else(|| panic!("the case {words:?} in {lang:?} finds:\n{}", shown(&found)));
    (site, found, at)
}

fn catalogue(lang: Lang) -> String {
    let mut out = String::new();
    let mut part = "";
    let mut n = 0;
    for (p, words, make) in cases() {
        let (site, found, at) = run_case(lang, words, make);
        let title = if lang == Lang::Zh { p.0 } else { p.1 };
        if title != part {
            part = title;
            out += &format!("\n### {title}\n");
        }
        n += 1;
        let first = &found[at];
        let message = first.message.lines().next().unwrap_or("");
        out += &format!("\n#### {n}. {message}\n\n");
        let file = site.path(&first.file);
        let line = std::fs::read(&file)
            .ok()
            .filter(|b| b.len() < 100_000)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .and_then(|t| {
                t.lines()
                    .nth(first.line.wrapping_sub(1))
                    .map(str::to_string)
            })
            .filter(|_| first.line > 0);
        match (lang, line) {
            (Lang::Zh, Some(l)) => {
                out += &format!(
                    "`{}` 第 {} 行：\n\n```yaml\n{}\n```\n\n",
                    first.file, first.line, l
                )
            }
            (Lang::En, Some(l)) => {
                out += &format!(
                    "`{}`, line {}:\n\n```yaml\n{}\n```\n\n",
                    first.file, first.line, l
                )
            }
            _ => {}
        }
        out += &match lang {
            Lang::Zh => "gongkai 显示：\n\n```text\n".to_string(),
            Lang::En => "gongkai says:\n\n```text\n".to_string(),
        };
        for d in &found {
            out += &format!("{}\n", d.display(lang));
        }
        out += "```\n";
    }
    out
}

const BEGIN: &str = "<!-- catalogue: generated by tests/guide.rs, do not edit by hand -->\n";
const END: &str = "<!-- end of catalogue -->\n";

fn check_guide(lang: Lang, name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {name}: {e}"));
    let start = text
        .find(BEGIN)
        .unwrap_or_else(|| panic!("{name} has no catalogue marker"))
        + BEGIN.len();
    let end = text
        .find(END)
        .unwrap_or_else(|| panic!("{name} has no end marker"));
    let generated = catalogue(lang);
    if std::env::var_os("GONGKAI_UPDATE_GUIDE").is_some() {
        let updated = format!("{}{}\n{}", &text[..start], generated, &text[end..]);
        std::fs::write(&path, updated).expect("write the guide");
        return;
    }
    assert!(
        text[start..end] == format!("{generated}\n"),
        "the catalogue of {name} is out of date: run GONGKAI_UPDATE_GUIDE=1 cargo test --test guide"
    );
}

#[test]
fn the_chinese_guide_shows_every_message_as_gongkai_prints_it() {
    check_guide(Lang::Zh, "guide.zh-CN.md");
}

#[test]
fn the_english_guide_shows_every_message_as_gongkai_prints_it() {
    check_guide(Lang::En, "guide.en.md");
}

#[test]
fn the_base_site_of_the_catalogue_is_clean() {
    for lang in [Lang::Zh, Lang::En] {
        let found = problems(&base(lang));
        assert!(found.is_empty(), "{}", shown(&found));
    }
}
