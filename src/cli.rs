//! The command line: what each command and option means, as shown by `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A static site generator for news sites: dated articles, Latest stories, tags.
#[derive(Debug, Parser)]
#[command(name = "newsroom", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Preview the site locally: build it, serve it, rebuild on every change and reload open
    /// pages.
    Serve(ServeArgs),
    /// Start a new site, or file a new article dated now.
    #[command(subcommand)]
    New(NewCommand),
    /// Check the site without writing it: everything a build checks, plus every link, image
    /// and #fragment of every page against the pages and files the site will have.
    Check(CheckArgs),
    /// Print when the site next changes by the clock alone (a scheduled story goes live, a
    /// story expires), for a scheduler to rebuild it then; prints nothing when nothing is
    /// scheduled.
    Next(NextArgs),
    /// Tell search engines (IndexNow) and a WebSub hub what the last build changed, from its
    /// change list in the build cache; run it after the build is deployed.
    Ping(PingArgs),
}

#[derive(Debug, Args)]
pub struct PingArgs {
    /// The site folder, holding newsroom.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Print what would be sent without sending anything.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    /// The site folder, holding newsroom.toml, content/, templates/ and static/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Print every coming change as JSON (when, what, which file) instead of the first
    /// one's moment alone.
    #[arg(long)]
    pub json: bool,
    /// Judge from this moment instead of now, as an RFC 3339 time such as
    /// 2026-12-02T06:00:00Z (to ask what a build at that moment would next wait for).
    #[arg(long, value_name = "TIME", value_parser = moment)]
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Reads `--at`.
fn moment(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|moment| moment.with_timezone(&chrono::Utc))
        .map_err(|_| {
            format!(
                "\"{text}\" is not an RFC 3339 time; write the date, a T, the time and a zone, such as 2026-12-02T06:00:00Z"
            )
        })
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder, holding newsroom.toml, content/, templates/ and static/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include articles marked `draft: true` (links to them count as working).
    #[arg(long)]
    pub drafts: bool,
    /// Include articles dated in the future (scheduled stories).
    #[arg(long)]
    pub future: bool,
    /// Also check links to other sites, over HTTP (results are kept for a while in
    /// .newsroom/link-cache.json in the site folder, so the next check does not ask again).
    #[arg(long)]
    pub external: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder, holding newsroom.toml, content/, templates/ and static/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on; the default keeps the preview to this machine.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include articles dated in the future (scheduled stories).
    #[arg(long)]
    pub future: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Create a site folder that builds at once: a commented newsroom.toml, two example
    /// articles and an empty static/ folder.
    Site(NewSiteArgs),
    /// Write content/YYYY/MM/DD/<slug>.md, dated now in the site's time zone, with its front
    /// matter filled in.
    Article(NewArticleArgs),
}

#[derive(Debug, Args)]
pub struct NewSiteArgs {
    /// The folder to create; it may already exist if it is empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Also copy the built-in theme into templates/, to edit it (the copies replace the
    /// built-in files).
    #[arg(long)]
    pub templates: bool,
}

#[derive(Debug, Args)]
pub struct NewArticleArgs {
    /// The headline; the file name (and the URL) is made from it.
    #[arg(value_name = "TITLE")]
    pub title: String,
    /// The site folder, holding newsroom.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Tags, separated by commas: --tags pakistan,security
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// The byline.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Mark the article as a draft, left out of builds unless --drafts is given.
    #[arg(long)]
    pub draft: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder, holding newsroom.toml, content/, templates/ and static/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: public/ inside the site folder]. The previous
    /// output is replaced only when the whole build succeeds.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of base_url from newsroom.toml (for preview deployments).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include articles dated in the future (scheduled stories).
    #[arg(long)]
    pub future: bool,
    /// Replace the output folder even though newsroom did not make it (everything in it is
    /// deleted). Never allowed for the site's own folders, the home folder or /.
    #[arg(long)]
    pub force: bool,
    /// Publish every article that builds and leave out those with problems, naming each
    /// with its problems; the build then exits with status 2 instead of 0.
    #[arg(long)]
    pub keep_going: bool,
}
