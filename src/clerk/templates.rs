//! The text of a new record of each kind: the required fields (blank where the clerk must
//! write them), the optional ones commented out, and a short comment in the site's language
//! above each saying what it takes. `init` uses the same templates, filled with an example.

use crate::date::Date;
use crate::diag::Lang;
use crate::model::{Audience, EventKind, Implementation, MeetingKind, PlanKind, Source};
use crate::schema::code_list;
use crate::tr;

/// What a template needs to know of the site: its language and the ids it may refer to.
#[derive(Clone, Debug, Default)]
pub struct Known {
    pub lang: Lang,
    /// (id, name), in site.yaml's order.
    pub groups: Vec<(String, String)>,
    pub zones: Vec<(String, String)>,
    pub people: Vec<(String, String)>,
    pub categories: Vec<(String, String)>,
}

impl Known {
    pub fn of(site: &crate::model::Site) -> Known {
        Known {
            lang: site.lang,
            groups: site
                .groups
                .iter()
                .map(|g| (g.id.clone(), g.name.clone()))
                .collect(),
            zones: site
                .zones
                .iter()
                .map(|z| (z.id.clone(), z.name.clone()))
                .collect(),
            people: site
                .people
                .iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect(),
            categories: site
                .categories
                .iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect(),
        }
    }
}

/// `id 名称 · id 名称`, at most 12, for a comment.
fn choices(list: &[(String, String)]) -> String {
    let mut shown: Vec<String> = list
        .iter()
        .take(12)
        .map(|(id, name)| {
            if id == name {
                id.clone()
            } else {
                format!("{id} {name}")
            }
        })
        .collect();
    if list.len() > 12 {
        shown.push("…".into());
    }
    shown.join(" · ")
}

/// A YAML scalar: plain when that reads back as the same text, else double-quoted (JSON's
/// quoting is valid YAML). Ids made of digits are quoted so that they stay text.
pub fn scalar(text: &str) -> String {
    let plain_char = |c: char| {
        c.is_alphanumeric()
            || "-_()（）、，。·/".contains(c)
            || (c == ' ' && !text.starts_with(' ') && !text.ends_with(' '))
    };
    let keyword = matches!(
        text.to_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
    );
    let numeric = text.parse::<f64>().is_ok();
    let plain = !text.is_empty()
        && !keyword
        && !numeric
        && !text.starts_with('-')
        && text.chars().all(plain_char);
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
    }
}

/// `key: value`, or `key:` left blank for the clerk to fill in.
fn field(key: &str, value: Option<&str>) -> String {
    match value {
        Some(v) => format!("{key}: {}\n", scalar(v)),
        None => format!("{key}:\n"),
    }
}

fn comment(text: &str) -> String {
    text.lines().map(|l| format!("# {l}\n")).collect()
}

fn head(lang: Lang, what_zh: &str, what_en: &str) -> String {
    comment(&tr!(
        lang,
        "{what_zh}。以“#”开头的行是说明，不会发布，可以删掉。",
        "{what_en}. Lines starting with # are notes: never published, free to delete."
    ))
}

fn id_line(lang: Lang, id: &str, example: &str) -> String {
    comment(&tr!(
        lang,
        "编号：英文字母、数字和 -，不能和同类记录重复，如 {example}",
        "The id: letters, digits and -, unique among records of this kind, e.g. {example}"
    )) + &field("id", Some(id))
}

const PRIVATE_ZH: &str = "村民的电话、身份证号等个人信息不能公开，只能写在 private: 下（不会发布）";
const PRIVATE_EN: &str =
    "Villagers' phone and ID numbers must never be published: write them under private: only";

fn private_lines(lang: Lang) -> String {
    comment(&tr!(lang, "{PRIVATE_ZH}", "{PRIVATE_EN}")) + "# private: {contact: \"\"}\n"
}

/// The values of a new issue; `None` leaves the field blank.
pub struct IssueValues<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub date: Date,
    pub source: Option<&'a str>,
    pub group: Option<&'a str>,
    pub category: Option<&'a str>,
    pub body: Option<&'a str>,
}

