//! Raw records: the files as written, every field optional so that the checker can name each
//! missing one with its place. Unknown fields are refused. `private:` is read as "ignored":
//! its content is never stored anywhere, so it cannot reach any output.

use schemars::JsonSchema;
use serde::de::{self, IgnoredAny, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A scalar written as text or as a number (`group: 13`, `parent: 2021`, `title: 2020`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(pub String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

pub type T = Option<Text>;

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "content/site.yaml：村的基本情况（村民小组、责任区、人员、类别）和网站设置。\n\ncontent/site.yaml: the village (groups, zones, people, categories) and the site's settings."
)]
pub struct RawSite {
    #[schemars(
        required,
        description = "网站标题（必填），如 盛新村村务公开\n\nThe site's title (required)"
    )]
    pub title: T,
    #[schemars(
        required,
        description = "村名（必填）\n\nThe village's name (required)"
    )]
    pub village: T,
    #[schemars(description = "镇（可选）\n\nThe town (optional)")]
    pub town: T,
    #[schemars(description = "区、县（可选）\n\nThe district (optional)")]
    pub district: T,
    #[schemars(
        with = "Option<crate::schema::Language>",
        description = "网站和提示信息的语言：zh-CN（中文，默认）或 en（英文）\n\nThe language of the site and of the messages: zh-CN (default) or en"
    )]
    pub language: T,
    #[schemars(
        required,
        description = "网站发布的完整网址（必填），以 https:// 开头，如 https://example.org/village/；订阅、网站地图和二维码用它\n\nThe full address where the site is published (required), e.g. https://example.org/village/; used by the feed, the sitemap and the QR codes"
    )]
    pub base_url: T,
    #[schemars(
        with = "Option<crate::schema::DateText>",
        description = "检查逾期和反馈时当作“今天”的日期（可选，不写就用生成当天）\n\nThe \"today\" of overdue and feedback checks (optional; else the build date)"
    )]
    pub as_of: T,
    #[schemars(
        description = "解决或答复后多少天内要反馈给群众（默认 14）\n\nDays after an issue is resolved or declined within which it should be fed back (default 14)"
    )]
    pub feedback_days: Option<u32>,
    #[schemars(
        description = "可以公开的电话号码（如村委会办公电话），如 [\"021-57350000\"]\n\nPhone numbers that may be published (e.g. the village office), e.g. [\"021-57350000\"]"
    )]
    pub public_numbers: Option<Vec<Text>>,
    #[schemars(
        required,
        description = "村民小组（必填），按显示顺序，每组一行：- {id: \"1\", name: 1组, households: 42}\n\nThe villager groups (required), in display order, one per line: - {id: \"1\", name: Group 1, households: 42}"
    )]
    pub groups: Option<Vec<RawGroup>>,
    #[schemars(
        description = "责任区（可选）：- {id: east, name: 东片, groups: [\"1\", \"2\"]}\n\nResponsibility zones (optional): - {id: east, name: East, groups: [\"1\", \"2\"]}"
    )]
    pub zones: Option<Vec<RawZone>>,
    #[schemars(
        description = "村干部和查访员（只写公职人员）：- {id: zhang, name: 张卫国, role: 村党总支书记}\n\nCadres and inspectors (public officials only): - {id: zhang, name: Zhang Weiguo, role: Party secretary}"
    )]
    pub people: Option<Vec<RawPerson>>,
    #[schemars(
        description = "问题的类别（可选，不写就用内置的一套）：- {id: infrastructure, name: 基础设施}\n\nCategories of issues (optional; a built-in set is used when absent): - {id: infrastructure, name: Infrastructure}"
    )]
    pub categories: Option<Vec<RawCategory>>,
    /// Extension: the theme folder under `themes/` (default `default`).
    #[schemars(
        with = "Option<crate::schema::Id>",
        description = "主题：themes/ 下的文件夹名（默认 default）\n\nThe theme: a folder under themes/ (default `default`)"
    )]
    pub theme: T,
    /// Extension: a line under the site title.
    #[schemars(
        description = "网站标题下的一句话介绍（可选）\n\nA line shown under the site title (optional)"
    )]
    pub description: T,
    /// Extension: local quorum rules (the law's where absent).
    #[schemars(
        description = "本村的表决规则（可选），只写与法律规定不同的部分\n\nLocal quorum rules (optional): write only what differs from the law"
    )]
    pub quorum: Option<RawQuorum>,
    /// Extension: the paper of the notice-board edition, `A4` (default) or `A3`.
    #[schemars(
        with = "Option<crate::schema::Paper>",
        description = "公开栏打印版的纸张：A4（默认）或 A3\n\nThe paper of the notice-board edition: A4 (default) or A3"
    )]
    pub print_paper: T,
}

