//! The table of operations at the top of the `operation` module's
//! documentation: what each does, whether it is paged, submits a task or
//! changes anything, written from the pages so that it never disagrees with
//! them.

use crate::docs;
use crate::model::{Api, OperationKind};

/// The first sentence of a summary, as one line of Markdown for a table
/// cell: the summary's plain text (no lists, code blocks or HTML, whatever
/// the page holds), one sentence of it, rendered so that what is left
/// (brackets, pipes, `<b>`) is escaped.
fn cell(summary: &str) -> String {
    let plain = crate::values::plain(summary);
    let line = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = match line.find(". ") {
        Some(i) => &line[..=i],
        None => line.as_str(),
    };
    docs::render(sentence).replace('\n', " ").trim().to_string()
}

/// The table: one row per operation, with what it does, whether it is
/// paged, whether it submits a task, and whether a retry is safe.
pub fn operations_table(api: &Api) -> String {
    let mut out = String::from(
        "| Operation ([`Client`](crate::Client) method) | What it does | Paged | Submits a task | Kind |\n|---|---|---|---|---|\n",
    );
    for op in &api.operations {
        let paged = super::paginator::client_doc_note(op).is_some();
        out.push_str(&format!(
            "| [`{}`]({}) ([`{}`](crate::Client::{})) | {} | {} | {} | {} |\n",
            op.name,
            op.rust.module,
            op.rust.method,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_one_sentence_without_pipes() {
        assert_eq!(
            cell("Queues a renewal. It costs money."),
            "Queues a renewal."
        );
        assert_eq!(cell("A | B"), "A \\| B");
    }
}
