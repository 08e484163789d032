//! `cargo xtask corpus DIR [--product FILE] [--json FILE]`: generate a
//! complete crate from every page in DIR, build it, lint it, document it,
//! run its doc-driven sample tests, and report one line per page plus a
//! summary.
//!
//! One bad page never spoils the others: a generated module that does not
//! compile (or has clippy or rustdoc warnings) is reported against its page
//! and left out, and the crate is built again without it, so every other
//! page's samples are still decoded and counted. The command fails, saying
//! why, when any page fails, when a step cannot run, and when a page's valid
//! samples were not all decoded.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use alibabacloud_domain_codegen::{
    self as codegen, PageModel, PageRead, ProductPage, SourceFile, Timings as Phases,
};

/// Where the generator's time went, in wall time: reading the folder, the
/// generator's own phases (parse, lower, emit, format: see
/// [`codegen::Timings`]) and writing the model and the scratch crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Reading the pages and the product page from disk.
    pub read: Duration,
    /// The generator's phases.
    pub generator: Phases,
    /// Writing `--json` and the scratch crate's files.
    pub write: Duration,
}

impl Timings {
    /// `generator 123 ms for 72 pages (read 1, parse 5, lower 20, emit 40, format 50, write 7)`.
    pub fn line(&self, pages: usize) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let g = &self.generator;
        format!(
            "generator {:.0} ms for {pages} pages (read {:.0}, parse {:.0}, lower {:.0}, emit {:.0}, format {:.0}, write {:.0})",
            ms(self.read + g.total() + self.write),
            ms(self.read),
            ms(g.parse),
            ms(g.lower),
            ms(g.emit),
            ms(g.format),
            ms(self.write),
        )
    }
}

/// Options of the command.
pub struct Options {
    /// The folder of pages.
    pub dir: PathBuf,
    /// A product page to use instead of `DIR/_product.md`.
    pub product: Option<PathBuf>,
    /// Where to write the model as JSON.
    pub json: Option<PathBuf>,
    /// Generate from this many operation pages: the folder's, then copies
    /// under new operation names ([`codegen::repeat_operations`]), to time
    /// the generator on more operations than the folder holds.
    pub pages: Option<usize>,
}

/// How many times the crate is rebuilt without the modules that failed.
const MAX_ROUNDS: usize = 5;

/// What happened to one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStatus {
    /// Generated, compiled, clean; `warnings` from the generator.
    Ok { warnings: Vec<String> },
    /// Not an API reference page.
    Skipped { reason: String },
    /// The generator rejected it.
    Error { errors: Vec<String> },
    /// Another page documents the same operation and goes into the crate
    /// (see `codegen::keeps_before`); this one was left out.
    Duplicate { first: String },
    /// Its generated module does not build cleanly.
    Broken { step: &'static str, detail: String },
}

/// One page's line in the report, and what its samples did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOutcome {
    /// The page.
    pub page: String,
    /// Its status.
    pub status: PageStatus,
    /// Its module, when it was generated.
    pub module: Option<String>,
    /// How many valid samples it has.
    pub samples: usize,
    /// How many of them decoded in the tests.
    pub decoded: usize,
}

/// A build step that could not run or did not finish for a reason no page
/// explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    /// The step (`clippy`, `doc`, `test`, `write`).
    pub step: &'static str,
    /// What went wrong.
    pub detail: String,
}

/// Everything the report and the exit status are made from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// One per page, in file order.
    pub pages: Vec<PageOutcome>,
    /// Steps that failed for reasons no page explains.
    pub failures: Vec<StepFailure>,
    /// Sample tests that failed, by name.
    pub failed_tests: Vec<String>,
}

