//! The `gongkai` command: thin glue over the library.
//!
//! Exit codes: 0 success (warnings allowed), 1 content errors, 2 usage or I/O error.

use clap::{Parser, Subcommand};
use gongkai::clerk::{init, new, report};
use gongkai::date::Date;
use gongkai::diag::{Diagnostic, Lang};
use gongkai::pipeline::{self, BuildOptions, Counts};
use gongkai::resolve::Options;
use std::path::PathBuf;
use std::process::ExitCode;

/// A build makes millions of small strings and values on every core; mimalloc serves them
/// faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "Turns a village's public-affairs records into a transparency website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// The site folder (holding content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The "today" of overdue and feedback checks, YYYY-MM-DD (overrides as_of in site.yaml)
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Check the records and write the site
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site (default: ROOT/public)
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address where the site is published (overrides base_url in site.yaml)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Refused: `build` never publishes drafts; `gongkai serve --drafts` shows them
        #[arg(long, hide = true)]
        drafts: bool,
    },
    /// Check the records and report every problem, writing nothing
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// How to print the problems: text (for people) or json (for tools)
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Preview the site on this computer; pages reload when a record is saved
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 4000)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 opens the preview to the network
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = parse_bind)]
        bind: std::net::IpAddr,
        /// Show drafts, marked as drafts (never published by `build`)
        #[arg(long)]
        drafts: bool,
    },
    /// Start a new site in DIR: settings, one example of each record, a README
    Init {
        /// The folder of the new site (created if missing; no file in it is overwritten)
        dir: PathBuf,
        /// The village's name
        #[arg(long)]
        village: Option<String>,
        /// The town's name
        #[arg(long)]
        town: Option<String>,
        /// The language of the site and of the messages: zh-CN or en
        #[arg(long, value_name = "zh-CN|en")]
        language: Option<String>,
    },
    /// Add a record: issue, meeting, resolution, plan, visit or page; prints its path
    New {
        /// issue | meeting | resolution | plan | visit | page
        kind: String,
        #[command(flatten)]
        site: SiteArgs,
        /// The record's title
        #[arg(long)]
        title: Option<String>,
        /// The villager group (issues): an id under groups in site.yaml
        #[arg(long)]
        group: Option<String>,
        /// Where the issue came from: home-visit, inspection, return-visit, meeting, walk-in, phone, letter, online
        #[arg(long)]
        source: Option<String>,
        /// The issue's category: an id under categories in site.yaml
        #[arg(long)]
        category: Option<String>,
        /// The id (default: the next free one, e.g. 2026-014 for an issue)
        #[arg(long)]
        id: Option<String>,
    },
    /// Write the JSON Schemas of the record files, for editors
    Schema {
        /// Where to write them
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
}

fn parse_bind(text: &str) -> Result<std::net::IpAddr, String> {
    match text {
        "localhost" => Ok(std::net::Ipv4Addr::LOCALHOST.into()),
        _ => text
            .parse()
            .map_err(|_| format!("{text}: write an IP address such as 127.0.0.1 or 0.0.0.0")),
    }
}

fn parse_as_of(text: &Option<String>) -> Result<Option<Date>, String> {
    match text {
        None => Ok(None),
        Some(t) => Date::parse(t)
            .map(Some)
            .ok_or_else(|| format!("--as-of {t}: write the date as YYYY-MM-DD, e.g. 2020-11-13")),
    }
}

fn print_diagnostics(lang: Lang, diags: &[Diagnostic]) {
    if !diags.is_empty() {
        eprint!("{}", report::grouped(lang, diags, report::Paint::stderr()));
        eprintln!();
    }
}

/// Problems of a clerk's command (a bad option, a file in the way), one after the other.
fn print_problems(lang: Lang, diags: &[Diagnostic]) {
    let paint = report::Paint::stderr();
    for d in diags {
        eprintln!("{}", report::one(lang, d, paint));
    }
}

/// `check` and `build` need a site: without content/ it is a usage error (exit 2), said in
/// the checker's words.
fn not_a_site(root: &std::path::Path) -> bool {
    if root.join("content").is_dir() {
        return false;
    }
    let o = pipeline::check(root, &Options::default());
    print_problems(o.lang, &o.diagnostics);
    true
}

