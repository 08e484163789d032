//! `cargo xtask public-api [--check]`: a listing of each published crate's
//! public API, committed next to the crate as `public-api.txt`, so that
//! every change to the API shows up in review as a diff; and a check that
//! every third-party item in that API is allowed, with a reason, by the
//! crate's `public-api-allow.txt`.
//!
//! The crates are the workspace's packages that can be published (no
//! `publish = false`) and have a library, as `cargo metadata` lists them:
//! nothing here names one. Each is documented with all of its features, by
//! rustdoc's JSON output, read generically (see `render`).

mod list;
mod render;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use serde_json::Value;

use list::Finding;
use render::{Doc, STD_CRATES};

/// The listing, next to each crate's `Cargo.toml`.
const LISTING: &str = "public-api.txt";
/// The third-party items allowed in the crate's API, next to the listing.
const ALLOWLIST: &str = "public-api-allow.txt";

/// A workspace package, as `cargo metadata` describes it.
struct Package {
    name: String,
    /// Its library's crate name (`alibabacloud_domain`), if it has one.
    lib: Option<String>,
    dir: PathBuf,
    features: Vec<String>,
    publish: bool,
    /// The workspace packages it depends on.
    depends_on: Vec<String>,
}

pub fn run(root: &Path, check: bool) -> ExitCode {
    match run_all(root, check) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Lists every published crate; `Ok(false)` when a listing is stale (in
/// check mode) or a third-party item is not allowed.
fn run_all(root: &Path, check: bool) -> Result<bool, String> {
    let packages = workspace(root)?;
    let first_party: BTreeSet<String> = STD_CRATES
        .iter()
        .map(|s| s.to_string())
        .chain(packages.iter().filter_map(|p| p.lib.clone()))
        .collect();
    let mut siblings = BTreeMap::new();
    let mut ok = true;
    let published: Vec<&Package> = packages
        .iter()
        .filter(|p| p.publish && p.lib.is_some())
        .collect();
    for package in dependencies_first(&published) {
        let lib = package.lib.clone().unwrap_or_default();
        let started = Instant::now();
        let json_path = rustdoc_json(root, package, &lib)?;
        let rustdoc_time = started.elapsed();
        let started = Instant::now();
        let bytes = std::fs::read(&json_path)
            .map_err(|e| format!("cannot read {}: {e}", json_path.display()))?;
        let json: Value = serde_json::from_slice(&bytes)
            .map_err(|e| format!("{} is not JSON: {e}", json_path.display()))?;
        let reach = list::reach(&json);
        let doc = Doc {
            json: &json,
            name: lib.clone(),
            public: reach.shortest(),
            siblings: &siblings,
            first_party: first_party.clone(),
        };
        let listing = list::listing(&doc, &reach);
        let unknown: Vec<&String> = listing
            .lines
            .iter()
            .filter(|l| l.contains("<unknown "))
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "rustdoc JSON format {} has shapes xtask/src/public_api/render.rs does not \
                 know; teach it them:\n  {}",
                json["format_version"],
                unknown
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
        let defined = defined_to_public(&doc);
        let text = file_text(package, &listing.lines);
        let rel = |p: &Path| relative(root, p);
        let file = package.dir.join(LISTING);
        let old = std::fs::read_to_string(&file).unwrap_or_default();
        println!(
            "{}: {} lines (rustdoc JSON format {}: {:.1} s to document, {:.1} s to list)",
            package.name,
            listing.lines.len(),
            json["format_version"],
            rustdoc_time.as_secs_f64(),
            started.elapsed().as_secs_f64(),
        );
        if old != text {
            let (removed, added) = line_diff(&old, &text);
            if check {
                ok = false;
                eprintln!(
                    "error: {} is stale: the public API of {} differs from it ({} lines \
                     removed, {} added):",
                    rel(&file),
                    package.name,
                    removed.len(),
                    added.len()
                );
                show_diff(&removed, &added);
                eprintln!("run `cargo xtask public-api` and review the diff");
            } else {
                std::fs::write(&file, &text)
                    .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
                println!(
                    "{}: written ({} lines removed, {} added)",
                    rel(&file),
                    removed.len(),
                    added.len()
                );
            }
        } else if !check {
            println!("{}: unchanged", rel(&file));
        }
        ok &= allowed(
            &rel(&package.dir.join(ALLOWLIST)),
            &package.dir,
            &listing.findings,
        )?;
        drop(doc);
        siblings.insert(lib, defined);
    }
    if published.is_empty() {
        return Err("no workspace package can be published; nothing to list".into());
    }
    if ok && check {
        println!("the public-API listings are up to date");
    }
    Ok(ok)
}

/// The workspace's packages, from `cargo metadata`.
fn workspace(root: &Path) -> Result<Vec<Package>, String> {
    let output = Command::new(cargo_bin())
        .current_dir(root)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    let members: Vec<&str> = render::list(&metadata["packages"])
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    Ok(render::list(&metadata["packages"])
        .iter()
        .map(|p| Package {
            name: render::str_of(&p["name"]).to_string(),
            lib: render::list(&p["targets"])
                .iter()
                .find(|t| render::list(&t["kind"]).iter().any(|k| k == "lib"))
                .and_then(|t| t["name"].as_str())
                .map(|name| name.replace('-', "_")),
            dir: Path::new(render::str_of(&p["manifest_path"]))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            features: p["features"]
                .as_object()
                .map(|f| f.keys().filter(|k| *k != "default").cloned().collect())
                .unwrap_or_default(),
            // `publish = false` is an empty list of registries.
            publish: p["publish"].as_array().is_none_or(|r| !r.is_empty()),
            depends_on: render::list(&p["dependencies"])
                .iter()
                .filter_map(|d| d["name"].as_str())
                .filter(|d| members.contains(d) && *d != p["name"])
                .map(String::from)
                .collect(),
        })
        .collect())
}

/// The packages, each after the workspace packages it depends on (so that
/// its listing names their items by their public paths).
fn dependencies_first<'p>(packages: &[&'p Package]) -> Vec<&'p Package> {
    let mut order: Vec<&Package> = Vec::new();
    let mut left: Vec<&Package> = packages.to_vec();
    while !left.is_empty() {
        let before = left.len();
        let names: Vec<&str> = left.iter().map(|p| p.name.as_str()).collect();
        let (ready, waiting): (Vec<&Package>, Vec<&Package>) = left
            .iter()
            .partition(|p| !p.depends_on.iter().any(|d| names.contains(&d.as_str())));
        order.extend(ready);
        left = waiting;
        if left.len() == before {
            // A cycle (cargo forbids them): take the rest as they come.
            order.append(&mut left);
        }
    }
    order
}

