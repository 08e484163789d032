//! The README's table of operations, written by `cargo xtask codegen`
//! between two marker lines, so that it can never disagree with the pages.

use crate::docs;
use crate::model::{Api, OperationKind};

/// The line before the table.
pub const START: &str =
    "<!-- operations: written by `cargo xtask codegen` from api-docs/; do not edit -->";
/// The line after the table.
pub const END: &str = "<!-- end of operations -->";

/// The first sentence of a summary, as plain text for a table cell.
fn cell(summary: &str) -> String {
    // Rendering escapes the pipes a table cell must not hold.
    let text = docs::render(summary).replace('\n', " ");
    let text = text.trim();
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

/// The table: one row per operation, with what it does, whether it is
/// paged, whether it submits a task, and whether a retry is safe.
pub fn operations_table(api: &Api) -> String {
    let mut out = String::from(
        "| Operation (`Client` method) | What it does | Paged | Submits a task | Kind |\n|---|---|---|---|---|\n",
    );
    for op in &api.operations {
        let paged = super::paginator::client_doc_note(op).is_some();
        out.push_str(&format!(
            "| `{}` (`{}`) | {} | {} | {} | {} |\n",
            op.name,
            op.rust.method,
            cell(&op.summary),
            if paged { "yes" } else { "" },
            if op.submits_task() { "yes" } else { "" },
            match op.kind {
                OperationKind::ReadOnly => "read-only",
                OperationKind::Mutating => "mutating",
            }
        ));
    }
    out
}

/// `readme` with the text between the markers replaced by `table`, or
/// `None` when the markers are missing.
pub fn with_table(readme: &str, table: &str) -> Option<String> {
    let start = readme.find(START)? + START.len();
    let end = readme[start..].find(END)? + start;
    Some(format!(
        "{}\n\n{table}\n{}",
        &readme[..start],
        &readme[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_goes_between_the_markers() {
        let readme = format!("intro\n{START}\nold\n{END}\nafter\n");
        assert_eq!(
            with_table(&readme, "| new |\n").unwrap(),
            format!("intro\n{START}\n\n| new |\n\n{END}\nafter\n")
        );
        assert_eq!(with_table("no markers", "x"), None);
    }

    #[test]
    fn cells_are_one_sentence_without_pipes() {
        assert_eq!(
            cell("Queues a renewal. It costs money."),
            "Queues a renewal."
        );
        assert_eq!(cell("A | B"), "A \\| B");
    }
}