/// The language of the site at `root` (Chinese when site.yaml is missing or says none), for
/// a message given before the records are read.
fn site_lang(root: &std::path::Path) -> Lang {
    std::fs::read_to_string(root.join("content/site.yaml"))
        .ok()
        .and_then(|text| gongkai::yaml::to_json(&text))
        .and_then(|v| v.get("language")?.as_str().and_then(Lang::from_code))
        .unwrap_or_default()
}

fn counts_text(lang: Lang, c: &Counts) -> String {
    match lang {
        Lang::Zh => format!(
            "{} 个问题、{} 次会议、{} 项决议、{} 个规划、{} 轮走访、{} 个页面",
            c.issues, c.meetings, c.resolutions, c.plans, c.visits, c.pages
        ),
        Lang::En => format!(
            "{} issues, {} meetings, {} resolutions, {} plans, {} visit rounds, {} pages",
            c.issues, c.meetings, c.resolutions, c.plans, c.visits, c.pages
        ),
    }
}

fn tally(lang: Lang, errors: usize, warnings: usize) -> String {
    report::tally(lang, errors, warnings)
}

fn run_init(opts: init::InitOptions) -> ExitCode {
    let dir = opts.dir.display().to_string();
    match init::init(&opts) {
        Ok((lang, files)) => {
            let n = files.len();
            match lang {
                Lang::Zh => println!(
                    "已新建站点 {dir}（{n} 个文件），每种记录各有一个示例。下一步：\n  cd {dir}\n  gongkai serve        在浏览器里预览，改了文件自动刷新\n  gongkai new issue    记一个新问题\n  gongkai build        生成网站，写到 public/\n说明见 {dir}/README.md。"
                ),
                Lang::En => println!(
                    "created the site {dir} ({n} files), with one example of each record. Next:\n  cd {dir}\n  gongkai serve        preview it in a browser; it reloads on every save\n  gongkai new issue    record a new issue\n  gongkai build        write the site to public/\nSee {dir}/README.md."
                ),
            }
            ExitCode::SUCCESS
        }
        Err((lang, problems)) => {
            print_problems(lang, &problems);
            ExitCode::from(2)
        }
    }
}

fn run_new(opts: new::NewOptions) -> ExitCode {
    match new::new_record(&opts) {
        Ok((lang, created)) => {
            println!("{}", created.path.display());
            let blanks = created.blanks.join(lang_sep(lang));
            match (lang, created.blanks.is_empty()) {
                (Lang::Zh, true) => eprintln!("已新建 {}：改好后运行 gongkai check", created.rel),
                (Lang::Zh, false) => eprintln!(
                    "已新建 {}：填好 {blanks}，再运行 gongkai check",
                    created.rel
                ),
                (Lang::En, true) => {
                    eprintln!("created {}: edit it, then run gongkai check", created.rel)
                }
                (Lang::En, false) => eprintln!(
                    "created {}: fill in {blanks}, then run gongkai check",
                    created.rel
                ),
            }
            ExitCode::SUCCESS
        }
        Err((lang, problems)) => {
            print_problems(lang, &problems);
            match lang {
                Lang::Zh => eprintln!("没有新建文件。"),
                Lang::En => eprintln!("no file was written."),
            }
            ExitCode::from(2)
        }
    }
}

fn lang_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