/// `quorum:` in site.yaml: each body's rule, each field defaulting to the law's.
#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "本村的表决规则：representatives 村民代表会议，villagers 村民会议，party_members 党员大会\n\nLocal quorum rules: representatives, villagers (villagers' meeting), party_members"
)]
pub struct RawQuorum {
    #[schemars(
        description = "村民代表会议的规则（默认：到会 >= 2/3，赞成 > 1/2）\n\nThe villager representatives' meeting (default: present >= 2/3, for > 1/2)"
    )]
    pub representatives: Option<RawRule>,
    #[schemars(description = "村民会议的规则\n\nThe villagers' meeting")]
    pub villagers: Option<RawVillagersRule>,
    #[schemars(
        description = "党员大会（审议）的规则\n\nThe party members' meeting (the review step)"
    )]
    pub party_members: Option<RawRule>,
}

/// A body's rule: `present: ">= 2/3"`, `for: "> 1/2"` (of those present, or `of members`).
#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    #[schemars(
        with = "Option<crate::schema::Share>",
        description = "到会人数的要求，占应到人数的比例：\">= 2/3\"（三分之二以上）或 \"> 1/2\"（过半数）\n\nAttendance, a share of the members: \">= 2/3\" (at least) or \"> 1/2\" (more than)"
    )]
    pub present: T,
    #[schemars(
        with = "Option<crate::schema::Share>",
        description = "赞成票的要求：\"> 1/2\"（超过到会人数的一半），或 \"> 1/2 of members\"（超过全体的一半）\n\nVotes in favour: \"> 1/2\" (of those present), or \"> 1/2 of members\""
    )]
    #[serde(rename = "for")]
    pub votes_for: T,
}

/// The villagers' meeting also says what `members` counts: `adults` or `households`.
#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawVillagersRule {
    #[schemars(
        with = "Option<crate::schema::Basis>",
        description = "members 和 present 按什么计：adults（十八周岁以上村民，默认）或 households（户）\n\nWhat members and present count: adults (default) or households"
    )]
    pub basis: T,
    #[schemars(
        with = "Option<crate::schema::Share>",
        description = "到会人数的要求，占应到人数的比例：\">= 2/3\"（三分之二以上）或 \"> 1/2\"（过半数）\n\nAttendance, a share of the members: \">= 2/3\" (at least) or \"> 1/2\" (more than)"
    )]
    pub present: T,
    #[schemars(
        with = "Option<crate::schema::Share>",
        description = "赞成票的要求：\"> 1/2\"（超过到会人数的一半），或 \"> 1/2 of members\"（超过全体的一半）\n\nVotes in favour: \"> 1/2\" (of those present), or \"> 1/2 of members\""
    )]
    #[serde(rename = "for")]
    pub votes_for: T,
}

#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    #[schemars(
        required,
        with = "crate::schema::Id",
        description = "小组编号（必填），如 \"1\"\n\nThe group's id (required), e.g. \"1\""
    )]
    pub id: T,
    #[schemars(
        required,
        description = "小组名称（必填），如 1组\n\nThe group's name (required)"
    )]
    pub name: T,
    #[schemars(
        description = "户数：走访覆盖率按它计算\n\nHouseholds: coverage of visits is counted against it"
    )]
    pub households: Option<u32>,
}

#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    #[schemars(
        required,
        with = "crate::schema::Id",
        description = "责任区编号（必填），如 east\n\nThe zone's id (required), e.g. east"
    )]
    pub id: T,
    #[schemars(
        required,
        description = "责任区名称（必填），如 东片\n\nThe zone's name (required)"
    )]
    pub name: T,
    #[schemars(
        description = "责任区包括的小组编号，如 [\"1\", \"2\"]\n\nThe groups of the zone, e.g. [\"1\", \"2\"]"
    )]
    pub groups: Option<Vec<Text>>,
}