impl Outcome {
    /// The problems that make the run fail, each in one sentence; empty
    /// when it succeeded.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in &self.failures {
            out.push(format!("the {} step failed: {}", f.step, f.detail));
        }
        for p in &self.pages {
            match &p.status {
                PageStatus::Error { .. } => {
                    out.push(format!("{}: the generator rejected the page", p.page))
                }
                PageStatus::Broken { step, .. } => {
                    out.push(format!("{}: its module failed {step}", p.page))
                }
                PageStatus::Ok { .. } if p.decoded < p.samples => out.push(format!(
                    "{}: {} of its {} valid samples decoded",
                    p.page, p.decoded, p.samples
                )),
                _ => {}
            }
        }
        for t in &self.failed_tests {
            out.push(format!("sample test {t} failed"));
        }
        out
    }

    /// The summary line.
    pub fn summary(&self) -> String {
        let count =
            |f: &dyn Fn(&PageStatus) -> bool| self.pages.iter().filter(|p| f(&p.status)).count();
        let skipped = count(&|s| matches!(s, PageStatus::Skipped { .. }));
        let parsed = count(&|s| {
            matches!(
                s,
                PageStatus::Ok { .. } | PageStatus::Duplicate { .. } | PageStatus::Broken { .. }
            )
        });
        let compiled =
            count(&|s| matches!(s, PageStatus::Ok { .. } | PageStatus::Duplicate { .. }));
        let decoded: usize = self.pages.iter().map(|p| p.decoded).sum();
        let mut line = format!(
            "{} pages, {parsed} parsed, {compiled} compiled, {decoded} samples decoded",
            self.pages.len()
        );
        if skipped > 0 {
            line.push_str(&format!(", {skipped} skipped (not API reference pages)"));
        }
        line
    }
}

