//! `gongkai init DIR`: a new site that builds at once: site.yaml filled in, one example of each
//! kind of record (dated today, linked to each other as the daily routine links them), a
//! README for the clerk, the editor schemas, and nothing overwritten.

use super::templates::{self, Known};
use super::{problem, quarter};
use crate::date::Date;
use crate::diag::{choice_hint, Diagnostic, Lang};
use crate::model::PlanKind;
use crate::tr;
use std::path::{Path, PathBuf};

/// What `gongkai init` was asked for.
#[derive(Clone, Debug, Default)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub village: Option<String>,
    pub town: Option<String>,
    /// `zh-CN` (default) or `en`.
    pub language: Option<String>,
    /// The date of the examples (default: the system date).
    pub today: Option<Date>,
}

/// Writes the new site. Returns its language and the files written (relative to `dir`).
pub fn init(opts: &InitOptions) -> Result<(Lang, Vec<String>), (Lang, Vec<Diagnostic>)> {
    let lang = match opts.language.as_deref().map(str::trim) {
        None => Lang::Zh,
        Some(code) => Lang::from_code(code).ok_or_else(|| {
            let lang = Lang::Zh;
            (
                lang,
                vec![problem(
                    &format!("--language {code}"),
                    tr!(
                        lang,
                        "不支持的语言“{code}”",
                        "the language `{code}` is not supported"
                    ),
                    Some(choice_hint(lang, code, &["zh-CN", "en"])),
                )],
            )
        })?,
    };
    let dir = &opts.dir;
    if dir.exists() && !dir.is_dir() {
        let shown = dir.display().to_string();
        return Err((
            lang,
            vec![problem(
                &shown,
                tr!(
                    lang,
                    "{shown} 是一个文件，不是文件夹",
                    "{shown} is a file, not a folder"
                ),
                Some(tr!(
                    lang,
                    "换一个名字，如 gongkai init 我的村",
                    "choose another name, e.g. gongkai init my-village"
                )),
            )],
        ));
    }
    let today = opts.today.unwrap_or_else(Date::today);
    let files = files(lang, opts.village.as_deref(), opts.town.as_deref(), today);
    let existing: Vec<Diagnostic> = files
        .iter()
        .filter(|(rel, _)| dir.join(rel).exists())
        .map(|(rel, _)| {
            problem(
                &dir.join(rel).display().to_string(),
                tr!(
                    lang,
                    "这个文件已经存在，gongkai init 不会覆盖它",
                    "this file exists already, and gongkai init never overwrites a file"
                ),
                Some(tr!(
                    lang,
                    "换一个新的文件夹名，或先把这个文件移走；什么都没有写",
                    "choose a new folder, or move the file away first; nothing was written"
                )),
            )
        })
        .collect();
    if !existing.is_empty() {
        return Err((lang, existing));
    }
    let mut written = Vec::new();
    for (rel, text) in &files {
        if let Err(e) = write_new(&dir.join(rel), text) {
            let shown = dir.join(rel).display().to_string();
            return Err((
                lang,
                vec![problem(
                    &shown,
                    tr!(lang, "无法写入：{e}", "cannot write it: {e}"),
                    None,
                )],
            ));
        }
        written.push(rel.clone());
    }
    Ok((lang, written))
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

/// Every file of a new site: (path relative to the site folder, text).
pub fn files(
    lang: Lang,
    village: Option<&str>,
    town: Option<&str>,
    today: Date,
) -> Vec<(String, String)> {
    let village = village
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| tr!(lang, "示例村", "Example village"));
    let town = town.map(str::trim).filter(|t| !t.is_empty());
    let k = known(lang);
    let y = today.year;
    let (issue_id, meeting_id, res_id, plan_id, visit_id) = (
        format!("{y}-001"),
        format!("{y}-{:02}", today.month),
        format!("{y}-R01"),
        format!("{y}"),
        format!("{y}-1"),
    );
    let issue_ids = [issue_id.clone()];
    let people: Vec<String> = k.people.iter().map(|(id, _)| id.clone()).collect();
    let groups: Vec<String> = k.groups.iter().map(|(id, _)| id.clone()).collect();
    let mut out = vec![(
        "content/site.yaml".to_string(),
        site_yaml(&k, &village, town),
    )];

    let issue = templates::issue(
        &k,
        &templates::IssueValues {
            id: &issue_id,
            title: Some(&tr!(
                lang,
                "1组村道路灯损坏，夜间出行不便",
                "Street lights broken on the road of group 1"
            )),
            date: today,
            source: Some("home-visit"),
            group: Some("1"),
            category: Some("infrastructure"),
            body: Some(&tr!(
                lang,
                "（示例）上门家访时，1组村民反映村道上有三盏路灯不亮，晚上出行不便。\n",
                "(Example) During home visits, villagers of group 1 said three street lights were out.\n"
            )),
        },
    );
    // The example issue is analysed at the example meeting, as the routine goes.
    let raised = format!("  - {{date: {today}, event: raised}}\n");
    let analysed =
        format!("{raised}  - {{date: {today}, event: analysed, meeting: {meeting_id}}}\n");
    out.push((
        format!("content/issues/{y}/{issue_id}.md"),
        issue.replacen(&raised, &analysed, 1),
    ));
    let m = today.month;
    let meeting = templates::meeting(
        &k,
        &templates::MeetingValues {
            id: &meeting_id,
            title: &tr!(
                lang,
                "{m}月村情民意分析例会",
                "Monthly analysis meeting, {y}-{m:02}"
            ),
            date: today,
            items: &issue_ids,
            attendees: &people,
        },
    );
    let filled = tr!(
        lang,
        "    finding: （示例）灯具老化，线路完好\n    action: 更换三盏路灯的灯具\n    assignee: zhuren\n    due: {y}-12-31\n",
        "    finding: (Example) old lamps; the wiring is sound\n    action: replace the three lamps\n    assignee: zhuren\n    due: {y}-12-31\n"
    );
    out.push((
        format!("content/meetings/{meeting_id}.md"),
        meeting.replacen("    finding:\n    action:\n    assignee:\n", &filled, 1),
    ));
    out.push((
        format!("content/resolutions/{res_id}.md"),
        templates::resolution(
            &k,
            &templates::ResolutionValues {
                id: &res_id,
                title: Some(&tr!(
                    lang,
                    "全村路灯统一更换为节能灯",
                    "Replace every street light with an LED lamp"
                )),
                date: today,
                issues: &issue_ids,
                finding: Some(&tr!(
                    lang,
                    "（示例）全村查看后发现，各组共有二十多盏路灯老化",
                    "(Example) a check across the village found over twenty old lamps"
                )),
            },
        ),
    ));
    out.push((
        format!("content/plans/{plan_id}.md"),
        templates::plan(
            &k,
            &templates::PlanValues {
                id: &plan_id,
                title: &tr!(lang, "{village}{y}年工作计划", "{village}: work plan {y}"),
                kind: PlanKind::Annual,
                start: Date {
                    year: y,
                    month: 1,
                    day: 1,
                },
                end: Date {
                    year: y,
                    month: 12,
                    day: 31,
                },
                parent: None,
                project: Some(templates::ProjectValues {
                    id: "street-lights",
                    title: &tr!(lang, "路灯更换", "Street lights"),
                    category: Some("infrastructure"),
                    owner: k.people.get(1).map(|(id, _)| id.as_str()),
                    issues: &issue_ids,
                    milestone: &tr!(lang, "全部更换完成", "All lamps replaced"),
                    due: Date {
                        year: y,
                        month: 12,
                        day: 31,
                    },
                }),
            },
        ),
    ));
    out.push((
        format!("content/visits/{visit_id}.yaml"),
        templates::visit(
            &k,
            &templates::VisitValues {
                id: &visit_id,
                title: &tr!(lang, "{y}年第1轮上门家访", "Home visits {y}, round 1"),
                start: today,
                end: quarter(today).1,
                team: &tr!(lang, "第一走访组", "Team 1"),
                members: &people,
                groups: &groups,
            },
        ),
    ));
    out.push((
        "content/pages/about.md".to_string(),
        templates::page(
            &k,
            &templates::PageValues {
                id: "about",
                title: Some(&tr!(lang, "关于本站", "About this site")),
                body: Some(&tr!(
                    lang,
                    "这里是{village}的村务公开网站：村民反映的问题和办理经过、会议、决议、规划和走访，都在这里公开。\n",
                    "This is the public-affairs site of {village}: the issues villagers raised and how each was handled, the meetings, resolutions, plans and visits.\n"
                )),
            },
        ),
    ));
    out.push(("README.md".to_string(), readme(lang, &village, y)));
    out.push((
        ".gitignore".to_string(),
        "/public/\n/.public.*\n".to_string(),
    ));
    for s in crate::schema::schemas() {
        out.push((
            format!("schema/{}.json", s.name),
            crate::schema::text(&s.schema),
        ));
    }
    let settings = crate::schema::vscode_settings("schema");
    out.push((
        ".vscode/settings.json".to_string(),
        crate::schema::text(&settings),
    ));
    out
}