pub fn issue(k: &Known, v: &IssueValues) -> String {
    let lang = k.lang;
    let date = v.date;
    let mut s = String::from("---\n");
    s += &head(
        lang,
        "民情事项：村民反映的一个问题",
        "An issue raised by villagers",
    );
    s += &id_line(lang, v.id, &format!("{}-001", date.year));
    s += &comment(&tr!(
        lang,
        "标题（必填）：一句话说清反映了什么",
        "Title (required): the issue in one line"
    ));
    s += &field("title", v.title);
    s += &comment(&tr!(
        lang,
        "受理日期（必填）：年-月-日",
        "Raised on (required): YYYY-MM-DD"
    ));
    s += &format!("raised: {date}\n");
    let sources = code_list(lang, "source", Source::CODES);
    s += &comment(&tr!(
        lang,
        "来源（必填）：{sources}",
        "Source (required): {sources}"
    ));
    s += &field("source", v.source);
    let groups = choices(&k.groups);
    s += &comment(&tr!(
        lang,
        "村民小组（必填），写 site.yaml 里 groups 的编号：{groups}",
        "Villager group (required), an id under groups in site.yaml: {groups}"
    ));
    s += &match v.group {
        Some(g) => format!("group: {}\n", serde_json::to_string(g).unwrap_or_default()),
        None => "group:\n".into(),
    };
    let categories = choices(&k.categories);
    s += &comment(&tr!(
        lang,
        "类别（必填）：{categories}",
        "Category (required): {categories}"
    ));
    s += &field("category", v.category);
    if let Some((z, _)) = k.zones.first() {
        let zones = choices(&k.zones);
        s += &comment(&tr!(
            lang,
            "责任区（可选）：{zones}",
            "Responsibility zone (optional): {zones}"
        ));
        s += &format!("# zone: {z}\n");
    }
    s += &comment(&tr!(
        lang,
        "反映人（可选）：写可以公开的称呼，如 查访员；不要写村民的姓名和电话",
        "Reporter (optional): as may be shown publicly, e.g. an inspector; never a villager's name or phone"
    ));
    s += &tr!(lang, "# reporter: 查访员\n", "# reporter: inspector\n");
    if let Some((p, _)) = k.people.first() {
        let people = choices(&k.people);
        s += &comment(&tr!(
            lang,
            "责任人（可选），写 people 的编号：{people}",
            "Person responsible (optional), an id under people: {people}"
        ));
        s += &format!("# assignee: {p}\n");
    }
    s += &comment(&tr!(lang, "标签（可选）", "Tags (optional)"));
    s += &tr!(lang, "# tags: [路灯]\n", "# tags: [street lights]\n");
    let events = code_list(lang, "event", EventKind::CODES);
    let audiences = code_list(lang, "audience", Audience::CODES);
    s += &comment(&tr!(
        lang,
        "办理经过（必填）：按日期先后，每有进展加一行 {{date: 日期, event: 事件, note: 说明}}
事件：{events}
analysed 可加 meeting: 会议编号；assigned 加 assignee: 人员编号；escalated 必须加 to: 上报的部门；
declined 必须加 note: 不予支持的理由；feedback 必须加 audience：{audiences}",
        "What happened (required), in date order, one line per step {{date: …, event: …, note: …}}
Events: {events}
analysed may take meeting: a meeting id; assigned takes assignee: a person id; escalated needs
to: the department; declined needs note: the reason; feedback needs audience: {audiences}"
    ));
    s += &format!("timeline:\n  - {{date: {date}, event: raised}}\n");
    s += &private_lines(lang);
    s += "---\n";
    s += v.body.unwrap_or(&tr!(
        lang,
        "在这里写：反映了什么问题，分析找到的症结，怎么办理的。\n",
        "Write here what was raised, what the analysis found and what was done.\n"
    ));
    s
}

pub struct MeetingValues<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Date,
    /// Issues to analyse: a blank item for each.
    pub items: &'a [String],
    pub attendees: &'a [String],
}

