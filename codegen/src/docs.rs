//! Descriptions from the pages rendered as clean rustdoc Markdown.
//!
//! The page text is parsed with pulldown-cmark and written back out, so that
//! escapes, emphasis, lists and links come out right; `{#…}` anchors are
//! dropped; relative Alibaba links (`~~67710~~`) become absolute; links to
//! other files become plain text; bare URLs are wrapped in `<…>`.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Where a relative `~~NNN~~` document link points.
const DOC_BASE: &str = "https://www.alibabacloud.com/help/en/doc-detail/";

/// Renders page Markdown as rustdoc Markdown.
pub fn render(markdown: &str) -> String {
    let source = unlink_local_paths(&strip_anchors(markdown));
    let mut out = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut link_stack: Vec<Option<String>> = Vec::new();
    let mut at_line_start = true;
    for event in Parser::new_ext(&source, Options::empty()) {
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                out.push('\n');
                if lists.is_empty() {
                    out.push('\n');
                }
                at_line_start = true;
            }
            Event::Start(Tag::List(start)) => {
                if !at_line_start {
                    out.push('\n');
                }
                if lists.is_empty() && !out.is_empty() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                lists.push(start);
                at_line_start = true;
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                if !at_line_start {
                    out.push('\n');
                }
                let indent = "  ".repeat(lists.len().saturating_sub(1));
                out.push_str(&indent);
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
                at_line_start = false;
            }
            Event::End(TagEnd::Item) => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                at_line_start = true;
            }
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => out.push_str("**"),
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => out.push('*'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let target = link_target(&dest_url);
                if target.is_some() {
                    out.push('[');
                }
                link_stack.push(target);
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(url)) = link_stack.pop() {
                    out.push_str("](");
                    out.push_str(&url);
                    out.push(')');
                }
            }
            Event::Text(t) => {
                out.push_str(&escape_text(&t, !link_stack.is_empty()));
                at_line_start = false;
            }
            Event::Code(c) => {
                out.push_str(&code_span(&c));
                at_line_start = false;
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::CodeBlock(_)) => out.push_str("```text\n"),
            Event::End(TagEnd::CodeBlock) => out.push_str("```\n\n"),
            Event::Html(h) | Event::InlineHtml(h) => out.push_str(&escape_text(&h, false)),
            _ => {}
        }
    }
    tidy(&out)
}

/// An inline code span that survives backticks in the value.
pub fn code_span(value: &str) -> String {
    if value.contains('`') {
        format!("`` {value} ``")
    } else {
        format!("`{value}`")
    }
}

fn link_target(dest: &str) -> Option<String> {
    let d = dest.trim();
    if d.starts_with("https://") || d.starts_with("http://") {
        return Some(d.replace(' ', "%20"));
    }
    if let Some(id) = d.strip_prefix("~~").and_then(|r| r.strip_suffix("~~")) {
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) {
            return Some(format!("{DOC_BASE}{id}.html"));
        }
    }
    None
}

fn escape_text(text: &str, in_link: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let url_at = if in_link {
            None
        } else {
            ["https://", "http://"]
                .iter()
                .filter_map(|p| rest.find(p))
                .min()
        };
        let (plain, tail) = match url_at {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        for c in plain.chars() {
            match c {
                '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        if tail.is_empty() {
            break;
        }
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '<' | '>' | '"'))
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &tail[url.len()..];
    }
    out
}

/// Replaces links to other files of Alibaba's doc tree, whose targets hold
/// spaces and parentheses that Markdown cannot parse
/// (`[QueryTaskDetailList](intl.en-US/API Reference (New)/….md#)`), by their
/// text.
fn unlink_local_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let label = &rest[open + 1..close];
        // The destination ends at the parenthesis that balances `](`.
        let mut depth = 0usize;
        let mut end = None;
        for (i, c) in rest[close + 1..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(close + 1 + i);
                        break;
                    }
                }
                '\n' => break,
                _ => {}
            }
        }
        let Some(end) = end else {
            out.push_str(&rest[..close + 2]);
            rest = &rest[close + 2..];
            continue;
        };
        let dest = &rest[close + 2..end];
        let keep = label.contains('[')
            || link_target(dest).is_some()
            || dest.starts_with('#') && !dest.contains(' ');
        out.push_str(&rest[..open]);
        if keep {
            out.push_str(&rest[open..=end]);
        } else {
            out.push_str(label);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Drops `{#id .class}` attribute blocks.
fn strip_anchors(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{#") {
        match rest[i..].find('}') {
            Some(j) => {
                out.push_str(rest[..i].trim_end_matches(' '));
                rest = &rest[i + j + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut out: Vec<&str> = Vec::new();
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_emphasis() {
        assert_eq!(
            render("Valid values: zh \\(Chinese\\). Set to **en**. Use a[0] <b>"),
            "Valid values: zh (Chinese). Set to **en**. Use a\\[0\\] \\<b\\>"
        );
    }

    #[test]
    fn links() {
        assert_eq!(
            render("See [QueryTaskDetailList](~~67710~~) and [x](reseller/a.md#) and [y](https://e.com/a)."),
            "See [QueryTaskDetailList](https://www.alibabacloud.com/help/en/doc-detail/67710.html) and x and [y](https://e.com/a)."
        );
        assert_eq!(render("Go to https://e.com/x."), "Go to <https://e.com/x>.");
    }

    #[test]
    fn lists_inside_a_cell() {
        let d =
            "Valid values:\n\n -   **0**: waiting.\n-   **1**: running.\n\n Default value: **0**.";
        assert_eq!(
            render(d),
            "Valid values:\n\n- **0**: waiting.\n- **1**: running.\n\nDefault value: **0**."
        );
    }

    #[test]
    fn links_into_the_doc_tree_become_text() {
        assert_eq!(
            render("Use the [QueryTaskDetailList](intl.en-US/API Reference (New)/Domain management/QueryTaskDetailList.md#) API."),
            "Use the QueryTaskDetailList API."
        );
        assert_eq!(
            render("See [a](~~1~~) and [b (c)](https://e.com/x_(y))."),
            "See [a](https://www.alibabacloud.com/help/en/doc-detail/1.html) and [b (c)](https://e.com/x_(y))."
        );
        assert_eq!(
            render("Unclosed [x](y and more"),
            "Unclosed \\[x\\](y and more"
        );
    }

    #[test]
    fn anchors_are_dropped() {
        assert_eq!(render("Title {#section_x .section}"), "Title");
    }
}