pub fn run(root: &Path, options: &Options) -> ExitCode {
    let mut timings = Timings::default();
    let started = Instant::now();
    let dir_name = options.dir.display().to_string();
    let pages = match codegen::load_dir(&options.dir, &dir_name) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot read {dir_name}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let product = match product_page(root, options, &pages) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    timings.read = started.elapsed();
    // Making the copies reads every page once more; not the generator's time.
    let pages = match options.pages {
        Some(n) => codegen::repeat_operations(&codegen::operation_pages(&pages), n),
        None => pages,
    };
    let operations: Vec<&SourceFile> = pages
        .iter()
        .filter(|p| !file_name(&p.name).starts_with('_'))
        .collect();

    // Every page is read on its own (on every core); the pages that give an
    // operation not given by an earlier page go into the crate.
    let reads = codegen::read_pages(&operations, &mut timings.generator);
    let mut outcome = Outcome::default();
    // Of two pages of one operation, the generator's choice goes in.
    let mut by_name: BTreeMap<String, &codegen::model::Operation> = BTreeMap::new();
    for read in &reads {
        if let PageRead::Operation(op) = &read.read {
            let best = by_name.entry(op.name.clone()).or_insert(op);
            if codegen::keeps_before(op, best).is_lt() {
                *best = op;
            }
        }
    }
    let mut kept: Vec<usize> = Vec::new();
    for (index, read) in reads.iter().enumerate() {
        let page = read.source.clone();
        let (status, module, samples) = match &read.read {
            PageRead::Operation(op) => {
                let samples = op.samples.iter().filter(|s| s.invalid.is_none()).count();
                match by_name.get(&op.name).filter(|best| best.source != page) {
                    Some(best) => (
                        PageStatus::Duplicate {
                            first: best.source.clone(),
                        },
                        None,
                        samples,
                    ),
                    None => {
                        kept.push(index);
                        // Warnings are filled in once the model is named.
                        (
                            PageStatus::Ok {
                                warnings: Vec::new(),
                            },
                            None,
                            samples,
                        )
                    }
                }
            }
            PageRead::Skipped(skipped) => (
                PageStatus::Skipped {
                    reason: skipped.reason.clone(),
                },
                None,
                0,
            ),
            PageRead::Failed => (
                PageStatus::Error {
                    errors: read
                        .diagnostics
                        .iter()
                        .filter(|d| d.is_error())
                        .map(|d| one_line(&d.to_string()))
                        .collect(),
                },
                None,
                0,
            ),
        };
        outcome.pages.push(PageOutcome {
            page,
            status,
            module,
            samples,
            decoded: 0,
        });
    }

    let krate = root.join("target/corpus-crate");
    let mut build_time = Duration::ZERO;
    let mut excluded: BTreeSet<String> = BTreeSet::new();
    let mut built = false;
    let mut first_round = true;
    for _ in 0..MAX_ROUNDS {
        let inputs: Vec<PageModel> = kept
            .iter()
            .map(|&i| &reads[i])
            .filter(|r| !excluded.contains(&r.source))
            .cloned()
            .collect();
        // Later rounds only leave pages out: their time is not the
        // generator's on this folder.
        let mut round_timings = Phases::default();
        let mut round_write = Duration::ZERO;
        let generated = match codegen::assemble(&inputs, Some(product.clone()), &mut round_timings)
        {
            Ok((api, settings, diagnostics)) => {
                let files = codegen::emit::emit_timed(&api, &settings, &mut round_timings);
                (api, files, diagnostics)
            }
            Err(diags) => {
                outcome.failures.push(StepFailure {
                    step: "generate",
                    detail: one_line(&diags.to_string()),
                });
                break;
            }
        };
        let (api, files, diagnostics) = generated;
        if first_round {
            // Each page's warnings: its own, and those naming found.
            for p in &mut outcome.pages {
                let Some(op) = api.operations.iter().find(|op| op.source == p.page) else {
                    continue;
                };
                p.module = Some(op.rust.module.clone());
                if let PageStatus::Ok { warnings } = &mut p.status {
                    *warnings = diagnostics
                        .warnings()
                        .filter(|d| d.file == p.page)
                        .map(|d| one_line(&d.to_string()))
                        .collect();
                }
            }
        }
        let write_started = Instant::now();
        if let Some(path) = &options.json {
            let doc = codegen::schema::document(&api);
            let text = serde_json::to_string_pretty(&doc).expect("the schema serializes");
            if let Err(e) = std::fs::write(path, text + "\n") {
                outcome.failures.push(StepFailure {
                    step: "write",
                    detail: format!("cannot write {}: {e}", path.display()),
                });
                break;
            }
        }
        if let Err(e) = write_crate(root, &krate, &files) {
            outcome.failures.push(StepFailure {
                step: "write",
                detail: format!("cannot write the scratch crate in {}: {e}", krate.display()),
            });
            break;
        }
        round_write += write_started.elapsed();
        if first_round {
            timings.generator.lower += round_timings.lower;
            timings.generator.emit += round_timings.emit;
            timings.generator.format += round_timings.format;
            timings.write += round_write;
            println!("{}", timings.line(operations.len()));
            first_round = false;
        }
        let build_started = Instant::now();
        let module_page: BTreeMap<String, String> = api
            .operations
            .iter()
            .map(|op| (op.rust.module.clone(), op.source.clone()))
            .collect();
        // clippy (which compiles), then rustdoc: a failure names modules.
        let failed_step = match clippy(root, &krate) {
            Ok(()) => docs(root, &krate).err().map(|o| ("doc", o)),
            Err(o) => Some(("clippy", o)),
        };
        build_time += build_started.elapsed();
        let mut failed_now = Vec::new();
        if let Some((step, output)) = failed_step {
            let modules = failing_modules(&output);
            let blamed: Vec<(&String, &String)> = modules
                .iter()
                .filter_map(|m| module_page.get(m).map(|p| (m, p)))
                .collect();
            if blamed.is_empty() {
                eprintln!("{output}");
                outcome.failures.push(StepFailure {
                    step,
                    detail: format!("{} (no generated module is to blame)", first_error(&output)),
                });
            }
            for (module, page) in blamed {
                failed_now.push((step, page.clone(), detail_for(&output, module)));
            }
        }
        if !outcome.failures.is_empty() {
            break;
        }
        if failed_now.is_empty() {
            built = true;
            break;
        }
        for (step, page, detail) in failed_now {
            excluded.insert(page.clone());
            if let Some(p) = outcome.pages.iter_mut().find(|p| p.page == page) {
                p.status = PageStatus::Broken { step, detail };
            }
        }
    }
    if !built && outcome.failures.is_empty() {
        outcome.failures.push(StepFailure {
            step: "clippy",
            detail: format!(
                "the crate still failed after leaving out failing modules {MAX_ROUNDS} times"
            ),
        });
    }
    let build_started = Instant::now();
    if built {
        match test(root, &krate) {
            Ok(results) => {
                for p in &mut outcome.pages {
                    if let Some(module) = &p.module {
                        p.decoded = results.passed.get(module).copied().unwrap_or(0);
                    }
                }
                outcome.failed_tests = results.failed;
            }
            Err(detail) => outcome.failures.push(StepFailure {
                step: "test",
                detail,
            }),
        }
    }
    build_time += build_started.elapsed();

    for p in &outcome.pages {
        println!("{}", page_line(p));
    }
    println!("{}", outcome.summary());
    println!(
        "{}, cargo clippy + doc + test {:.1} s",
        timings.line(operations.len()),
        build_time.as_secs_f64()
    );
    let problems = outcome.problems();
    if problems.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("error: the corpus run failed:");
    for p in &problems {
        eprintln!("  {p}");
    }
    ExitCode::FAILURE
}