pub fn meeting(k: &Known, v: &MeetingValues) -> String {
    let lang = k.lang;
    let mut s = String::from("---\n");
    s += &head(
        lang,
        "会议：如每月的村情民意分析例会",
        "A meeting, such as the monthly analysis meeting",
    );
    s += &id_line(lang, v.id, &format!("{}-{:02}", v.date.year, v.date.month));
    s += &comment(&tr!(lang, "会议名称（必填）", "Title (required)"));
    s += &field("title", Some(v.title));
    s += &comment(&tr!(lang, "会议日期（必填）", "Date (required)"));
    s += &format!("date: {}\n", v.date);
    let kinds = code_list(lang, "meeting_kind", MeetingKind::CODES);
    s += &comment(&tr!(lang, "会议类型：{kinds}", "Kind: {kinds}"));
    s += "kind: analysis\n";
    let people = choices(&k.people);
    s += &comment(&tr!(
        lang,
        "出席人员，写 people 的编号：{people}",
        "Attendees, ids under people: {people}"
    ));
    s += &format!("attendees: [{}]\n", v.attendees.join(", "));
    s += &comment(&tr!(
        lang,
        "逐个分析的问题：issue 问题编号（必填）；finding 症结；action 措施；assignee 责任人；
due 期限；escalate_to 要上报的部门。会上没讨论的就删掉。",
        "Each issue analysed: issue (required); finding: the root cause; action; assignee;
due; escalate_to: the department to escalate to. Delete those not discussed."
    ));
    if v.items.is_empty() {
        s += "items: []\n";
        s += &tr!(
            lang,
            "# items:\n#   - {{issue: 2026-001, finding: 症结, action: 措施, assignee: 人员编号, due: 2026-06-30}}\n",
            "# items:\n#   - {{issue: 2026-001, finding: the cause, action: what to do, assignee: a person id, due: 2026-06-30}}\n"
        );
    } else {
        s += "items:\n";
        for issue in v.items {
            s += &format!(
                "  - issue: {}\n    finding:\n    action:\n    assignee:\n",
                scalar(issue)
            );
        }
    }
    s += "---\n";
    s += &tr!(lang, "会议记录。\n", "Minutes.\n");
    s
}

pub struct ResolutionValues<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub date: Date,
    pub issues: &'a [String],
    pub finding: Option<&'a str>,
}

pub fn resolution(k: &Known, v: &ResolutionValues) -> String {
    let lang = k.lang;
    let date = v.date;
    let mut s = String::from("---\n");
    s += &head(
        lang,
        "决议：经过“四议”，再“两公开”",
        "A resolution: the four steps, then the two publications",
    );
    s += &id_line(lang, v.id, &format!("{}-R01", date.year));
    s += &comment(&tr!(lang, "决议名称（必填）", "Title (required)"));
    s += &field("title", v.title);
    s += &comment(&tr!(
        lang,
        "这项决议回应的问题编号，如 [2026-001, 2026-004]",
        "The issues it answers, e.g. [2026-001, 2026-004]"
    ));
    s += &format!("issues: [{}]\n", v.issues.join(", "));
    s += &comment(&tr!(
        lang,
        "全村的情况（放大镜）：同样的问题全村有多少人、多少户",
        "The village-wide finding (the magnifier): how many share the problem"
    ));
    s += &field("finding", v.finding);
    s += &comment(&tr!(
        lang,
        "涉及的人数或户数、预算（元）（可选）",
        "People or households concerned, budget in yuan (optional)"
    ));
    s += "# affected: 0\n# budget: 0\n";
    s += &comment(&tr!(
        lang,
        "四议，按 提议 → 商议 → 审议 → 决议 的顺序，每做完一步，去掉那一行前面的 # 并填好：
members 应到人数，present 实到，for 赞成，against 反对，abstain 弃权",
        "The four steps, proposal → deliberation → review → decision: as each is done, remove
the # before its line and fill it in: members, present, for, against, abstain"
    ));
    s += "steps:\n";
    s += &tr!(
        lang,
        "  proposal: {{date: {date}, by: 村党组织}}\n  # deliberation: {{date: 年-月-日, by: 村两委联席会议}}\n  # review: {{date: 年-月-日, by: 党员大会, members: 0, present: 0, for: 0, against: 0, abstain: 0}}\n  # decision: {{date: 年-月-日, by: 村民代表会议, members: 0, present: 0, for: 0, against: 0, abstain: 0}}\n",
        "  proposal: {{date: {date}, by: Party branch}}\n  # deliberation: {{date: YYYY-MM-DD, by: Joint committee meeting}}\n  # review: {{date: YYYY-MM-DD, by: Party members' meeting, members: 0, present: 0, for: 0, against: 0, abstain: 0}}\n  # decision: {{date: YYYY-MM-DD, by: Villager representatives' meeting, members: 0, present: 0, for: 0, against: 0, abstain: 0}}\n"
    );
    s += &comment(&tr!(
        lang,
        "两公开（都在决议之后）：decision 决议公开，result 实施结果公开",
        "The two publications (after the decision): decision, then result"
    ));
    s += &tr!(
        lang,
        "# published:\n#   decision: {{date: 年-月-日, where: 村务公开栏}}\n#   result: {{date: 年-月-日, where: 村务公开栏, note: 说明}}\n",
        "# published:\n#   decision: {{date: YYYY-MM-DD, where: village notice board}}\n#   result: {{date: YYYY-MM-DD, where: village notice board, note: …}}\n"
    );
    let kinds = code_list(lang, "implementation", Implementation::CODES);
    s += &comment(&tr!(
        lang,
        "实施情况（可选）：{kinds}",
        "Carried out (optional): {kinds}"
    ));
    s += "# implementation: not-started\n";
    s += "---\n";
    s += &tr!(
        lang,
        "在这里写决议的内容和理由。\n",
        "Write the resolution and its reasons here.\n"
    );
    s
}