/// Runs rustdoc on the package's library, with all its features, for its
/// JSON output; returns where the JSON is.
fn rustdoc_json(root: &Path, package: &Package, lib: &str) -> Result<PathBuf, String> {
    // A target directory of its own: the JSON build needs RUSTC_BOOTSTRAP,
    // and proc-macro2's build script reruns when that variable changes,
    // which would rebuild every proc macro of `target/` each time one
    // alternates between this and `cargo check`.
    let target = root.join("target/public-api");
    println!("{}: rustdoc --output-format json", package.name);
    let output = Command::new(cargo_bin())
        .current_dir(root)
        .args([
            "rustdoc",
            "--package",
            &package.name,
            "--lib",
            "--all-features",
        ])
        .arg("--target-dir")
        .arg(&target)
        .args(["--", "-Z", "unstable-options", "--output-format", "json"])
        // Rustdoc's JSON output is unstable: stable toolchains give it only
        // with RUSTC_BOOTSTRAP, which lets a stable compiler accept `-Z`
        // flags. It is the only way to get it without a nightly toolchain.
        // Set to the crate's name, it applies to that crate alone: the
        // dependencies, whose build scripts probe for nightly features, are
        // compiled as on any stable toolchain.
        .env("RUSTC_BOOTSTRAP", lib)
        .output()
        .map_err(|e| format!("cannot run cargo rustdoc: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo rustdoc -p {} failed:\n{}",
            package.name,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(target.join("doc").join(format!("{lib}.json")))
}

fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The defining path of each public item → its shortest public path, for
/// the listings of the crates that depend on this one.
fn defined_to_public(doc: &Doc) -> HashMap<String, String> {
    doc.public
        .iter()
        .filter_map(|(id, public)| {
            let (defined, krate) = doc.defined_at(id)?;
            (krate == doc.name).then(|| (defined, public.clone()))
        })
        .collect()
}

/// The listing file: a header saying what it is, then the lines.
fn file_text(package: &Package, lines: &[String]) -> String {
    let features = if package.features.is_empty() {
        "none".to_string()
    } else {
        let mut f = package.features.clone();
        f.sort();
        f.join(", ")
    };
    let mut text = format!(
        "\
# The public API of {name}, with all its features ({features}).
# Written by `cargo xtask public-api` from rustdoc's JSON output; do not edit.
# CI fails when this file is stale, so every change to the API shows up here
# as a diff: review it with the change.
#
# One line per item, at its shortest public path, sorted by path. `pub use A = B`:
# B is also public as A. Items of this workspace's crates are named by their
# public paths, others by where they are defined (alloc::string::String). The
# auto traits Send, Sync, Unpin, UnwindSafe and RefUnwindSafe are on one line
# per type. Not listed: #[doc(hidden)] items, blanket impls (From<T> for T, Any,
# Borrow, ...) and the methods of trait impls. Third-party items named here
# must be allowed, with a reason, in {ALLOWLIST}.
",
        name = package.name
    );
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// The lines only in `old` and only in `new` (the listings are sorted sets
/// of lines, so this is their diff).
fn line_diff<'t>(old: &'t str, new: &'t str) -> (Vec<&'t str>, Vec<&'t str>) {
    let old_lines: BTreeSet<&str> = old.lines().collect();
    let new_lines: BTreeSet<&str> = new.lines().collect();
    (
        old_lines.difference(&new_lines).copied().collect(),
        new_lines.difference(&old_lines).copied().collect(),
    )
}

fn show_diff(removed: &[&str], added: &[&str]) {
    const SHOWN: usize = 40;
    for line in removed.iter().take(SHOWN) {
        eprintln!("  - {line}");
    }
    for line in added.iter().take(SHOWN) {
        eprintln!("  + {line}");
    }
    let hidden = removed.len().saturating_sub(SHOWN) + added.len().saturating_sub(SHOWN);
    if hidden > 0 {
        eprintln!("  … and {hidden} more");
    }
}

/// One entry of an allowlist: a third-party item, where it may appear,
/// and why.
#[derive(Debug, PartialEq)]
struct Allowed {
    item: String,
    at: String,
    reason: String,
    line: usize,
}

/// Reads an allowlist: `ITEM WHERE REASON...` a line, `#` comments. WHERE
/// is the path of a listed item, or `PATH::*` for it and everything under
/// it, or `*` for anywhere.
fn parse_allowlist(text: &str) -> Result<Vec<Allowed>, String> {
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(item), Some(at)) = (words.next(), words.next()) else {
            return Err(format!("line {}: want `ITEM WHERE REASON`", n + 1));
        };
        let reason = words.collect::<Vec<_>>().join(" ");
        if reason.is_empty() {
            return Err(format!("line {}: `{item}` has no reason", n + 1));
        }
        entries.push(Allowed {
            item: item.to_string(),
            at: at.to_string(),
            reason,
            line: n + 1,
        });
    }
    Ok(entries)
}

