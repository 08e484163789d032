//! Project automation: `cargo xtask codegen [--check]`,
//! `cargo xtask public-api [--check]` and the helpers in [`USAGE`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alibabacloud_domain_codegen as codegen;

mod build_times;
mod corpus;
mod outline;
mod public_api;

const USAGE: &str = "usage: cargo xtask codegen [--check]
       cargo xtask public-api [--check]
       cargo xtask corpus DIR [--product FILE] [--json FILE] [--pages N]
       cargo xtask build-times
       cargo xtask model PAGE...
       cargo xtask compare OURS THEIRS

  codegen              regenerate generated/src/generated/ from api-docs/
  codegen --check      change nothing; fail if generated/ is stale
  public-api           write the public API of each published crate to
                       public-api.txt next to its Cargo.toml (rustdoc JSON, all
                       features); fail on a third-party item in it that the
                       crate's public-api-allow.txt does not allow
  public-api --check   change nothing; fail if a public-api.txt is stale
  corpus DIR           generate, build, lint and test a scratch crate from every
                       page in DIR (under target/corpus-crate); one line per page.
                       Product facts from DIR/_product.md, else api-docs/_product.md
    --product FILE     take the product facts from FILE instead
    --json FILE        also write the model as JSON (schema: codegen/src/schema.rs)
    --pages N          generate from N operation pages: DIR's, then copies of
                       them under new operation names (`…Copy1`), to time the
                       generator on a larger set
  build-times          release build times of the crate from 2 pages and from
                       all of api-docs/ (rebuild after one page, clean build)
  model PAGE...        print how the generator reads each page: its diagnostics
                       and one line per parameter and field (place, type,
                       required, valid values)
  compare OURS THEIRS  print every fact two pages of one operation disagree on
                       (exit 1 when there is one)";

/// The generator allocates many small token trees and strings, across
/// threads; mimalloc serves them faster than the system allocator (the
/// generator bench uses it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen_cmd(false),
        ["codegen", "--check"] => codegen_cmd(true),
        ["public-api"] => public_api::run(&root(), false),
        ["public-api", "--check"] => public_api::run(&root(), true),
        ["corpus", rest @ ..] => match corpus_options(rest) {
            Some(options) => corpus::run(&root(), &options),
            None => {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }
        },
        ["build-times"] => build_times::run(&root()),
        ["model", pages @ ..] if !pages.is_empty() => outline::model(pages),
        ["compare", ours, theirs] => outline::compare(ours, theirs),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `DIR [--product FILE] [--json FILE] [--pages N]`, in any order.
fn corpus_options(args: &[&str]) -> Option<corpus::Options> {
    let mut dir = None;
    let mut product = None;
    let mut json = None;
    let mut pages = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--product" => product = Some(it.next()?.into()),
            "--json" => json = Some(it.next()?.into()),
            "--pages" => pages = Some(it.next()?.parse().ok()?),
            other if other.starts_with("--") => return None,
            other if dir.is_none() => dir = Some(other.into()),
            _ => return None,
        }
    }
    Some(corpus::Options {
        dir: dir?,
        product,
        json,
        pages,
    })
}

/// The workspace root (xtask lives one level below it). `cargo run` tells
/// the running binary where its manifest is; the path compiled in is the
/// fallback (a binary built in one checkout and run from another, through a
/// shared target directory, must not write into the first).
fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn codegen_cmd(check: bool) -> ExitCode {
    let root = root();
    let pages = match codegen::load_dir(&root.join("api-docs"), "api-docs") {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot read api-docs/: {e}");
            return ExitCode::FAILURE;
        }
    };
    let generated = match codegen::generate(&pages, None) {
        Ok(g) => g,
        Err(diags) => {
            eprintln!("{diags}");
            return ExitCode::FAILURE;
        }
    };
    for w in generated.diagnostics.warnings() {
        eprintln!("{w}");
    }
    let out = root.join("generated/src/generated");
    let changes = match codegen::write::sync(&out, &generated.files, !check) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rel =
        |c: &codegen::write::Change| c.to_string().replace(&format!("{}/", root.display()), "");
    if check {
        if changes.is_empty() {
            println!(
                "generated/ is up to date with api-docs/ ({} operations)",
                generated.api.operations.len()
            );
            return ExitCode::SUCCESS;
        }
        eprintln!("error: generated/ is stale; these files differ from what api-docs/ produces:");
        for c in &changes {
            eprintln!("  {}", rel(c));
        }
        eprintln!("run `cargo xtask codegen` and review the diff");
        return ExitCode::FAILURE;
    }
    for c in &changes {
        println!("{}", rel(c));
    }
    println!(
        "{} operations, {} files, {} changed",
        generated.api.operations.len(),
        generated.files.len(),
        changes.len()
    );
    ExitCode::SUCCESS
}
