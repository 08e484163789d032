//! `cargo xtask model PAGE...` and `cargo xtask compare OURS THEIRS`: how
//! the generator reads a page, and where two pages of one operation differ.

use std::path::Path;
use std::process::ExitCode;

use alibabacloud_domain_codegen::compare::{compare as diff, outline, Outline};
use alibabacloud_domain_codegen::{self as codegen, ProductPage, SourceFile};

/// Reads one page into its outline, printing its diagnostics to stderr.
fn read(path: &str) -> Result<Outline, ExitCode> {
    let text = std::fs::read_to_string(Path::new(path)).map_err(|e| {
        eprintln!("error: cannot read {path}: {e}");
        ExitCode::FAILURE
    })?;
    let files = [SourceFile {
        name: path.to_string(),
        text,
    }];
    match codegen::build_model(&files, Some(ProductPage::placeholder())) {
        Ok((api, _, diags)) => {
            for w in diags.warnings() {
                eprintln!("{w}");
            }
            match (api.operations.first(), api.skipped.first()) {
                (Some(op), _) => Ok(outline(op)),
                (None, Some(skipped)) => {
                    eprintln!(
                        "skipped: {path} is not an API reference page: {}",
                        skipped.reason
                    );
                    Err(ExitCode::FAILURE)
                }
                (None, None) => {
                    eprintln!("error: {path} holds no operation");
                    Err(ExitCode::FAILURE)
                }
            }
        }
        Err(diags) => {
            eprintln!("{diags}");
            Err(ExitCode::FAILURE)
        }
    }
}

pub fn model(pages: &[&str]) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for page in pages {
        match read(page) {
            Ok(o) => print!("{o}"),
            Err(code) => status = code,
        }
    }
    status
}

pub fn compare(ours: &str, theirs: &str) -> ExitCode {
    let (a, b) = match (read(ours), read(theirs)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let differences = diff(&a, &b);
    if differences.is_empty() {
        println!("{ours} and {theirs} agree on every fact");
        return ExitCode::SUCCESS;
    }
    println!("here: {ours}\nthere: {theirs}");
    for d in &differences {
        println!("{d}");
    }
    println!("{} differences", differences.len());
    ExitCode::FAILURE
}
