//! `cargo xtask corpus DIR [--json FILE]`: generate a complete crate from
//! every page in DIR, build it, lint it, run its doc-driven tests, and report
//! one line per page plus a summary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use alibabacloud_domain_codegen::{self as codegen, ProductPage, SourceFile};

/// Options of the command.
pub struct Options {
    pub dir: PathBuf,
    pub json: Option<PathBuf>,
}

pub fn run(root: &Path, options: &Options) -> ExitCode {
    let started = Instant::now();
    let pages = match codegen::load_dir(&options.dir, &options.dir.display().to_string()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", options.dir.display());
            return ExitCode::FAILURE;
        }
    };
    let operations: Vec<&SourceFile> = pages
        .iter()
        .filter(|p| !file_name(&p.name).starts_with('_'))
        .collect();
    let has_product = pages.len() != operations.len();

    // One line per page, from generating it alone.
    let mut parsed = Vec::new();
    let mut page_of_module = BTreeMap::new();
    let mut lines = Vec::new();
    for page in &operations {
        let alone = [(*page).clone()];
        match codegen::build_model(&alone, Some(ProductPage::placeholder())) {
            Ok((api, _, diags)) => {
                let op = &api.operations[0];
                page_of_module.insert(op.rust.module.clone(), page.name.clone());
                let warnings: Vec<String> =
                    diags.warnings().map(|d| one_line(&d.to_string())).collect();
                if warnings.is_empty() {
                    lines.push(format!("ok       {}", page.name));
                } else {
                    lines.push(format!("warning  {}: {}", page.name, warnings.join("; ")));
                }
                parsed.push((*page).clone());
            }
            Err(diags) => {
                let errors: Vec<String> =
                    diags.errors().map(|d| one_line(&d.to_string())).collect();
                lines.push(format!("error    {}: {}", page.name, errors.join("; ")));
            }
        }
    }

    // Two pages may document the same operation; the crate can hold one.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut unique = Vec::new();
    for page in parsed {
        let name = codegen::build_model(
            std::slice::from_ref(&page),
            Some(ProductPage::placeholder()),
        )
        .map(|(api, _, _)| api.operations[0].name.clone())
        .unwrap_or_default();
        match seen.get(&name) {
            Some(first) => lines.push(format!(
                "warning  {}: documents `{name}` again (first in {first}); only the first page goes into the crate",
                page.name
            )),
            None => {
                seen.insert(name, page.name.clone());
                unique.push(page);
            }
        }
    }
    let parsed_count = operations.len() - lines.iter().filter(|l| l.starts_with("error")).count();
    let parsed = unique;

    let fallback = (!has_product).then(ProductPage::placeholder);
    let mut inputs = parsed.clone();
    inputs.extend(
        pages
            .iter()
            .filter(|p| file_name(&p.name).starts_with('_'))
            .cloned(),
    );
    let generated = match codegen::generate(&inputs, fallback) {
        Ok(g) => g,
        Err(diags) => {
            for l in &lines {
                println!("{l}");
            }
            eprintln!("{diags}");
            return ExitCode::FAILURE;
        }
    };
    let generator_time = started.elapsed();

    if let Some(path) = &options.json {
        let doc = codegen::schema::document(&generated.api);
        let text = serde_json::to_string_pretty(&doc).expect("the schema serializes");
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }

    let krate = root.join("target/corpus-crate");
    if let Err(e) = write_crate(root, &krate, &generated.files) {
        eprintln!(
            "error: cannot write the scratch crate in {}: {e}",
            krate.display()
        );
        return ExitCode::FAILURE;
    }
    let build_started = Instant::now();
    let (mut compiled_ok, failing_modules, mut compiler_output) = build(root, &krate);
    if compiled_ok {
        // Generated docs must be as clean as the code: no broken links.
        match docs(root, &krate) {
            Ok(()) => {}
            Err(output) => {
                compiled_ok = false;
                compiler_output = output;
            }
        }
    }
    let (samples_decoded, samples_failed) = if compiled_ok {
        test(root, &krate)
    } else {
        (0, 0)
    };
    let build_time = build_started.elapsed();

    for l in &lines {
        println!("{l}");
    }
    let mut compile_failures = Vec::new();
    for module in &failing_modules {
        let page = page_of_module
            .get(module)
            .cloned()
            .unwrap_or_else(|| module.clone());
        compile_failures.push(page);
    }
    if !compiled_ok {
        eprintln!("{compiler_output}");
        for page in &compile_failures {
            println!(
                "error    {page}: its generated module does not compile or has clippy warnings"
            );
        }
    }
    let compiled = if compiled_ok {
        parsed_count
    } else {
        parsed_count.saturating_sub(compile_failures.len().max(1))
    };
    println!(
        "{} pages, {} parsed, {} compiled, {} samples decoded",
        operations.len(),
        parsed_count,
        compiled,
        samples_decoded
    );
    println!(
        "generator {:.0} ms, cargo clippy + doc + test {:.1} s",
        generator_time.as_secs_f64() * 1000.0,
        build_time.as_secs_f64()
    );
    if parsed_count == operations.len() && compiled_ok && samples_failed == 0 {
        ExitCode::SUCCESS
    } else {
        if samples_failed > 0 {
            eprintln!("{samples_failed} sample test(s) failed");
        }
        ExitCode::FAILURE
    }
}