impl Allowed {
    fn allows(&self, finding: &Finding) -> bool {
        self.item == finding.item
            && match self.at.strip_suffix("::*") {
                _ if self.at == "*" => true,
                Some(prefix) => {
                    finding.at == prefix
                        || finding
                            .at
                            .strip_prefix(prefix)
                            .is_some_and(|rest| rest.starts_with("::"))
                }
                None => self.at == finding.at,
            }
    }
}

/// Checks the third-party items found against the crate's allowlist;
/// reports those it does not allow and entries that allow nothing.
fn allowed(rel: &str, dir: &Path, findings: &[Finding]) -> Result<bool, String> {
    let text = match std::fs::read_to_string(dir.join(ALLOWLIST)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {rel}: {e}")),
    };
    let entries = parse_allowlist(&text).map_err(|e| format!("{rel}: {e}"))?;
    let (unlisted, unused) = check_findings(&entries, findings);
    for entry in &unused {
        eprintln!(
            "error: {rel}:{}: `{} {}` allows nothing the API names; remove it",
            entry.line, entry.item, entry.at
        );
    }
    if !unlisted.is_empty() {
        eprintln!(
            "error: the public API names third-party items that {rel} does not allow \
             (make them private, or add `ITEM WHERE REASON` lines):"
        );
        for f in &unlisted {
            eprintln!("  {} in {}\n      {}", f.item, f.at, f.line);
        }
    }
    let distinct: BTreeSet<&str> = findings.iter().map(|f| f.item.as_str()).collect();
    println!(
        "{rel}: {} third-party items in {} places, {} not allowed",
        distinct.len(),
        findings.len(),
        unlisted.len()
    );
    Ok(unlisted.is_empty() && unused.is_empty())
}

