//! The `gongkai` command: thin glue over the library.
//!
//! Exit codes: 0 success (warnings allowed), 1 content errors, 2 usage or I/O error.

use clap::{Parser, Subcommand};
use gongkai::date::Date;
use gongkai::diag::{Diagnostic, Lang};
use gongkai::pipeline::{self, BuildOptions, Counts};
use gongkai::resolve::Options;
use std::path::PathBuf;
use std::process::ExitCode;

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
        /// Include drafts (for a private preview only)
        #[arg(long)]
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
    for d in diags {
        eprintln!("{}", d.display(lang));
    }
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
    match lang {
        Lang::Zh => format!("{errors} 个错误，{warnings} 个警告"),
        Lang::En => format!("{errors} errors, {warnings} warnings"),
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
            let outcome = pipeline::check(
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
                let summary = tally(lang, outcome.errors(), outcome.warnings());
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
            let as_of = match parse_as_of(&site.as_of) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let report = pipeline::build(&BuildOptions {
                root: site.root.clone(),
                output,
                resolve: Options {
                    as_of,
                    base_url,
                    drafts,
                },
            });
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
