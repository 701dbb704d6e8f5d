//! The `newsroom` binary: parses the command line, calls the library, reports the outcome.

mod cli;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, NewCommand};
use newsroom::scaffold::{self, ArticleOptions, SiteOptions};
use newsroom::{BuildOptions, BuildReport};

/// The status of a `--keep-going` build that left articles out: not a failure (the rest is
/// published), but not a success CI should take quietly either.
const SKIPPED_ARTICLES: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The site folder, to show the lines an error names.
    let root = match &cli.command {
        Command::Build(args) => Some(args.root.clone()),
        Command::New(NewCommand::Article(args)) => Some(args.root.clone()),
        Command::Check(args) => Some(args.root.clone()),
        Command::Next(args) => Some(args.root.clone()),
        Command::Ping(args) => Some(args.root.clone()),
        _ => None,
    };
    let mut status = ExitCode::SUCCESS;
    let outcome = match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root: args.root,
                output: args.output,
                base_url: args.base_url,
                drafts: args.drafts,
                future: args.future,
                force: args.force,
            };
            let built = if args.keep_going {
                newsroom::build_keep_going(&options)
            } else {
                newsroom::build(&options)
            };
            built.map(|report| {
                println!("{}", summary(&report));
                for warning in &report.warnings {
                    eprintln!("warning: {warning}");
                }
                if let Some(skipped) = skipped(&report) {
                    eprintln!("{skipped}");
                    status = ExitCode::from(SKIPPED_ARTICLES);
                }
            })
        }
        Command::Check(args) => newsroom::check::check(&newsroom::check::CheckOptions {
            root: args.root,
            drafts: args.drafts,
            future: args.future,
            external: args.external,
        })
        .map(|report| {
            for problem in &report.problems {
                println!("{problem}");
            }
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            println!("{}", report.summary());
            if !report.passed() {
                status = ExitCode::FAILURE;
            }
        }),
        Command::Next(args) => newsroom::schedule::upcoming(&BuildOptions::new(args.root), args.at)
            .map(|upcoming| {
                if args.json {
                    println!("{}", newsroom::schedule::to_json(&upcoming));
                } else if let Some(first) = upcoming.changes.first() {
                    println!("{}", newsroom::schedule::machine_time(first.at));
                }
            }),
        Command::Ping(args) => newsroom::ping::ping(&newsroom::ping::PingOptions {
            root: args.root,
            dry_run: args.dry_run,
        })
        .map(|report| {
            for sent in &report.sent {
                match sent.status {
                    Some(status) => {
                        println!("Told {} about {}: {status}", sent.endpoint, sent.about)
                    }
                    None => println!("Would tell {} about {}", sent.endpoint, sent.about),
                }
            }
            for note in &report.notes {
                println!("{note}");
            }
        }),
        Command::Serve(args) => newsroom::serve::serve(&newsroom::serve::ServeOptions {
            root: args.root,
            bind: args.bind,
            port: args.port,
            drafts: args.drafts,
            future: args.future,
            open: args.open,
        }),
        Command::New(NewCommand::Site(args)) => scaffold::new_site(
            &SiteOptions {
                dir: args.dir,
                templates: args.templates,
            },
            chrono::Utc::now(),
        )
        .map(|site| println!("{site}")),
        Command::New(NewCommand::Article(args)) => scaffold::new_article(
            &ArticleOptions {
                root: args.root,
                title: args.title,
                tags: args.tags,
                author: args.author,
                draft: args.draft,
            },
            chrono::Utc::now(),
        )
        .map(|path| println!("Wrote {}", path.display())),
    };
    match outcome {
        Ok(()) => status,
        Err(error) => {
            let read = |path: &Path| std::fs::read_to_string(root.as_ref()?.join(path)).ok();
            // Colour only for a person at a terminal, never in logs or pipes.
            let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprint!("{}", newsroom::error::render_report(&error, read, styled));
            ExitCode::FAILURE
        }
    }
}

/// What a `--keep-going` build left out and why: every problem of every file left out, each
/// on its own line as an error would show it.
fn skipped(report: &BuildReport) -> Option<String> {
    let mut text = match skipped_files(report) {
        0 => return None,
        1 => "warning: 1 article was left out because of its problems; fix it and build again:"
            .to_string(),
        n => format!(
            "warning: {n} articles were left out because of their problems; fix them and build again:"
        ),
    };
    for error in &report.skipped {
        text.push_str(&format!("\n  {error}"));
    }
    Some(text)
}

/// How many article files a `--keep-going` build left out.
fn skipped_files(report: &BuildReport) -> usize {
    let files: std::collections::BTreeSet<&std::path::Path> = report
        .skipped
        .iter()
        .map(|error| error.place.path.as_path())
        .collect();
    files.len()
}

/// The one line a build prints: what was built, where, how fast, and what was held back.
fn summary(report: &BuildReport) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "Built {}, {}: {}, {} and {} into {} in {} ms",
        plural(report.articles, "article", "articles"),
        plural(report.tags, "tag", "tags"),
        plural(report.pages, "page", "pages"),
        plural(report.feeds, "feed", "feeds"),
        plural(report.static_files, "static file", "static files"),
        report.output.display(),
        report.elapsed.as_millis()
    );
    let held_back: Vec<String> = [
        (
            skipped_files(report),
            "article with problems",
            "articles with problems",
        ),
        (report.drafts_left_out, "draft", "drafts"),
        (
            report.scheduled_left_out,
            "scheduled article",
            "scheduled articles",
        ),
        (
            report.expired_left_out,
            "expired article",
            "expired articles",
        ),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    let mut notes = Vec::new();
    if !held_back.is_empty() {
        notes.push(format!("left out: {}", held_back.join(", ")));
    }
    if let Some(next) = report.next_scheduled {
        notes.push(format!("the next goes live at {}", next.to_rfc3339()));
    }
    if let Some(next) = report.next_expiry {
        notes.push(format!("the next expires at {}", next.to_rfc3339()));
    }
    if !notes.is_empty() {
        line.push_str(&format!(" ({})", notes.join("; ")));
    }
    if report.unchanged {
        line.push_str("; nothing it reads changed since the last build, so the output was left as that build wrote it");
    } else if report.reused_pages + report.spliced_pages > 0 {
        let total = report.pages + report.feeds;
        let rendered = total - report.reused_pages - report.spliced_pages;
        line.push_str(&format!("; rendered {rendered} of {total} pages, "));
        if report.spliced_pages > 0 {
            line.push_str(&format!(
                "putting the new Latest stories list into {} and ",
                report.spliced_pages
            ));
        }
        line.push_str("keeping the rest as the last build made them");
    }
    if let Some((counts, list)) = &report.changes {
        line.push_str(&format!(
            "; changed {}: {} added, {} updated, {} deleted (listed in {})",
            plural(
                counts.added + counts.updated + counts.deleted,
                "file",
                "files"
            ),
            counts.added,
            counts.updated,
            counts.deleted,
            list.display()
        ));
    }
    line
}
