//! `cargo xtask build-times`: what the generated code costs the compiler.
//!
//! Builds two copies of the client crate (the runtime and the generated
//! code, as `cargo xtask corpus` lays them out): one from the two pages the
//! project started with, one from every page in `api-docs/`. For each it
//! measures, in release mode with the dependencies already built:
//!
//! - the rebuild after one page changes (one generated module rewritten);
//! - a clean build of the crate alone (its own artifacts removed first).
//!
//! Each figure is the fastest of three runs (wall time; the machine's other
//! work only ever adds to it).

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use alibabacloud_domain_codegen::{self as codegen, SourceFile};

use crate::corpus::{cargo, write_crate};

/// The pages of the crate's first version.
const FIRST_PAGES: [&str; 2] = [
    "SaveSingleTaskForSynchronizingDSRecord.md",
    "QueryTaskDetailList.md",
];

const RUNS: usize = 3;

struct Figures {
    operations: usize,
    rebuild: Duration,
    clean: Duration,
}

/// Builds the crate; fails unless the crate itself was compiled (a build
/// that found it fresh measures nothing).
fn build(root: &Path, krate: &Path, package: &str, must_compile: bool) -> Result<Duration, String> {
    let started = Instant::now();
    let output = cargo(root, krate, &["build", "--release"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "cargo build failed in {}:\n{stderr}",
            krate.display()
        ));
    }
    if must_compile && !stderr.contains(&format!("Compiling {package}")) {
        return Err(format!(
            "cargo did not rebuild {}:\n{stderr}",
            krate.display()
        ));
    }
    Ok(elapsed)
}

/// Waits until a new write is certainly newer than the last build's
/// outputs (file times have a coarse granularity).
fn settle() {
    std::thread::sleep(Duration::from_millis(1100));
}

fn measure(root: &Path, name: &str, pages: &[SourceFile]) -> Result<Figures, String> {
    let generated = codegen::generate(pages, None).map_err(|d| d.to_string())?;
    let krate = root.join("target/build-times").join(name);
    write_crate(root, &krate, &generated.files).map_err(|e| e.to_string())?;
    // A package name of its own, so that the two crates never share
    // artifacts or fingerprints in the target directory.
    let package = format!("alibabacloud-build-times-{name}");
    let manifest = krate.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(
        &manifest,
        text.replacen(
            "name = \"alibabacloud-corpus\"",
            &format!("name = \"{package}\""),
            1,
        ),
    )
    .map_err(|e| e.to_string())?;
    // Warm: the dependencies, and the crate once.
    build(root, &krate, &package, false)?;
    let module = generated
        .files
        .keys()
        .find(|k| k.starts_with("operation/") && !k.ends_with("mod.rs"))
        .ok_or("no operation module")?;
    let path = krate.join("src/generated").join(module);
    let mut rebuild = Duration::MAX;
    for _ in 0..RUNS {
        // A changed page rewrites its module: the crate is rebuilt.
        settle();
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        std::fs::write(&path, format!("{text}\n")).map_err(|e| e.to_string())?;
        rebuild = rebuild.min(build(root, &krate, &package, true)?);
    }
    let mut clean = Duration::MAX;
    for _ in 0..RUNS {
        let status = cargo(
            root,
            &krate,
            &["clean", "--release", "--quiet", "-p", &package],
        )
        .status()
        .map_err(|e| format!("cannot run cargo clean: {e}"))?;
        if !status.success() {
            return Err("cargo clean failed".into());
        }
        clean = clean.min(build(root, &krate, &package, true)?);
    }
    Ok(Figures {
        operations: generated.api.operations.len(),
        rebuild,
        clean,
    })
}

pub fn run(root: &Path) -> ExitCode {
    let pages = match codegen::load_dir(&root.join("api-docs"), "api-docs") {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot read api-docs/: {e}");
            return ExitCode::FAILURE;
        }
    };
    let first: Vec<SourceFile> = pages
        .iter()
        .filter(|p| {
            p.name.ends_with(codegen::PRODUCT_PAGE)
                || FIRST_PAGES
                    .iter()
                    .any(|f| p.name.ends_with(&format!("/{f}")))
        })
        .cloned()
        .collect();
    let mut rows = Vec::new();
    for (name, pages) in [("first", &first), ("all", &pages)] {
        eprintln!("building the crate from the {name} pages…");
        match measure(root, name, pages) {
            Ok(f) => rows.push(f),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("| Crate | Rebuild after one page changes | Clean build of the crate alone |");
    println!("|---|---|---|");
    for f in &rows {
        println!(
            "| {} operations | {:.1} s | {:.1} s |",
            f.operations,
            f.rebuild.as_secs_f64(),
            f.clean.as_secs_f64()
        );
    }
    if let [small, big] = rows.as_slice() {
        println!(
            "ratio: rebuild {:.2}×, clean build {:.2}× (release, dependencies built, fastest of {RUNS})",
            big.rebuild.as_secs_f64() / small.rebuild.as_secs_f64(),
            big.clean.as_secs_f64() / small.clean.as_secs_f64()
        );
    }
    ExitCode::SUCCESS
}
