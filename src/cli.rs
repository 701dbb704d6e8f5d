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
}
