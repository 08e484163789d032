//! Bringing the generated folder in line with what the pages produce, or
//! checking that it already is (the freshness check).

use std::path::{Path, PathBuf};

use crate::emit::Files;

/// What differs between the folder and the generated files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A file that does not exist yet.
    Added(PathBuf),
    /// A file whose content differs.
    Modified(PathBuf),
    /// A generated file that no page produces any more.
    Removed(PathBuf),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added(p) => write!(f, "added    {}", p.display()),
            Change::Modified(p) => write!(f, "modified {}", p.display()),
            Change::Removed(p) => write!(f, "removed  {}", p.display()),
        }
    }
}

fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn existing_rs_files(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            existing_rs_files(&path, base, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Ok(rel) = path.strip_prefix(base) {
                out.push(rel.to_path_buf());
            }
        }
    }
    Ok(())
}

/// Compares `files` with the content of `dir`. With `apply`, writes what
/// differs and deletes `.rs` files that are no longer generated.
pub fn sync(dir: &Path, files: &Files, apply: bool) -> std::io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for (rel, content) in files {
        let path = dir.join(rel);
        let change = match std::fs::read_to_string(&path) {
            Ok(current) if normalize(&current) == *content => None,
            Ok(_) => Some(Change::Modified(path.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Change::Added(path.clone())),
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("{}: {e}", path.display()),
                ))
            }
        };
        if let Some(change) = change {
            if apply {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, content)?;
            }
            changes.push(change);
        }
    }
    let mut present = Vec::new();
    existing_rs_files(dir, dir, &mut present)?;
    present.sort();
    for rel in present {
        let key = rel.to_string_lossy().replace('\\', "/");
        if !files.contains_key(&key) {
            let path = dir.join(&rel);
            if apply {
                std::fs::remove_file(&path)?;
            }
            changes.push(Change::Removed(path));
        }
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("codegen-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("operation")).expect("scratch dir");
        dir
    }

    #[test]
    fn check_reports_and_apply_fixes_added_modified_and_removed_files() {
        let dir = scratch("sync");
        std::fs::write(dir.join("mod.rs"), "old\n").expect("write");
        std::fs::write(dir.join("operation/gone.rs"), "stale\n").expect("write");
        std::fs::write(dir.join("notes.txt"), "not generated\n").expect("write");
        let files: Files = [
            ("mod.rs".to_string(), "new\n".to_string()),
            ("operation/new_op.rs".to_string(), "op\n".to_string()),
        ]
        .into_iter()
        .collect();

        let changes = sync(&dir, &files, false).expect("check");
        assert_eq!(
            changes,
            [
                Change::Modified(dir.join("mod.rs")),
                Change::Added(dir.join("operation/new_op.rs")),
                Change::Removed(dir.join("operation/gone.rs")),
            ]
        );
        // Check mode changes nothing.
        assert_eq!(
            std::fs::read_to_string(dir.join("mod.rs")).expect("read"),
            "old\n"
        );
        assert!(dir.join("operation/gone.rs").exists());

        sync(&dir, &files, true).expect("apply");
        assert_eq!(
            std::fs::read_to_string(dir.join("mod.rs")).expect("read"),
            "new\n"
        );
        assert!(dir.join("operation/new_op.rs").exists());
        assert!(!dir.join("operation/gone.rs").exists());
        assert!(dir.join("notes.txt").exists(), "only .rs files are managed");
        assert!(sync(&dir, &files, false).expect("recheck").is_empty());

        // CRLF line endings (a Windows checkout) are not a difference.
        std::fs::write(dir.join("mod.rs"), "new\r\n").expect("write");
        assert!(sync(&dir, &files, false).expect("crlf").is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