/// One project of an example plan.
pub struct ProjectValues<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub category: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub issues: &'a [String],
    pub milestone: &'a str,
    pub due: Date,
}

pub struct PlanValues<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: PlanKind,
    pub start: Date,
    pub end: Date,
    pub parent: Option<&'a str>,
    pub project: Option<ProjectValues<'a>>,
}

pub fn plan(k: &Known, v: &PlanValues) -> String {
    let lang = k.lang;
    let mut s = String::from("---\n");
    s += &head(
        lang,
        "规划或计划：五年规划、年度计划、季度计划，和它的项目",
        "A plan (five-year, annual, quarterly) and its projects",
    );
    s += &id_line(lang, v.id, &format!("{}-Q1", v.start.year));
    s += &comment(&tr!(lang, "名称（必填）", "Title (required)"));
    s += &field("title", Some(v.title));
    let kinds = code_list(lang, "plan_kind", PlanKind::CODES);
    s += &comment(&tr!(
        lang,
        "类型（必填）：{kinds}",
        "Kind (required): {kinds}"
    ));
    s += &format!("kind: {}\n", v.kind.code());
    s += &comment(&tr!(
        lang,
        "开始和结束日期（必填）",
        "Start and end (required)"
    ));
    s += &format!("start: {}\nend: {}\n", v.start, v.end);
    s += &comment(&tr!(
        lang,
        "上级规划的编号（可选）：季度计划的上级是年度计划，年度计划的上级是五年规划",
        "The plan this one carries out (optional): a quarter's plan carries out the year's"
    ));
    s += &match v.parent {
        Some(p) => format!("parent: {}\n", serde_json::to_string(p).unwrap_or_default()),
        None => "# parent: \"2021-2025\"\n".into(),
    };
    let people = choices(&k.people);
    s += &comment(&tr!(
        lang,
        "项目（实事项目），每个一段：
  id 项目编号（必填，本规划里不重复）；title 名称（必填）；category 类别；owner 负责人（{people}）；
  budget 预算（元）；spent 已支出（元）；issues 提出它的问题编号；
  implements 落实上级规划的哪个项目，写 规划编号/项目编号；cancelled: true 表示取消；
  milestones 节点：title 名称，due 期限，done 完成日期（写了就算完成），progress 完成百分比 0–100",
        "Projects, one block each:
  id (required, unique in the plan); title (required); category; owner ({people});
  budget and spent (yuan); issues: the issues that asked for it;
  implements: PLAN-ID/PROJECT-ID of the parent plan's project; cancelled: true when cancelled;
  milestones: title, due, done (the date it was done), progress (percent, 0–100)"
    ));
    match &v.project {
        None => {
            let end = v.end;
            s += "projects: []\n";
            s += &tr!(
                lang,
                "# projects:\n#   - id: road-repair\n#     title: 村道修复\n#     budget: 0\n#     milestones:\n#       - {{title: 勘察设计, due: {end}, progress: 0}}\n",
                "# projects:\n#   - id: road-repair\n#     title: Road repair\n#     budget: 0\n#     milestones:\n#       - {{title: Survey and design, due: {end}, progress: 0}}\n"
            );
        }
        Some(p) => {
            s += "projects:\n";
            s += &format!("  - id: {}\n", p.id);
            s += &format!("    title: {}\n", scalar(p.title));
            if let Some(c) = p.category {
                s += &format!("    category: {c}\n");
            }
            if let Some(o) = p.owner {
                s += &format!("    owner: {o}\n");
            }
            s += "    budget: 0\n    spent: 0\n";
            if !p.issues.is_empty() {
                s += &format!("    issues: [{}]\n", p.issues.join(", "));
            }
            s += "    milestones:\n";
            s += &format!(
                "      - {{title: {}, due: {}, progress: 0}}\n",
                scalar(p.milestone),
                p.due
            );
        }
    }
    s += "---\n";
    s += &tr!(
        lang,
        "在这里写规划的目标和说明。\n",
        "Write the plan's aims here.\n"
    );
    s
}