fn run_schema(out: &std::path::Path) -> ExitCode {
    let written = std::fs::create_dir_all(out).and_then(|_| {
        gongkai::schema::schemas().iter().try_for_each(|s| {
            let path = out.join(format!("{}.json", s.name));
            std::fs::write(&path, gongkai::schema::text(&s.schema))?;
            println!("{}  ({})", path.display(), s.files);
            Ok(())
        })
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { site, format } => {
            let as_of = match parse_as_of(&site.as_of) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            if not_a_site(&site.root) {
                return ExitCode::from(2);
            }
            let outcome = pipeline::check_kept(
                &site.root,
                &Options {
                    as_of,
                    ..Options::default()
                },
            );
            let lang = outcome.lang;
            if format == "json" {
                let json = serde_json::json!({
                    "errors": outcome.errors(),
                    "warnings": outcome.warnings(),
                    "diagnostics": outcome.diagnostics,
                });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json).unwrap_or_default()
                );
            } else {
                print_diagnostics(lang, &outcome.diagnostics);
                let paint = report::Paint::stdout();
                let mut summary = tally(lang, outcome.errors(), outcome.warnings());
                let files = report::files_with_problems(&outcome.diagnostics);
                if files > 0 {
                    summary += &match lang {
                        Lang::Zh => format!("（在 {files} 个文件里）"),
                        Lang::En => {
                            format!(" in {files} file{}", if files == 1 { "" } else { "s" })
                        }
                    };
                }
                let summary = if outcome.errors() > 0 {
                    paint.red(&summary)
                } else if outcome.warnings() > 0 {
                    paint.yellow(&summary)
                } else {
                    paint.green(&summary)
                };
                match lang {
                    Lang::Zh => {
                        println!("检查了 {}：{summary}", counts_text(lang, &outcome.counts))
                    }
                    Lang::En => {
                        println!("checked {}: {summary}", counts_text(lang, &outcome.counts))
                    }
                }
            }
            if outcome.errors() > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Init {
            dir,
            village,
            town,
            language,
        } => run_init(init::InitOptions {
            dir,
            village,
            town,
            language,
            today: None,
        }),
        Command::New {
            kind,
            site,
            title,
            group,
            source,
            category,
            id,
        } => {
            let as_of = match parse_as_of(&site.as_of) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            run_new(new::NewOptions {
                root: site.root,
                kind,
                id,
                title,
                group,
                source,
                category,
                as_of,
            })
        }
        Command::Schema { out } => run_schema(&out),
        Command::Serve {
            site,
            port,
            bind,
            drafts,
        } => {
            let as_of = match parse_as_of(&site.as_of) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let opts = gongkai::serve::ServeOptions {
                root: site.root,
                bind,
                port,
                resolve: Options {
                    as_of,
                    drafts,
                    ..Options::default()
                },
            };
            match gongkai::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(why) => {
                    eprintln!("{why}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Build {
            site,
            output,
            base_url,
            drafts,
        } => {
            if drafts {
                // Drafts are for a private look only: a built folder is meant to be published.
                match site_lang(&site.root) {
                    Lang::Zh => eprintln!("build 从不发布草稿，所以不接受 --drafts；什么也没有写。要看草稿，用 gongkai serve --drafts 在本机预览。"),
                    Lang::En => eprintln!("build never publishes drafts, so it does not take --drafts; nothing was written. To look at drafts, use `gongkai serve --drafts` (a preview on this computer)."),
                }
                return ExitCode::from(2);
            }
            let as_of = match parse_as_of(&site.as_of) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            if not_a_site(&site.root) {
                return ExitCode::from(2);
            }
            let bar = report::Bar::new();
            let report = pipeline::build_with_progress(
                &BuildOptions {
                    root: site.root.clone(),
                    output,
                    resolve: Options {
                        as_of,
                        base_url,
                        drafts: false,
                    },
                },
                &|p| bar.update(p),
            );
            bar.finish();
            let o = &report.outcome;
            let lang = o.lang;
            print_diagnostics(lang, &o.diagnostics);
            if let Some(why) = &report.io_error {
                eprintln!("{why}");
                return ExitCode::from(2);
            }
            let summary = tally(lang, o.errors(), o.warnings());
            if o.errors() > 0 || report.files == 0 {
                match lang {
                    Lang::Zh => eprintln!("没有生成网站（{summary}）；原来的 {} 保持不变。改正上面的错误后再运行。", report.output.display()),
                    Lang::En => eprintln!("the site was not built ({summary}); {} is unchanged. Fix the errors above and run again.", report.output.display()),
                }
                return ExitCode::from(1);
            }
            let secs = report.elapsed.as_secs_f64();
            match lang {
                Lang::Zh => println!(
                    "已生成 {}：共 {} 个文件（{} 个网页），写入 {}，用时 {secs:.2} 秒；{summary}。",
                    counts_text(lang, &o.counts),
                    report.files,
                    report.pages,
                    report.output.display()
                ),
                Lang::En => println!(
                    "built {}: {} files ({} pages) in {}, {secs:.2} s; {summary}.",
                    counts_text(lang, &o.counts),
                    report.files,
                    report.pages,
                    report.output.display()
                ),
            }
            ExitCode::SUCCESS
        }
    }
}