#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    #[schemars(
        required,
        with = "crate::schema::Id",
        description = "人员编号（必填），记录里用它指这个人，如 zhang\n\nThe person's id (required), used in records, e.g. zhang"
    )]
    pub id: T,
    #[schemars(required, description = "姓名（必填）\n\nThe name (required)")]
    pub name: T,
    #[schemars(description = "职务，如 村党总支书记\n\nThe role, e.g. Party secretary")]
    pub role: T,
}

#[derive(Deserialize, JsonSchema, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    #[schemars(
        required,
        with = "crate::schema::Id",
        description = "类别编号（必填），如 infrastructure\n\nThe category's id (required), e.g. infrastructure"
    )]
    pub id: T,
    #[schemars(
        required,
        description = "类别名称（必填），如 基础设施\n\nThe category's name (required)"
    )]
    pub name: T,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "content/issues/*.md：村民反映的一个问题和它的办理经过。\n\ncontent/issues/*.md: an issue raised by villagers and how it was handled."
)]
pub struct RawIssue {
    #[schemars(
        with = "Option<crate::schema::Id>",
        description = "编号，如 2020-013（不写就用文件名）\n\nThe id, e.g. 2020-013 (else the file name)"
    )]
    pub id: T,
    #[schemars(
        required,
        description = "标题（必填）：一句话说清问题\n\nThe title (required): the issue in one line"
    )]
    pub title: T,
    #[schemars(
        required,
        with = "crate::schema::DateText",
        description = "受理日期（必填），年-月-日\n\nThe date it was raised (required), YYYY-MM-DD"
    )]
    pub raised: T,
    #[schemars(
        required,
        with = "crate::schema::IssueSource",
        description = "来源（必填）\n\nWhere it came from (required)"
    )]
    pub source: T,
    #[schemars(
        required,
        description = "村民小组（必填）：site.yaml 里 groups 的编号\n\nThe villager group (required): an id under groups in site.yaml"
    )]
    pub group: T,
    #[schemars(
        description = "责任区（可选）：site.yaml 里 zones 的编号\n\nThe responsibility zone (optional): an id under zones in site.yaml"
    )]
    pub zone: T,
    #[schemars(
        required,
        description = "类别（必填）：site.yaml 里 categories 的编号\n\nThe category (required): an id under categories in site.yaml"
    )]
    pub category: T,
    #[schemars(
        description = "反映人（可选），写可以公开的称呼，如 查访员\n\nWho raised it (optional), as it may be shown publicly"
    )]
    pub reporter: T,
    #[schemars(
        description = "责任人（可选）：site.yaml 里 people 的编号\n\nThe person responsible (optional): an id under people in site.yaml"
    )]
    pub assignee: T,
    #[schemars(description = "标签（可选），如 [违建]\n\nTags (optional)")]
    pub tags: Option<Vec<Text>>,
    #[schemars(
        required,
        description = "办理经过（必填），按日期先后；第一条是 raised，日期同 raised\n\nWhat happened (required), in date order; the first event is raised, on the raised date"
    )]
    pub timeline: Option<Vec<RawEvent>>,
    #[schemars(
        description = "写 true 表示草稿：会检查，但不发布。\n\ntrue for a draft: checked, never published."
    )]
    pub draft: Option<bool>,
    #[schemars(
        with = "Option<serde_json::Value>",
        description = "不公开的内容：这里写的任何东西都不会出现在网站、订阅、数据文件里。村民的电话、身份证号等写在这里。\n\nPrivate notes: nothing written here is ever published (pages, feed, data files). Villagers' phone and ID numbers belong here."
    )]
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "办理经过的一条：{date: 日期, event: 事件, note: 说明}\n\nOne event: {date: …, event: …, note: …}"
)]
pub struct RawEvent {
    #[schemars(
        required,
        with = "crate::schema::DateText",
        description = "日期（必填），年-月-日\n\nThe date (required), YYYY-MM-DD"
    )]
    pub date: T,
    #[schemars(
        required,
        with = "crate::schema::Event",
        description = "事件（必填）\n\nWhat happened (required)"
    )]
    pub event: T,
    #[schemars(
        description = "说明；declined（不予支持）时必填，写理由\n\nA note; required with declined (the reason)"
    )]
    pub note: T,
    #[schemars(
        description = "分析这件事的会议编号（analysed 时可写）\n\nThe meeting that analysed it (with analysed)"
    )]
    pub meeting: T,
    #[schemars(
        description = "上报给哪个部门（escalated 时必填），如 镇城建办\n\nThe department it went to (required with escalated)"
    )]
    pub to: T,
    #[schemars(
        with = "Option<crate::schema::Audience>",
        description = "反馈给谁（feedback 时必填）\n\nWhom it was fed back to (required with feedback)"
    )]
    pub audience: T,
    #[schemars(
        description = "交办给谁（assigned 时）：people 的编号\n\nWho it was assigned to (with assigned): a person's id"
    )]
    pub assignee: T,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "content/meetings/*.md：一次会议，如月度村情民意分析例会。\n\ncontent/meetings/*.md: a meeting, such as the monthly analysis meeting."
)]
pub struct RawMeeting {
    #[schemars(
        with = "Option<crate::schema::Id>",
        description = "编号，如 2020-11（不写就用文件名）\n\nThe id, e.g. 2020-11 (else the file name)"
    )]
    pub id: T,
    #[schemars(required, description = "会议名称（必填）\n\nThe title (required)")]
    pub title: T,
    #[schemars(
        required,
        with = "crate::schema::DateText",
        description = "会议日期（必填）\n\nThe date (required)"
    )]
    pub date: T,
    #[schemars(
        with = "Option<crate::schema::MeetingKind>",
        description = "会议类型（默认 analysis）\n\nThe kind of meeting (default analysis)"
    )]
    pub kind: T,
    #[schemars(
        description = "出席人员：people 的编号，如 [zhang, li]\n\nAttendees: people's ids, e.g. [zhang, li]"
    )]
    pub attendees: Option<Vec<Text>>,
    #[schemars(
        description = "会议对每个问题的分析和措施\n\nWhat the meeting did about each issue"
    )]
    pub items: Option<Vec<RawItem>>,
    #[schemars(
        description = "写 true 表示草稿：会检查，但不发布。\n\ntrue for a draft: checked, never published."
    )]
    pub draft: Option<bool>,
    #[schemars(
        with = "Option<serde_json::Value>",
        description = "不公开的内容：这里写的任何东西都不会出现在网站、订阅、数据文件里。村民的电话、身份证号等写在这里。\n\nPrivate notes: nothing written here is ever published (pages, feed, data files). Villagers' phone and ID numbers belong here."
    )]
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    #[schemars(
        required,
        description = "问题编号（必填）\n\nThe issue's id (required)"
    )]
    pub issue: T,
    #[schemars(description = "症结：分析找到的原因\n\nThe finding: the root cause")]
    pub finding: T,
    #[schemars(description = "措施\n\nThe action decided")]
    pub action: T,
    #[schemars(description = "责任人：people 的编号\n\nThe person responsible: a person's id")]
    pub assignee: T,
    #[schemars(
        with = "Option<crate::schema::DateText>",
        description = "期限，年-月-日\n\nThe due date, YYYY-MM-DD"
    )]
    pub due: T,
    #[schemars(description = "需要上报的部门\n\nThe department to escalate to")]
    pub escalate_to: T,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "content/resolutions/*.md：经过“四议”的一项决议和“两公开”。\n\ncontent/resolutions/*.md: a resolution through the four steps, and its two publications."
)]
pub struct RawResolution {
    #[schemars(
        with = "Option<crate::schema::Id>",
        description = "编号，如 2020-R05（不写就用文件名）\n\nThe id, e.g. 2020-R05 (else the file name)"
    )]
    pub id: T,
    #[schemars(required, description = "决议名称（必填）\n\nThe title (required)")]
    pub title: T,
    #[schemars(
        description = "这项决议回应的问题编号，如 [2020-021, 2020-034]\n\nThe issues it answers, e.g. [2020-021, 2020-034]"
    )]
    pub issues: Option<Vec<Text>>,
    #[schemars(
        description = "全村的情况（放大镜），如 全村共有123位老人…\n\nThe village-wide finding (the magnifier)"
    )]
    pub finding: T,
    #[schemars(description = "涉及的人数或户数\n\nPeople or households concerned")]
    pub affected: Option<u64>,
    #[schemars(description = "预算，元，最多两位小数\n\nThe budget, yuan, at most two decimals")]
    pub budget: Option<f64>,
    #[schemars(
        description = "四议：proposal 提议 → deliberation 商议 → review 审议 → decision 决议\n\nThe four steps: proposal → deliberation → review → decision"
    )]
    pub steps: Option<RawSteps>,
    #[schemars(
        description = "两公开：decision 决议公开，result 实施结果公开\n\nThe two publications: decision, then result"
    )]
    pub published: Option<RawPublished>,
    #[schemars(
        with = "Option<crate::schema::Implementation>",
        description = "实施情况\n\nHow far it is carried out"
    )]
    pub implementation: T,
    #[schemars(
        with = "Option<crate::schema::Outcome>",
        description = "结果（一般不写，由表决自动算出；撤回时写 withdrawn）\n\nThe outcome (usually left out: derived from the vote; withdrawn when withdrawn)"
    )]
    pub outcome: T,
    #[schemars(
        description = "写 true 表示草稿：会检查，但不发布。\n\ntrue for a draft: checked, never published."
    )]
    pub draft: Option<bool>,
    #[schemars(
        with = "Option<serde_json::Value>",
        description = "不公开的内容：这里写的任何东西都不会出现在网站、订阅、数据文件里。村民的电话、身份证号等写在这里。\n\nPrivate notes: nothing written here is ever published (pages, feed, data files). Villagers' phone and ID numbers belong here."
    )]
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawSteps {
    #[schemars(description = "提议：{date: 日期, by: 村党总支}\n\nProposal: {date: …, by: …}")]
    pub proposal: Option<RawStep>,
    #[schemars(
        description = "商议：{date: 日期, by: 村两委联席会议}\n\nDeliberation: {date: …, by: …}"
    )]
    pub deliberation: Option<RawStep>,
    #[schemars(
        description = "审议：{date: 日期, by: 党员大会, members: 应到, present: 实到, for: 赞成, against: 反对, abstain: 弃权}\n\nReview: {date, by, members, present, for, against, abstain}"
    )]
    pub review: Option<RawStep>,
    #[schemars(
        description = "决议：{date: 日期, by: 村民代表会议, members: 应到, present: 实到, for: 赞成, against: 反对, abstain: 弃权}\n\nDecision: {date, by, members, present, for, against, abstain}"
    )]
    pub decision: Option<RawStep>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    #[schemars(
        required,
        with = "crate::schema::DateText",
        description = "日期（必填）\n\nThe date (required)"
    )]
    pub date: T,
    #[schemars(
        description = "由谁，如 村民代表会议\n\nBy whom, e.g. the representatives' meeting"
    )]
    pub by: T,
    #[schemars(description = "会议编号（可选）\n\nThe meeting's id (optional)")]
    pub meeting: T,
    #[schemars(description = "应到人数\n\nMembers")]
    pub members: Option<u32>,
    #[schemars(description = "实到人数\n\nPresent")]
    pub present: Option<u32>,
    #[schemars(description = "赞成票\n\nVotes in favour")]
    #[serde(rename = "for")]
    pub votes_for: Option<u32>,
    #[schemars(description = "反对票\n\nVotes against")]
    pub against: Option<u32>,
    #[schemars(description = "弃权票\n\nAbstentions")]
    pub abstain: Option<u32>,
    /// Extension, decision step only: `representatives` (default) or `villagers`.
    #[schemars(
        with = "Option<crate::schema::Body>",
        description = "作出决议的会议（只用于 decision）：representatives（村民代表会议，默认）或 villagers（村民会议）\n\nWho decides (decision step only): representatives (default) or villagers"
    )]
    pub body: T,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPublished {
    #[schemars(
        description = "决议公开：{date: 日期, where: 村务公开栏}\n\nThe decision published: {date: …, where: …}"
    )]
    pub decision: Option<RawPublication>,
    #[schemars(
        description = "实施结果公开：{date: 日期, where: 村务公开栏, note: 说明}\n\nThe result published: {date: …, where: …, note: …}"
    )]
    pub result: Option<RawPublication>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPublication {
    #[schemars(
        required,
        with = "crate::schema::DateText",
        description = "公开日期（必填）\n\nThe date (required)"
    )]
    pub date: T,
    #[schemars(
        required,
        description = "在哪里公开（必填），如 村务公开栏\n\nWhere (required), e.g. the village-affairs notice board"
    )]
    #[serde(rename = "where")]
    pub place: T,
    #[schemars(description = "说明\n\nA note")]
    pub note: T,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "content/plans/*.md：一个规划或计划（五年、年度、季度）和它的项目。\n\ncontent/plans/*.md: a plan (five-year, annual, quarterly) and its projects."
)]
pub struct RawPlan {
    #[schemars(
        with = "Option<crate::schema::Id>",
        description = "编号，如 2011-2015、2021、2021-Q1（不写就用文件名）\n\nThe id, e.g. 2011-2015, 2021, 2021-Q1 (else the file name)"
    )]
    pub id: T,
    #[schemars(required, description = "规划名称（必填）\n\nThe title (required)")]
    pub title: T,
    #[schemars(
        required,
        with = "crate::schema::PlanKind",
        description = "类型（必填）\n\nThe kind (required)"
    )]
    pub kind: T,
    #[schemars(
        required,
        with = "crate::schema::DateText",
        description = "开始日期（必填）\n\nThe start (required)"
    )]
    pub start: T,
    #[schemars(
        required,
        with = "crate::schema::DateText",
        description = "结束日期（必填）\n\nThe end (required)"
    )]
    pub end: T,
    #[schemars(
        description = "上级规划的编号（可选），如年度计划的五年规划；没有就写 null\n\nThe plan this one carries out (optional); null for none"
    )]
    pub parent: T,
    #[schemars(description = "项目（实事项目）\n\nThe projects")]
    pub projects: Option<Vec<RawProject>>,
    #[schemars(
        description = "写 true 表示草稿：会检查，但不发布。\n\ntrue for a draft: checked, never published."
    )]
    pub draft: Option<bool>,
    #[schemars(
        with = "Option<serde_json::Value>",
        description = "不公开的内容：这里写的任何东西都不会出现在网站、订阅、数据文件里。村民的电话、身份证号等写在这里。\n\nPrivate notes: nothing written here is ever published (pages, feed, data files). Villagers' phone and ID numbers belong here."
    )]
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    #[schemars(
        required,
        with = "crate::schema::Id",
        description = "项目编号（必填），在本规划里不能重复，如 road-repair\n\nThe project's id (required), unique in the plan, e.g. road-repair"
    )]
    pub id: T,
    #[schemars(required, description = "项目名称（必填）\n\nThe title (required)")]
    pub title: T,
    #[schemars(description = "类别：categories 的编号\n\nThe category: a category id")]
    pub category: T,
    #[schemars(description = "负责人：people 的编号\n\nThe owner: a person's id")]
    pub owner: T,
    #[schemars(description = "预算，元\n\nThe budget, yuan")]
    pub budget: Option<f64>,
    #[schemars(description = "已支出，元\n\nSpent so far, yuan")]
    pub spent: Option<f64>,
    #[schemars(description = "提出这个项目的问题编号\n\nThe issues that asked for it")]
    pub issues: Option<Vec<Text>>,
    #[schemars(
        description = "落实的上级规划项目：规划编号/项目编号，如 2021-2025/road-repair\n\nThe parent plan's project it carries out: PLAN-ID/PROJECT-ID"
    )]
    pub implements: T,
    #[schemars(
        description = "节点：- {title: 勘察设计, due: 2011-06-30, done: 2011-06-20}\n\nMilestones: - {title: …, due: …, done: …}"
    )]
    pub milestones: Option<Vec<RawMilestone>>,
    #[schemars(description = "写 true 表示项目已取消\n\ntrue when the project is cancelled")]
    pub cancelled: Option<bool>,
    #[schemars(
        with = "Option<serde_json::Value>",
        description = "不公开的内容：这里写的任何东西都不会出现在网站、订阅、数据文件里。村民的电话、身份证号等写在这里。\n\nPrivate notes: nothing written here is ever published (pages, feed, data files). Villagers' phone and ID numbers belong here."
    )]
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    #[schemars(required, description = "节点名称（必填）\n\nThe title (required)")]
    pub title: T,
    #[schemars(
        with = "Option<crate::schema::DateText>",
        description = "期限\n\nDue date"
    )]
    pub due: T,
    #[schemars(
        with = "Option<crate::schema::DateText>",
        description = "完成日期；写了就算完成\n\nThe date it was done; done when written"
    )]
    pub done: T,
    #[schemars(description = "完成百分比 0–100，不带 % 号\n\nPercent done, 0–100, without %")]
    pub progress: Option<f64>,
    /// Extension: the milestone's share of its project's progress (positive, default 1).
    #[schemars(
        description = "权重：在项目进度里占几份（大于 0，默认 1）\n\nWeight: its share of the project's progress (above 0, default 1)"
    )]
    pub weight: Option<f64>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "content/visits/*.yaml：一轮上门家访。\n\ncontent/visits/*.yaml: a round of home visits."
)]
pub struct RawVisit {
    #[schemars(
        with = "Option<crate::schema::Id>",
        description = "编号，如 2020-1（不写就用文件名）\n\nThe id, e.g. 2020-1 (else the file name)"
    )]
    pub id: T,
    #[schemars(
        required,
        description = "名称（必填），如 2020年第一轮上门家访\n\nThe title (required)"
    )]
    pub title: T,
    #[schemars(
        required,
        with = "crate::schema::DateText",
        description = "开始日期（必填）\n\nThe start (required)"
    )]
    pub start: T,
    #[schemars(
        required,
        with = "crate::schema::DateText",
        description = "结束日期（必填）\n\nThe end (required)"
    )]
    pub end: T,
    #[schemars(
        description = "走访组：- {name: 第一走访组, members: [zhang, wu], groups: [\"1\", \"2\"]}\n\nTeams: - {name: …, members: [person ids], groups: [group ids]}"
    )]
    pub teams: Option<Vec<RawTeam>>,
    #[schemars(
        description = "每个小组走访的户数，如 {\"1\": 42, \"2\": 38}\n\nHouseholds visited by group, e.g. {\"1\": 42, \"2\": 38}"
    )]
    pub visited: Option<BTreeMap<Text, u32>>,
    #[schemars(
        description = "写 true 表示草稿：会检查，但不发布。\n\ntrue for a draft: checked, never published."
    )]
    pub draft: Option<bool>,
    #[schemars(
        with = "Option<serde_json::Value>",
        description = "不公开的内容：这里写的任何东西都不会出现在网站、订阅、数据文件里。村民的电话、身份证号等写在这里。\n\nPrivate notes: nothing written here is ever published (pages, feed, data files). Villagers' phone and ID numbers belong here."
    )]
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    #[schemars(
        required,
        description = "走访组名称（必填）\n\nThe team's name (required)"
    )]
    pub name: T,
    #[schemars(description = "组员：people 的编号\n\nMembers: people's ids")]
    pub members: Option<Vec<Text>>,
    #[schemars(description = "负责的小组编号\n\nThe groups it visits")]
    pub groups: Option<Vec<Text>>,
}