fn file_name(name: &str) -> &str {
    Path::new(name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(name)
}

fn one_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .trim_start_matches("warning: ")
        .to_string()
        + s.lines()
            .nth(1)
            .map(|l| format!(" ({})", l.trim().trim_start_matches("--> ")))
            .as_deref()
            .unwrap_or("")
}

/// `[workspace.dependencies]` of the root manifest, as `name → value` text.
fn workspace_dependencies(root_manifest: &str) -> BTreeMap<String, String> {
    let mut deps = BTreeMap::new();
    let mut inside = false;
    for line in root_manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == "[workspace.dependencies]";
            continue;
        }
        if inside {
            if let Some((name, value)) = t.split_once('=') {
                deps.insert(name.trim().to_string(), value.trim().to_string());
            }
        }
    }
    deps
}

fn write_crate(root: &Path, krate: &Path, files: &codegen::Files) -> std::io::Result<()> {
    let root_manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
    let deps = workspace_dependencies(&root_manifest);
    let client_manifest = std::fs::read_to_string(root.join("generated/Cargo.toml"))?;
    let mut manifest = String::from(
        "# Written by `cargo xtask corpus`; scratch output, not part of the workspace.\n[package]\nname = \"alibabacloud-corpus\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\n",
    );
    let mut in_deps = false;
    for line in client_manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_deps = t == "[dependencies]";
            continue;
        }
        if let (true, Some(name)) = (in_deps, t.strip_suffix(".workspace = true")) {
            let value = deps.get(name).cloned().unwrap_or_else(|| "\"*\"".into());
            manifest.push_str(&format!("{name} = {value}\n"));
        }
    }
    let tokio = deps.get("tokio").cloned().unwrap_or_default();
    manifest.push_str(&format!(
        "\n[dev-dependencies]\ntokio = {}\n\n[lints.rust]\nmissing_docs = \"warn\"\nunsafe_code = \"forbid\"\n",
        tokio.replacen("features = [", "features = [\"rt-multi-thread\", ", 1)
    ));
    if krate.exists() {
        std::fs::remove_dir_all(krate.join("src"))?;
    }
    std::fs::create_dir_all(krate.join("src/generated"))?;
    std::fs::write(krate.join("Cargo.toml"), manifest)?;
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock"))?;
    let lib = std::fs::read_to_string(root.join("generated/src/lib.rs"))?;
    std::fs::write(krate.join("src/lib.rs"), corpus_lib(&lib))?;
    copy_dir(
        &root.join("generated/src/runtime"),
        &krate.join("src/runtime"),
    )?;
    for (rel, content) in files {
        let path = krate.join("src/generated").join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, content)?;
    }
    Ok(())
}

/// The client crate's `lib.rs` reduced to the generated code and the
/// runtime: hand-written modules built on particular operations (such as the
/// task waiter) are left out, because a folder of pages may not have those
/// operations; so are the crate docs and the README doc test.
fn corpus_lib(lib: &str) -> String {
    let lib = match lib.find("/// The README's") {
        Some(i) => &lib[..i],
        None => lib,
    };
    let kept = ["generated", "runtime"];
    let mut dropped: Vec<String> = Vec::new();
    // The client crate's own docs refer to modules and operations that a
    // corpus crate may not have.
    let mut out = String::from("//! Scratch crate written by `cargo xtask corpus`.\n\n");
    for line in lib.lines() {
        let t = line.trim();
        if t.starts_with("//!") {
            continue;
        }
        let declared = t
            .strip_prefix("pub mod ")
            .or_else(|| t.strip_prefix("mod "))
            .and_then(|rest| rest.strip_suffix(';'));
        if let Some(name) = declared.filter(|n| !kept.contains(n)) {
            dropped.push(name.to_string());
            continue;
        }
        if dropped
            .iter()
            .any(|m| t.starts_with(&format!("pub use {m}::")))
        {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

fn cargo(root: &Path, krate: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args)
        .arg("--manifest-path")
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"));
    cmd
}

/// Runs clippy (which compiles) with warnings denied; returns whether it
/// passed, the generated modules that have diagnostics, and the output.
fn build(root: &Path, krate: &Path) -> (bool, Vec<String>, String) {
    let output = cargo(
        root,
        krate,
        &[
            "clippy",
            "--quiet",
            "--all-targets",
            "--message-format",
            "short",
        ],
    )
    .args(["--", "-D", "warnings"])
    .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => return (false, Vec::new(), format!("cannot run cargo: {e}")),
    };
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut modules: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_once("src/generated/operation/"))
        .filter_map(|(_, rest)| rest.split_once(".rs:").map(|(m, _)| m.to_string()))
        .collect();
    modules.sort();
    modules.dedup();
    (output.status.success(), modules, text)
}

/// Builds the crate's documentation with rustdoc warnings denied.
fn docs(root: &Path, krate: &Path) -> Result<(), String> {
    let output = cargo(root, krate, &["doc", "--quiet", "--no-deps"])
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo doc: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Runs the crate's doc-driven sample tests; returns (passed, failed).
fn test(root: &Path, krate: &Path) -> (usize, usize) {
    let output = match cargo(root, krate, &["test", "--lib"])
        .arg("sample_")
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: cannot run cargo test: {e}");
            return (0, 0);
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let passed = stdout
        .lines()
        .filter(|l| l.contains("sample_") && l.ends_with("... ok"))
        .count();
    let failed = stdout
        .lines()
        .filter(|l| l.contains("sample_") && l.ends_with("FAILED"))
        .count();
    if failed > 0 || !output.status.success() {
        eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    }
    (passed, failed)
}