/// The report line of one page.
pub fn page_line(p: &PageOutcome) -> String {
    match &p.status {
        PageStatus::Ok { warnings } if warnings.is_empty() => format!("ok       {}", p.page),
        PageStatus::Ok { warnings } => format!("warning  {}: {}", p.page, warnings.join("; ")),
        PageStatus::Skipped { reason } => {
            format!("skipped  {}: not an API reference page: {reason}", p.page)
        }
        PageStatus::Error { errors } => format!("error    {}: {}", p.page, errors.join("; ")),
        PageStatus::Duplicate { first } => format!(
            "warning  {}: documents the same operation as {first}, which goes into the crate (the page named after the operation, else the first by name); this one is left out",
            p.page
        ),
        PageStatus::Broken { step, detail } => {
            format!("error    {}: its generated module failed {step}: {detail}", p.page)
        }
    }
}

/// The product page: `--product`, else `DIR/_product.md`, else the product
/// the pages name (`codegen::product::infer`, with a warning), else the
/// Domain product page of this repository (with a note). The scratch crate's own name is used in
/// doc tests, and it has no task waiter.
fn product_page(
    root: &Path,
    options: &Options,
    pages: &[SourceFile],
) -> Result<ProductPage, String> {
    let (name, text) = match &options.product {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        ),
        None => match pages
            .iter()
            .find(|p| file_name(&p.name) == codegen::PRODUCT_PAGE)
        {
            Some(p) => (p.name.clone(), p.text.clone()),
            None => {
                // The pages may name their product (OpenAPI Explorer links,
                // sample request hosts): read it from them, with a warning.
                let operations: Vec<&SourceFile> = pages
                    .iter()
                    .filter(|p| !file_name(&p.name).starts_with('_'))
                    .collect();
                match codegen::product::infer(&operations) {
                    Ok((mut product, warning)) => {
                        println!("{}", one_line(&warning.to_string()));
                        product.crate_name = "alibabacloud_corpus".into();
                        return Ok(product);
                    }
                    Err(why) => {
                        let path = root.join("api-docs").join(codegen::PRODUCT_PAGE);
                        println!(
                            "note: no --product and no {} in the folder, and {why}; using api-docs/{} (Domain's facts)",
                            codegen::PRODUCT_PAGE,
                            codegen::PRODUCT_PAGE
                        );
                        (
                            format!("api-docs/{}", codegen::PRODUCT_PAGE),
                            std::fs::read_to_string(&path)
                                .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
                        )
                    }
                }
            }
        },
    };
    let mut product = codegen::product::parse_product(&name, &text).map_err(|diags| {
        diags
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    product.crate_name = "alibabacloud_corpus".into();
    product.task_waiter = None;
    Ok(product)
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

/// The scratch crate's `lib.rs`: the same shell as the product crate's
/// (`src/root.rs`: modules, re-exports, the private path to the runtime,
/// the client; copied beside it, since its `mod generated;` must find the
/// scratch crate's generated code), and nothing hand-written that is built
/// on particular operations.
const SCRATCH_LIB: &str =
    "//! Scratch crate written by `cargo xtask corpus`.\n\ninclude!(\"root.rs\");\n";

/// The scratch crate's manifest: the runtime crate as a path dependency
/// (built as it is, nothing copied), and what generated code itself names
/// (`serde_json::Value` for untyped fields, `serde` for the feature of the
/// same name, which the sample tests turn on to check the round trip). Versions come from the
/// workspace's `Cargo.lock`, copied beside it.
fn scratch_manifest(root: &Path) -> String {
    let runtime = root.join("generated/runtime");
    format!(
        "# Written by `cargo xtask corpus`; scratch output, not part of the workspace.
[package]
name = \"alibabacloud-corpus\"
version = \"0.0.0\"
edition = \"2021\"
publish = false

[workspace]

[features]
test-util = [\"alibabacloud-runtime/test-util\"]
serde = [\"dep:serde\"]

[dependencies]
alibabacloud-runtime = {{ path = {:?} }}
serde = {{ version = \"1\", features = [\"derive\"], optional = true }}
serde_json = \"1\"

[lints.rust]
missing_docs = \"warn\"
unsafe_code = \"forbid\"
",
        runtime.display().to_string()
    )
}

pub(crate) fn write_crate(
    root: &Path,
    krate: &Path,
    files: &codegen::Files,
) -> std::io::Result<()> {
    if krate.exists() {
        std::fs::remove_dir_all(krate.join("src"))?;
    }
    std::fs::create_dir_all(krate.join("src/generated"))?;
    std::fs::write(krate.join("Cargo.toml"), scratch_manifest(root))?;
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock"))?;
    std::fs::write(krate.join("src/lib.rs"), SCRATCH_LIB)?;
    std::fs::copy(
        root.join("generated/src/root.rs"),
        krate.join("src/root.rs"),
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

pub(crate) fn cargo(root: &Path, krate: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args)
        .arg("--manifest-path")
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"));
    cmd
}

/// Runs clippy (which compiles) with warnings denied.
fn clippy(root: &Path, krate: &Path) -> Result<(), String> {
    let output = cargo(
        root,
        krate,
        &[
            "clippy",
            "--quiet",
            "--all-targets",
            // The serde derives are code too.
            "--features",
            "serde",
            "--message-format",
            "short",
        ],
    )
    .args(["--", "-D", "warnings"])
    .output();
    match output {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )),
        Err(e) => Err(format!("cannot run cargo: {e}")),
    }
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

/// The generated operation modules compiler output blames.
pub fn failing_modules(output: &str) -> Vec<String> {
    let mut modules: Vec<String> = output
        .lines()
        .filter_map(|l| l.split_once("src/generated/operation/"))
        .filter_map(|(_, rest)| rest.split_once(".rs:").map(|(m, _)| m.to_string()))
        .filter(|m| m != "mod")
        .collect();
    modules.sort();
    modules.dedup();
    modules
}

/// The first error line of compiler output.
fn first_error(output: &str) -> String {
    output
        .lines()
        .find(|l| l.contains("error"))
        .unwrap_or_else(|| output.lines().next().unwrap_or("no output"))
        .trim()
        .to_string()
}

/// The first diagnostic that names `module`.
fn detail_for(output: &str, module: &str) -> String {
    let needle = format!("src/generated/operation/{module}.rs:");
    output
        .lines()
        .find(|l| l.contains(&needle))
        .map(|l| l.trim().to_string())
        .unwrap_or_default()
}

/// What the sample tests did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TestResults {
    /// Passed sample tests per module.
    pub passed: BTreeMap<String, usize>,
    /// Failed sample tests, by name.
    pub failed: Vec<String>,
}

/// Reads libtest's output: `test generated::operation::M::tests::sample_json_1_decodes ... ok`.
/// Errors when the run did not finish (no `test result:` line) or ended in
/// failure without a failed sample test to show for it.
pub fn parse_test_output(stdout: &str, success: bool) -> Result<TestResults, String> {
    let mut results = TestResults::default();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, verdict)) = rest.rsplit_once(" ... ") else {
            continue;
        };
        if !name.contains("::sample_") {
            continue;
        }
        let module = name
            .split("::")
            .skip_while(|s| *s != "operation")
            .nth(1)
            .unwrap_or("")
            .to_string();
        match verdict.trim() {
            "ok" => *results.passed.entry(module).or_default() += 1,
            _ => results.failed.push(name.to_string()),
        }
    }
    if !stdout.lines().any(|l| l.starts_with("test result:")) {
        return Err("the test run did not finish (no `test result:` line)".into());
    }
    if !success && results.failed.is_empty() {
        return Err("the test run failed, but no sample test did".into());
    }
    Ok(results)
}

/// Runs the crate's doc-driven sample tests.
fn test(root: &Path, krate: &Path) -> Result<TestResults, String> {
    let output = cargo(root, krate, &["test", "--lib", "--features", "serde"])
        .arg("sample_")
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results = parse_test_output(&stdout, output.status.success());
    if results.as_ref().map_or(true, |r| !r.failed.is_empty()) {
        eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, status: PageStatus, samples: usize, decoded: usize) -> PageOutcome {
        PageOutcome {
            page: name.into(),
            status,
            module: Some(name.to_lowercase()),
            samples,
            decoded,
        }
    }

    fn ok() -> PageStatus {
        PageStatus::Ok {
            warnings: Vec::new(),
        }
    }

    #[test]
    fn a_clean_run_has_no_problems() {
        let outcome = Outcome {
            pages: vec![
                page("A", ok(), 2, 2),
                page(
                    "B",
                    PageStatus::Skipped {
                        reason: "no tables".into(),
                    },
                    0,
                    0,
                ),
            ],
            ..Outcome::default()
        };
        assert!(outcome.problems().is_empty());
        assert_eq!(
            outcome.summary(),
            "2 pages, 1 parsed, 1 compiled, 2 samples decoded, 1 skipped (not API reference pages)"
        );
    }

    #[test]
    fn every_kind_of_failure_is_a_problem_that_says_which() {
        let outcome = Outcome {
            pages: vec![
                page("A", ok(), 2, 1),
                page(
                    "B",
                    PageStatus::Broken {
                        step: "clippy",
                        detail: "x".into(),
                    },
                    1,
                    0,
                ),
                page(
                    "C",
                    PageStatus::Error {
                        errors: vec!["bad".into()],
                    },
                    0,
                    0,
                ),
            ],
            failures: vec![StepFailure {
                step: "test",
                detail: "cannot run cargo test".into(),
            }],
            failed_tests: vec!["generated::operation::a::tests::sample_json_1_decodes".into()],
        };
        let problems = outcome.problems();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].contains("the test step failed: cannot run cargo test"));
        assert!(problems
            .iter()
            .any(|p| p == "A: 1 of its 2 valid samples decoded"));
        assert!(problems.iter().any(|p| p == "B: its module failed clippy"));
        assert!(problems
            .iter()
            .any(|p| p.starts_with("C: the generator rejected")));
        assert!(problems
            .iter()
            .any(|p| p.contains("sample_json_1_decodes failed")));
        assert_eq!(
            outcome.summary(),
            "3 pages, 2 parsed, 1 compiled, 1 samples decoded"
        );
    }

    #[test]
    fn test_output_is_counted_per_module_and_a_crash_is_an_error() {
        let out = "running 3 tests\ntest generated::operation::query_a::tests::sample_json_1_decodes ... ok\ntest generated::operation::query_a::tests::sample_xml_1_decodes ... ok\ntest generated::operation::save_b::tests::sample_json_1_decodes ... FAILED\n\ntest result: FAILED. 2 passed; 1 failed\n";
        let r = parse_test_output(out, false).unwrap();
        assert_eq!(r.passed.get("query_a"), Some(&2));
        assert_eq!(
            r.failed,
            ["generated::operation::save_b::tests::sample_json_1_decodes"]
        );
        // The binary crashed before reporting.
        let crashed = "running 3 tests\ntest generated::operation::query_a::tests::sample_json_1_decodes ... ok\n";
        assert!(parse_test_output(crashed, false).is_err());
        // It failed for a reason that is not a sample test.
        assert!(parse_test_output("test result: FAILED. 0 passed; 0 failed\n", false).is_err());
        assert!(parse_test_output("test result: ok. 0 passed\n", true).is_ok());
    }

    #[test]
    fn failing_modules_are_read_from_compiler_output() {
        let out = "src/generated/operation/query_ds_record.rs:363:1: error: missing documentation\nsrc/generated/operation/mod.rs:3:1: error: x\nsrc/generated/operation/a_b.rs:1:1: warning: y\nsrc/runtime/client.rs:1:1: error: z\n";
        assert_eq!(failing_modules(out), ["a_b", "query_ds_record"]);
    }

    #[test]
    fn the_timing_line_names_every_phase_and_sums_them() {
        let ms = Duration::from_millis;
        let t = Timings {
            read: ms(1),
            generator: Phases {
                parse: ms(2),
                lower: ms(3),
                emit: ms(4),
                format: ms(5),
            },
            write: ms(6),
        };
        assert_eq!(
            t.line(9),
            "generator 21 ms for 9 pages (read 1, parse 2, lower 3, emit 4, format 5, write 6)"
        );
    }

    #[test]
    fn page_lines() {
        assert_eq!(page_line(&page("A.md", ok(), 0, 0)), "ok       A.md");
        let skipped = page(
            "E.md",
            PageStatus::Skipped {
                reason: "it has no sections".into(),
            },
            0,
            0,
        );
        assert_eq!(
            page_line(&skipped),
            "skipped  E.md: not an API reference page: it has no sections"
        );
    }
}