#[derive(Deserialize, JsonSchema, Debug, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "content/pages/*.md：一个自由页面，如 关于本村。\n\ncontent/pages/*.md: a free page, such as About."
)]
pub struct RawPage {
    #[schemars(
        with = "Option<crate::schema::Id>",
        description = "编号，即网址，如 about（不写就用文件名）\n\nThe id, its address, e.g. about (else the file name)"
    )]
    pub id: T,
    #[schemars(required, description = "标题（必填）\n\nThe title (required)")]
    pub title: T,
    #[schemars(description = "写 true 就在网站菜单里列出\n\ntrue to list it in the site menu")]
    pub menu: Option<bool>,
    #[schemars(description = "在菜单里的顺序，小的在前\n\nIts order in the menu, smaller first")]
    pub weight: Option<i64>,
    #[schemars(
        description = "写 true 表示草稿：会检查，但不发布。\n\ntrue for a draft: checked, never published."
    )]
    pub draft: Option<bool>,
    #[schemars(
        with = "Option<serde_json::Value>",
        description = "不公开的内容：这里写的任何东西都不会出现在网站、订阅、数据文件里。村民的电话、身份证号等写在这里。\n\nPrivate notes: nothing written here is ever published (pages, feed, data files). Villagers' phone and ID numbers belong here."
    )]
    pub private: Option<IgnoredAny>,
}