/// The example village's groups, zones, people and categories.
fn known(lang: Lang) -> Known {
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    let groups = (1..=3)
        .map(|n| pair(&n.to_string(), &tr!(lang, "{n}组", "Group {n}")))
        .collect();
    Known {
        lang,
        groups,
        zones: vec![
            pair("east", &tr!(lang, "东片", "East")),
            pair("west", &tr!(lang, "西片", "West")),
        ],
        people: vec![
            pair("shuji", &tr!(lang, "王书记", "Secretary Wang")),
            pair("zhuren", &tr!(lang, "李主任", "Director Li")),
        ],
        categories: crate::resolve::default_categories(lang)
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
    }
}

fn site_yaml(k: &Known, village: &str, town: Option<&str>) -> String {
    let lang = k.lang;
    let v = templates::scalar(village);
    let title = templates::scalar(&tr!(
        lang,
        "{village}村务公开",
        "{village}: village affairs"
    ));
    let mut s = String::new();
    let c = |s: &mut String, zh: &str, en: &str| {
        let text = if lang == Lang::Zh { zh } else { en };
        for l in text.lines() {
            s.push_str(&format!("# {l}\n"));
        }
    };
    c(
        &mut s,
        "站点设置。以“#”开头的行是说明，不会发布，可以删掉。",
        "The site's settings. Lines starting with # are notes: never published, free to delete.",
    );
    c(&mut s, "网站标题（必填）", "The site's title (required)");
    s += &format!("title: {title}\n");
    c(&mut s, "村名（必填）", "The village (required)");
    s += &format!("village: {v}\n");
    c(&mut s, "镇（可选）", "The town (optional)");
    s += &match town {
        Some(t) => format!("town: {}\n", templates::scalar(t)),
        None => tr!(lang, "# town: 示例镇\n", "# town: Example town\n"),
    };
    c(
        &mut s,
        "网站和提示信息的语言：zh-CN（中文）或 en（英文）",
        "The language of the site and of gongkai's messages: zh-CN (Chinese) or en (English)",
    );
    s += &format!("language: {}\n", lang.code());
    c(
        &mut s,
        "网站发布的完整网址（必填）：发布前改成真实的网址。订阅、网站地图和二维码都用它。",
        "Where the site is published (required): change it to the real address before publishing.\nThe feed, the sitemap and the QR codes use it.",
    );
    s += "base_url: https://example.org/village/\n";
    c(
        &mut s,
        "检查“逾期”和“超过 14 天没反馈”时当作今天的日期；不写就用当天",
        "The \"today\" of overdue and feedback checks; when left out, the actual date",
    );
    s += "# as_of: 2026-01-31\n";
    c(
        &mut s,
        "解决或答复后，多少天内要反馈给群众",
        "Days within which a resolved or declined issue should be fed back",
    );
    s += "feedback_days: 14\n";
    c(
        &mut s,
        "可以公开的电话号码（如村委会办公电话）。村民个人的电话不能公开。",
        "Phone numbers that may be published (such as the village office). Never a villager's own.",
    );
    s += "public_numbers: []\n";
    c(
        &mut s,
        "村民小组（必填），按显示顺序每组一行；households 是户数，走访覆盖率按它算",
        "The villager groups (required), one per line in display order; households counts for visits",
    );
    s += "groups:\n";
    for (id, name) in &k.groups {
        s += &format!("  - {{id: \"{id}\", name: {name}, households: 40}}\n");
    }
    c(
        &mut s,
        "责任区（可选）：每片包括哪些小组",
        "Responsibility zones (optional) and their groups",
    );
    s += "zones:\n";
    s += &tr!(
        lang,
        "  - {{id: east, name: 东片, groups: [\"1\", \"2\"]}}\n  - {{id: west, name: 西片, groups: [\"3\"]}}\n",
        "  - {{id: east, name: East, groups: [\"1\", \"2\"]}}\n  - {{id: west, name: West, groups: [\"3\"]}}\n"
    );
    c(
        &mut s,
        "村干部和查访员（只写公职人员）。id 是记录里指这个人用的编号：英文字母、数字和 -",
        "Cadres and inspectors (public officials only). The id is how records name them: letters, digits, -",
    );
    s += "people:\n";
    s += &tr!(
        lang,
        "  - {{id: shuji, name: 王书记, role: 村党总支书记}}\n  - {{id: zhuren, name: 李主任, role: 村委会主任}}\n",
        "  - {{id: shuji, name: Secretary Wang, role: Party branch secretary}}\n  - {{id: zhuren, name: Director Li, role: Villagers' committee director}}\n"
    );
    c(
        &mut s,
        "问题的类别。可以增删改；整段删掉就用内置的这一套",
        "Categories of issues: add, remove or rename; without this list the same built-in set is used",
    );
    s += "categories:\n";
    for (id, name) in &k.categories {
        s += &format!("  - {{id: {id}, name: {}}}\n", templates::scalar(name));
    }
    s
}

