//! Recovering pipe tables from page text, including rows whose cells run over
//! several lines.
//!
//! Alibaba's pages put lists and notes inside table cells by writing the cell
//! over several lines, which ends a Markdown table for any CommonMark parser.
//! This module reads tables line by line instead: a row starts at a line
//! beginning with `|` and goes on until it has as many cells as the header and
//! ends with `|`.

use serde::Serialize;

/// One table: its header cells and its rows, with 1-based line numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Line of the header row.
    pub line: usize,
    /// Header cells, trimmed.
    pub header: Vec<String>,
    /// Data rows in page order.
    pub rows: Vec<Row>,
    /// The line after the table's last line (0-based index into the page's lines).
    #[serde(skip)]
    pub end_index: usize,
}

/// One recovered table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Line on which the row starts.
    pub line: usize,
    /// The cells, each trimmed; multi-line cells keep their line breaks.
    pub cells: Vec<String>,
    /// Whether the row had fewer cells than the header.
    pub short: bool,
}

impl Table {
    /// Index of the first header cell that equals one of `names`
    /// (case-insensitive, ignoring surrounding spaces).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    }
}

/// Whether `line` is a table delimiter row such as `|---|:--:|`.
fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    if !t.starts_with('|') || !t.contains('-') {
        return false;
    }
    t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Splits a row's text on unescaped `|`, dropping the outer pipes.
pub fn split_cells(text: &str) -> Vec<String> {
    let t = text.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t
        .strip_suffix('|')
        .filter(|_| !t.ends_with("\\|"))
        .unwrap_or(t);
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                current.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    cells.push(current);
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn cell_count(text: &str) -> usize {
    split_cells(text).len()
}

fn ends_row(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('|') && !t.ends_with("\\|")
}

fn is_heading(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// Finds every table in `lines`. Lines inside fenced code blocks are skipped.
pub fn find_tables(lines: &[&str]) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut i = 0;
    let mut in_fence = false;
    while i < lines.len() {
        let line = lines[i];
        if is_fence(line) {
            in_fence = !in_fence;
            i += 1;
            continue;
        }
        if !in_fence
            && line.trim_start().starts_with('|')
            && i + 1 < lines.len()
            && is_delimiter(lines[i + 1])
        {
            let table = read_table(lines, i);
            i = table.end_index.max(i + 2);
            tables.push(table);
            continue;
        }
        i += 1;
    }
    tables
}

fn read_table(lines: &[&str], start: usize) -> Table {
    let header = split_cells(lines[start]);
    let width = header.len();
    let mut rows = Vec::new();
    let mut i = start + 2;
    while i < lines.len() && lines[i].trim_start().starts_with('|') && !is_delimiter(lines[i]) {
        let row_start = i;
        let mut text = lines[i].to_string();
        i += 1;
        // A row is complete once it ends with a pipe and either has all its
        // cells or is followed by something that cannot continue it.
        loop {
            let complete = ends_row(&text)
                && (cell_count(&text) >= width
                    || i >= lines.len()
                    || lines[i].trim_start().starts_with('|')
                    || lines[i].trim().is_empty());
            if complete || i >= lines.len() || is_heading(lines[i]) || is_fence(lines[i]) {
                break;
            }
            // A new row begins while this one is still short: it was a
            // malformed single-line row.
            if ends_row(&text) && lines[i].trim_start().starts_with('|') {
                break;
            }
            text.push('\n');
            text.push_str(lines[i]);
            i += 1;
        }
        let mut cells = split_cells(&text);
        let short = cells.len() < width;
        cells.resize(width.max(cells.len()), String::new());
        rows.push(Row {
            line: row_start + 1,
            cells,
            short,
        });
    }
    Table {
        line: start + 1,
        header,
        rows,
        end_index: i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(text: &str) -> Vec<Table> {
        let lines: Vec<&str> = text.lines().collect();
        find_tables(&lines)
    }

    #[test]
    fn single_line_rows() {
        let t = tables("x\n\n|A|B|\n|-|-|\n|1|2|\n|3|4 \\| 5|\n\nafter\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].header, ["A", "B"]);
        assert_eq!(t[0].rows[0].cells, ["1", "2"]);
        assert_eq!(t[0].rows[1].cells, ["3", "4 | 5"]);
        assert_eq!(t[0].rows[1].line, 6);
    }

    #[test]
    fn cells_over_several_lines() {
        let text = "|Name|Type|Description|\n|---|---|---|\n|Lang|String|Values:\n\n -   **zh**: Chinese\n-   **en**: English\n\n Default: en. |\n|Next|Integer|Plain.|\n\n## After\n";
        let t = tables(text);
        assert_eq!(t[0].rows.len(), 2);
        assert!(t[0].rows[0].cells[2].contains("**en**: English"));
        assert_eq!(t[0].rows[1].cells, ["Next", "Integer", "Plain."]);
        assert_eq!(t[0].rows[1].line, 9);
    }

    #[test]
    fn short_rows_do_not_swallow_the_next_row() {
        let t = tables("|A|B|C|\n|-|-|-|\n|List|Only two.|\n|└X|Integer|1|\n");
        assert_eq!(t[0].rows.len(), 2);
        assert!(t[0].rows[0].short);
        assert_eq!(t[0].rows[0].cells, ["List", "Only two.", ""]);
        assert_eq!(t[0].rows[1].cells[0], "└X");
    }

    #[test]
    fn unterminated_row_stops_at_a_heading() {
        let t = tables("|A|B|\n|-|-|\n|1|never closed\n## Next\n");
        assert_eq!(t[0].rows.len(), 1);
        assert_eq!(t[0].end_index, 3);
    }

    #[test]
    fn tables_in_code_blocks_are_ignored() {
        assert!(tables("```\n|A|\n|-|\n```\n").is_empty());
    }
}
