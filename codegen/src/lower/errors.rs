//! The operation's error codes: the `Error codes` / `错误码` section's table
//! (`Error code`, `HTTP status code`, `Error message`, `Description`, in any
//! order and in either language).
//!
//! Most pages link to Alibaba's error center instead of listing codes; such a
//! section has no table and gives no codes, without a warning. A row whose
//! code cannot be an error code, or repeats an earlier one, is reported and
//! left out: the table is documentation, never a reason to reject a page.

use crate::diagnostics::Diagnostic;
use crate::model::ErrorCode;
use crate::page::Section;
use crate::table::Table;
use crate::values::plain;
use crate::vocabulary::{error_column_of, says_transient, ErrorColumn};

/// Whether `code` looks like an error code: ASCII letters first, then
/// letters, digits, `.`, `_` or `-` (`Forbidden.RiskControl`).
fn is_code(code: &str) -> bool {
    let mut chars = code.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The error codes of one `Error codes` section, in page order.
pub(super) fn error_codes(
    file: &str,
    section: &Section,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::new();
    for table in section.tables() {
        read_table(file, table, &mut out, diags);
    }
    out
}

fn read_table(file: &str, table: &Table, out: &mut Vec<ErrorCode>, diags: &mut Vec<Diagnostic>) {
    let mut columns: Vec<(ErrorColumn, usize)> = Vec::new();
    for (i, header) in table.header.iter().enumerate() {
        if let Some(c) = error_column_of(header) {
            if !columns.iter().any(|(k, _)| *k == c) {
                columns.push((c, i));
            }
        }
    }
    let get = |c: ErrorColumn| columns.iter().find(|(k, _)| *k == c).map(|(_, i)| *i);
    let Some(code_col) = get(ErrorColumn::Code) else {
        diags.push(Diagnostic::warning(
            file,
            table.line,
            "an error-code table without an `Error code` column; its rows are left out",
        ));
        return;
    };
    // Older pages put the message under `Description` and the meaning under
    // `Semantics`.
    let (message_col, meaning_col) = match (
        get(ErrorColumn::Message),
        get(ErrorColumn::Meaning),
        get(ErrorColumn::Semantics),
    ) {
        (None, Some(description), Some(semantics)) => (Some(description), Some(semantics)),
        (message, meaning, semantics) => (message, meaning.or(semantics)),
    };
    let cell = |cells: &[String], i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    for row in &table.rows {
        let code = plain(&cell(&row.cells, Some(code_col)));
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        if !is_code(code) {
            diags.push(Diagnostic::warning(
                file,
                row.line,
                format!("`{code}` is not an error code (expected letters, digits, `.`, `_` or `-`); the row is left out"),
            ));
            continue;
        }
        let status_text = plain(&cell(&row.cells, get(ErrorColumn::Status)));
        let status = match status_text.trim() {
            "" => None,
            s => {
                match s.parse::<u16>() {
                    Ok(n) if (100..600).contains(&n) => Some(n),
                    _ => {
                        diags.push(Diagnostic::warning(
                        file,
                        row.line,
                        format!("`{s}` is not an HTTP status code; the status of `{code}` is left out"),
                    ));
                        None
                    }
                }
            }
        };
        let message = cell(&row.cells, message_col);
        let description = cell(&row.cells, meaning_col);
        let transient = says_transient(&message) || says_transient(&description);
        if let Some(first) = out.iter().find(|e| e.code == code) {
            if first.message != message
                || first.description != description
                || first.status != status
            {
                diags.push(Diagnostic::warning(
                    file,
                    row.line,
                    format!("error code `{code}` is listed twice (first on line {}), differently; the first is kept", first.line),
                ));
            }
            continue;
        }
        out.push(ErrorCode {
            code: code.to_string(),
            rust_name: String::new(),
            status,
            message,
            description,
            transient,
            line: row.line,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::parse_page;

    fn codes(text: &str) -> (Vec<ErrorCode>, Vec<Diagnostic>) {
        let page = parse_page(text);
        let mut diags = Vec::new();
        let section = page.sections.first().expect("a section");
        (error_codes("p.md", section, &mut diags), diags)
    }

    #[test]
    fn current_english_layout() {
        let (codes, diags) = codes(
            "## Error codes\n\n|HTTP status code|Error code|Error message|Description|\n|---|---|---|---|\n\
             |400|Busy|Server is busy, please try again later.|The service is overloaded.|\n\
             |403|Forbidden.Owner|Not yours.|The resource belongs to another account.|\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(codes.len(), 2);
        assert_eq!(codes[0].code, "Busy");
        assert_eq!(codes[0].status, Some(400));
        assert_eq!(codes[0].message, "Server is busy, please try again later.");
        assert_eq!(codes[0].description, "The service is overloaded.");
        assert!(codes[0].transient);
        assert_eq!(codes[1].code, "Forbidden.Owner");
        assert_eq!(codes[1].status, Some(403));
        assert!(!codes[1].transient);
        assert_eq!(codes[1].line, 6);
    }

    #[test]
    fn older_layout_puts_the_message_under_description() {
        let (codes, _) = codes(
            "## Error codes\n\n|Error code|Description|HTTP status code|Semantics|\n|:--|:--|:--|:--|\n\
             |Stuck|An operation is being processed. Please try again later.|400|Wait for the running one.|\n",
        );
        assert_eq!(
            codes[0].message,
            "An operation is being processed. Please try again later."
        );
        assert_eq!(codes[0].description, "Wait for the running one.");
        assert!(codes[0].transient);
    }

    #[test]
    fn chinese_layout() {
        let (codes, diags) = codes(
            "## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|---|---|---|---|\n\
             |400|SystemBusy|系统繁忙|系统繁忙，请稍后重试。|\n\
             |400|NameTaken|名称已被占用|换一个名称。|\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(codes.len(), 2);
        assert!(codes[0].transient);
        assert!(!codes[1].transient);
        assert_eq!(codes[1].message, "名称已被占用");
    }

    #[test]
    fn a_link_instead_of_a_table_gives_nothing_quietly() {
        let (codes, diags) =
            codes("## 错误码\n\n访问[错误中心](https://example.com)查看更多错误码。\n");
        assert!(codes.is_empty());
        assert!(diags.is_empty());
    }

    #[test]
    fn bad_rows_are_reported_and_left_out() {
        let (codes, diags) = codes(
            "## Error codes\n\n|HTTP status code|Error code|Description|\n|---|---|---|\n\
             |400|Not a code|Spaces.|\n\
             |4xx|Odd|A status that is not a number.|\n\
             |400|Odd|Listed again, with other words.|\n\
             |400|Odd|A status that is not a number.|\n",
        );
        assert_eq!(codes.len(), 1, "{codes:?}");
        assert_eq!(codes[0].code, "Odd");
        assert_eq!(codes[0].status, None);
        let lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
        // The bad code, the bad status, and the differing repeat; the
        // repeat that differs only by its status is reported as well.
        assert_eq!(lines, [5, 6, 7, 8], "{diags:?}");
        assert!(diags.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn a_table_without_a_code_column_is_reported() {
        let (codes, diags) = codes("## Error codes\n\n|Status|Text|\n|---|---|\n|400|x|\n");
        assert!(codes.is_empty());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3);
    }
}