fn readme(lang: Lang, village: &str, y: i32) -> String {
    match lang {
        Lang::Zh => format!(
            "# {village}村务公开网站

这个文件夹里是{village}村务公开网站的全部内容。gongkai 把 content/ 里的文件检查一遍，
生成一个可以放到任何网站服务器上的网站（public/ 文件夹）。

## 文件夹里有什么

| 位置 | 内容 |
| --- | --- |
| content/site.yaml | 村的基本情况：村民小组、责任区、村干部、问题类别，和网站的网址 |
| content/issues/ | 民情事项：每个问题一个 .md 文件，按年份放在子文件夹里 |
| content/meetings/ | 会议：每次会议一个文件，如每月的村情民意分析例会 |
| content/resolutions/ | 决议：“四议”的经过和“两公开” |
| content/plans/ | 规划和计划：五年规划、年度计划、季度计划和它们的项目 |
| content/visits/ | 上门家访：每轮一个 .yaml 文件 |
| content/pages/ | 其他页面，如“关于本站” |
| content/static/ | 图片等文件，原样发布 |
| public/ | gongkai build 生成的网站：整个上传到网站服务器，不要手工修改 |
| schema/ | 给编辑器用的格式说明（见下面“编辑器”） |

每种记录都有一个示例（{y}-001 号问题、它的分析例会、决议、{y} 年工作计划、第一轮走访、
“关于本站”页面），都用今天的日期。照着改，或者删掉。发布前，把 site.yaml 里的 base_url
改成真实的网址，核对村民小组（groups）和人员（people）。

## 常用命令（在这个文件夹里运行）

| 要做的事 | 命令 |
| --- | --- |
| 边改边在浏览器里预览（保存后自动刷新） | gongkai serve |
| 记一个新问题 | gongkai new issue --title \"问题的标题\" --group 1 --source home-visit |
| 开月度分析例会 | gongkai new meeting |
| 新的决议 | gongkai new resolution --title \"决议的名称\" |
| 本年度、本季度的计划 | gongkai new plan |
| 新一轮上门家访 | gongkai new visit |
| 新页面 | gongkai new page --id how-to-raise --title \"怎样反映问题\" |
| 检查有没有写错 | gongkai check |
| 生成网站 | gongkai build |

gongkai new 会告诉你新文件在哪里。文件里“#”开头的行是说明，告诉你每一项该怎么填。
gongkai check 发现的每个问题都说明在哪个文件第几行、错在哪里、怎么改。

## 编辑器

用 VS Code 打开这个文件夹，装上 Red Hat 的 YAML 插件，编辑 site.yaml 和 visits/ 里的文件时
会自动提示可以填什么、标出写错的地方（.vscode/settings.json 已经设好）。.md 文件开头的字段
编辑器不检查，请用 gongkai check 或 gongkai serve。gongkai 升级后运行 gongkai schema
更新 schema/ 里的说明。

## 更多

《文书手册》（gongkai 的 docs/guide.zh-CN.md）：从安装、每天的工作，到发布网站，
以及每一条错误提示的例子和改法。
"
        ),
        Lang::En => format!(
            "# {village}: village affairs

This folder holds the whole public-affairs site of {village}. gongkai checks the files under
content/ and writes a website (the public/ folder) that any web server can serve.

## What is here

| where | what |
| --- | --- |
| content/site.yaml | the village: groups, zones, cadres, categories, and the site's address |
| content/issues/ | issues: one .md file each, in a folder per year |
| content/meetings/ | meetings, such as the monthly analysis meeting |
| content/resolutions/ | resolutions: the four steps and the two publications |
| content/plans/ | plans: five-year, annual and quarterly, with their projects |
| content/visits/ | home-visit rounds: one .yaml file each |
| content/pages/ | other pages, such as About |
| content/static/ | pictures and other files, published as they are |
| public/ | the site written by gongkai build: upload it whole, never edit it |
| schema/ | descriptions of the format for your editor (see Editor below) |

There is one example of each kind of record (issue {y}-001, the meeting that analysed it, a
resolution, the plan of {y}, a first round of visits, an About page), dated today. Change them
or delete them. Before publishing, set base_url in site.yaml to the real address and check the
groups and people.

## Commands (run them in this folder)

| to | run |
| --- | --- |
| preview in a browser while editing (reloads on save) | gongkai serve |
| record a new issue | gongkai new issue --title \"what was raised\" --group 1 --source home-visit |
| hold the monthly analysis meeting | gongkai new meeting |
| a new resolution | gongkai new resolution --title \"its title\" |
| the year's or the quarter's plan | gongkai new plan |
| a new round of home visits | gongkai new visit |
| a new page | gongkai new page --id how-to-raise --title \"How to raise an issue\" |
| check for mistakes | gongkai check |
| write the site | gongkai build |

gongkai new says where the new file is. Lines starting with # in it say what each field takes.
Each problem gongkai check finds names the file and line, says what is wrong and how to fix it.

## Editor

Open this folder in VS Code with Red Hat's YAML extension: site.yaml and the files in visits/
are checked and completed as you type (.vscode/settings.json sets it up). Editors do not check
the fields at the top of .md files: use gongkai check or gongkai serve. After upgrading
gongkai, run gongkai schema to refresh schema/.

## More

The clerk's guide (docs/guide.en.md of gongkai): installing, the daily routine, publishing,
and every error message with an example and its fix.
"
        ),
    }
}