/// The findings no entry allows, and the entries that allow no finding.
fn check_findings<'a, 'f>(
    entries: &'a [Allowed],
    findings: &'f [Finding],
) -> (Vec<&'f Finding>, Vec<&'a Allowed>) {
    let unlisted = findings
        .iter()
        .filter(|f| !entries.iter().any(|e| e.allows(f)))
        .collect();
    let unused = entries
        .iter()
        .filter(|e| !findings.iter().any(|f| e.allows(f)))
        .collect();
    (unlisted, unused)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(item: &str, at: &str) -> Finding {
        Finding {
            item: item.into(),
            at: at.into(),
            line: String::new(),
        }
    }

    #[test]
    fn allowlist_lines_name_an_item_a_place_and_a_reason() {
        let entries = parse_allowlist(
            "# comment\n\n  reqwest::Client  my::Config::http   opt-in, documented  \n",
        )
        .expect("parses");
        assert_eq!(
            entries,
            [Allowed {
                item: "reqwest::Client".into(),
                at: "my::Config::http".into(),
                reason: "opt-in, documented".into(),
                line: 3,
            }]
        );
        assert_eq!(
            parse_allowlist("a::B my::f\n").unwrap_err(),
            "line 1: `a::B` has no reason"
        );
        assert_eq!(
            parse_allowlist("\na::B\n").unwrap_err(),
            "line 2: want `ITEM WHERE REASON`"
        );
    }

    #[test]
    fn an_entry_allows_its_item_at_its_place_or_under_it() {
        let entries = parse_allowlist(
            "t::A my::f exact\n\
             t::B my::m::* under\n\
             t::C * anywhere\n\
             t::D my::gone stale\n",
        )
        .expect("parses");
        let findings = [
            finding("t::A", "my::f"),
            finding("t::A", "my::g"),
            finding("t::A", "my::f::inner"),
            finding("t::B", "my::m"),
            finding("t::B", "my::m::X::f"),
            finding("t::B", "my::mm"),
            finding("t::C", "anything::at::all"),
            finding("t::E", "my::f"),
        ];
        let (unlisted, unused) = check_findings(&entries, &findings);
        let unlisted: Vec<(&str, &str)> = unlisted
            .iter()
            .map(|f| (f.item.as_str(), f.at.as_str()))
            .collect();
        assert_eq!(
            unlisted,
            [
                ("t::A", "my::g"),
                ("t::A", "my::f::inner"),
                ("t::B", "my::mm"),
                ("t::E", "my::f"),
            ]
        );
        let unused: Vec<&str> = unused.iter().map(|e| e.item.as_str()).collect();
        assert_eq!(unused, ["t::D"]);
    }

    #[test]
    fn public_items_are_named_for_dependent_crates_by_where_they_are_defined() {
        let json = serde_json::json!({
            "paths": {
                "1": {"crate_id": 0, "path": ["rt", "client", "Client"], "kind": "struct"},
                "2": {"crate_id": 5, "path": ["other", "Thing"], "kind": "struct"}
            },
            "external_crates": {"5": {"name": "other"}}
        });
        let siblings = BTreeMap::new();
        let doc = Doc {
            json: &json,
            name: "rt".into(),
            public: HashMap::from([
                ("1".to_string(), "rt::Client".to_string()),
                ("2".to_string(), "rt::Thing".to_string()),
            ]),
            siblings: &siblings,
            first_party: BTreeSet::new(),
        };
        assert_eq!(
            defined_to_public(&doc),
            HashMap::from([("rt::client::Client".to_string(), "rt::Client".to_string())])
        );
    }

    fn package(name: &str, depends_on: &[&str]) -> Package {
        Package {
            name: name.into(),
            lib: Some(name.replace('-', "_")),
            dir: PathBuf::new(),
            features: vec![],
            publish: true,
            depends_on: depends_on.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn crates_are_listed_after_the_workspace_crates_they_use() {
        let domain = package("domain", &["runtime", "codegen"]);
        let runtime = package("runtime", &[]);
        let dns = package("dns", &["runtime"]);
        let order: Vec<&str> = dependencies_first(&[&domain, &dns, &runtime])
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(order, ["runtime", "domain", "dns"]);
    }

    #[test]
    fn the_diff_of_two_listings_is_their_line_differences() {
        let (removed, added) = line_diff("# h\na\nb\nc\n", "# h\na\nc\nd\n");
        assert_eq!(removed, ["b"]);
        assert_eq!(added, ["d"]);
    }

    #[test]
    fn the_header_names_the_crate_and_its_features() {
        let mut p = package("alibabacloud-runtime", &[]);
        p.features = vec!["test-util".into(), "a".into()];
        let text = file_text(&p, &["pub mod alibabacloud_runtime".into()]);
        assert!(text.starts_with(
            "# The public API of alibabacloud-runtime, with all its features (a, test-util).\n"
        ));
        assert!(text.ends_with("\npub mod alibabacloud_runtime\n"));
    }
}