pub struct VisitValues<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub start: Date,
    pub end: Date,
    pub team: &'a str,
    pub members: &'a [String],
    pub groups: &'a [String],
}

pub fn visit(k: &Known, v: &VisitValues) -> String {
    let lang = k.lang;
    let mut s = head(
        lang,
        "一轮上门家访（这个文件只有字段，没有正文）",
        "A round of home visits (fields only, no text)",
    );
    s += &id_line(lang, v.id, &format!("{}-1", v.start.year));
    s += &comment(&tr!(lang, "名称（必填）", "Title (required)"));
    s += &field("title", Some(v.title));
    s += &comment(&tr!(
        lang,
        "开始和结束日期（必填）",
        "Start and end (required)"
    ));
    s += &format!("start: {}\nend: {}\n", v.start, v.end);
    let people = choices(&k.people);
    let groups = choices(&k.groups);
    s += &comment(&tr!(
        lang,
        "走访组：name 组名；members 组员，写 people 的编号（{people}）；groups 负责的小组（{groups}）",
        "Teams: name; members, ids under people ({people}); groups, the groups it visits ({groups})"
    ));
    let quoted: Vec<String> = v
        .groups
        .iter()
        .map(|g| serde_json::to_string(g).unwrap_or_default())
        .collect();
    s += &format!(
        "teams:\n  - {{name: {}, members: [{}], groups: [{}]}}\n",
        scalar(v.team),
        v.members.join(", "),
        quoted.join(", ")
    );
    s += &comment(&tr!(
        lang,
        "每个小组已走访的户数，如 {{\"1\": 42, \"2\": 38}}；覆盖率按 site.yaml 里的户数计算",
        "Households visited in each group, e.g. {{\"1\": 42, \"2\": 38}}; coverage is counted against site.yaml"
    ));
    s += "visited: {}\n";
    s
}

pub struct PageValues<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub body: Option<&'a str>,
}

pub fn page(k: &Known, v: &PageValues) -> String {
    let lang = k.lang;
    let mut s = String::from("---\n");
    s += &head(
        lang,
        "页面：如“关于本村”“怎样反映问题”",
        "A free page, such as About or How to raise an issue",
    );
    s += &comment(&tr!(
        lang,
        "编号就是网址：id: about 的页面在 /about/；英文字母、数字和 -",
        "The id is the address: the page with id: about is at /about/; letters, digits and -"
    ));
    s += &field("id", Some(v.id));
    s += &comment(&tr!(lang, "标题（必填）", "Title (required)"));
    s += &field("title", v.title);
    s += &comment(&tr!(
        lang,
        "写 true 就在网站的菜单里列出；weight 是菜单里的顺序，小的在前",
        "true lists it in the site menu; weight is its order there, smaller first"
    ));
    s += "menu: true\nweight: 10\n";
    s += "---\n";
    s += v.body.unwrap_or(&tr!(
        lang,
        "正文用 Markdown 写：空一行是新的一段，# 开头是标题，- 开头是列表。\n",
        "Write the text in Markdown: a blank line starts a paragraph, # a heading, - a list item.\n"
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn scalars_read_back_as_the_same_text() {
        for (text, written) in [
            ("村道路灯损坏", "村道路灯损坏"),
            ("Street light broken", "Street light broken"),
            ("2026", "\"2026\""),
            ("true", "\"true\""),
            ("a: b", "\"a: b\""),
            ("#1 问题", "\"#1 问题\""),
            ("- x", "\"- x\""),
            ("", "\"\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ] {
            assert_eq!(scalar(text), written, "{text}");
            let back = crate::yaml::to_json(&format!("v: {}", scalar(text))).expect("YAML");
            assert_eq!(back["v"], text, "{text}");
        }
    }
}
