//! Descriptions from the pages rendered as clean rustdoc Markdown.
//!
//! The page text is parsed with pulldown-cmark and written back out, so that
//! escapes, emphasis, lists and links come out right; `{#…}` anchors are
//! dropped; relative Alibaba links (`~~67710~~`) become absolute; links to
//! other files become plain text; bare URLs are wrapped in `<…>`.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, TextMergeStream};

/// Where a relative `~~NNN~~` document link points.
const DOC_BASE: &str = "https://www.alibabacloud.com/help/en/doc-detail/";

/// Renders page Markdown as rustdoc Markdown that passes rustdoc's and
/// clippy's default doc lints, whatever the page holds: the content of list
/// items is indented under their marker (no lazy continuation lines), code
/// blocks are fenced `text` blocks, brackets, angle brackets and HTML are
/// escaped, bare URLs are wrapped in `<…>`, and carriage returns, tabs,
/// control and bidirectional-text characters are removed. See
/// [`lint_problems`], which checks these.
pub fn render(markdown: &str) -> String {
    let source = unlink_local_paths(&strip_anchors(&clean_chars(markdown)));
    let mut w = Writer {
        at_line_start: true,
        ..Writer::default()
    };
    let mut link_stack: Vec<Option<String>> = Vec::new();
    let mut code: Option<String> = None;
    // Entities split text (`&amp;amp;` comes as `&` and `amp;`): merged,
    // it is escaped as one.
    for event in TextMergeStream::new(Parser::new_ext(&source, Options::empty())) {
        if let Some(block) = code.as_mut() {
            match event {
                Event::Text(t) => block.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let block = code.take().unwrap_or_default();
                    w.code_block(&block);
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::HtmlBlock) => {
                w.block_start();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock) => {
                w.block_end();
            }
            Event::Start(Tag::List(start)) => w.list_start(start),
            Event::End(TagEnd::List(_)) => w.list_end(),
            Event::Start(Tag::Item) => w.item_start(),
            Event::End(TagEnd::Item) => w.item_end(),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => w.inline("**"),
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => w.inline("*"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let target = link_target(&dest_url);
                if target.is_some() {
                    w.inline("[");
                }
                link_stack.push(target);
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(url)) = link_stack.pop() {
                    w.inline(&format!("]({url})"));
                }
            }
            // Inside a link that is kept, a URL is the label's text; the
            // text of a dropped link is plain text, whose URLs need `<>`.
            Event::Text(t) => w.text(&t, link_stack.iter().any(Option::is_some)),
            Event::Code(c) => w.inline(&code_span(&c)),
            Event::SoftBreak => w.inline(" "),
            Event::HardBreak => w.newline(),
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::Html(h) | Event::InlineHtml(h) => {
                // An HTML block comes line by line, each with its newline.
                for (i, line) in h.split('\n').enumerate() {
                    if i > 0 {
                        w.newline();
                    }
                    w.text(line.trim(), false);
                }
            }
            _ => {}
        }
    }
    tidy(&w.out)
}

/// One open list while rendering.
struct List {
    /// The next number of an ordered list.
    next: Option<u64>,
    /// The column of its items' markers.
    marker: usize,
    /// The column of its current item's content.
    content: usize,
}

/// The rendered text and where in the block structure it is.
#[derive(Default)]
struct Writer {
    out: String,
    lists: Vec<List>,
    at_line_start: bool,
    /// A block of the current list item has ended: what comes next in the
    /// item is another block, after a blank line.
    pending_blank: bool,
    /// Nothing is written yet after the current list item's marker.
    after_marker: bool,
}

impl Writer {
    /// The column of the current list item's content.
    fn indent(&self) -> usize {
        self.lists.last().map_or(0, |l| l.content)
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.at_line_start = true;
    }

    fn blank_line(&mut self) {
        if self.out.is_empty() {
            return;
        }
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        if !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self.at_line_start = true;
    }

    /// Gets ready to write content: a blank line between two blocks of a
    /// list item, the item's indentation at the start of a line.
    fn begin_content(&mut self) {
        if self.pending_blank {
            self.blank_line();
            self.pending_blank = false;
        }
        if self.at_line_start {
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push('\n');
            }
            let indent = self.indent();
            self.out.extend(std::iter::repeat_n(' ', indent));
        }
    }

    /// Markup or text written as it is.
    fn inline(&mut self, text: &str) {
        self.begin_content();
        self.out.push_str(text);
        self.at_line_start = false;
        self.after_marker = false;
    }

    /// Page text, escaped.
    fn text(&mut self, text: &str, in_link: bool) {
        if text.is_empty() {
            return;
        }
        let line_start = self.at_line_start || self.pending_blank || self.after_marker;
        self.begin_content();
        let text = if line_start { text.trim_start() } else { text };
        let escaped = escape_text(text, in_link);
        if line_start {
            self.out.push_str(&escape_line_start(&escaped));
        } else {
            self.out.push_str(&escaped);
        }
        self.at_line_start = false;
        self.after_marker = false;
    }

    fn block_start(&mut self) {
        if self.lists.is_empty() {
            self.blank_line();
        } else if !self.at_line_start && !self.pending_blank && !self.after_marker {
            self.newline();
        }
    }

    fn block_end(&mut self) {
        if self.lists.is_empty() {
            self.blank_line();
        } else {
            if !self.at_line_start {
                self.newline();
            }
            self.pending_blank = true;
        }
    }

    fn list_start(&mut self, start: Option<u64>) {
        if self.lists.is_empty() {
            self.blank_line();
        } else if !self.at_line_start {
            self.newline();
        }
        // A list right after a block of the same item needs no blank line.
        self.pending_blank = false;
        let marker = self.indent();
        self.lists.push(List {
            next: start,
            marker,
            content: marker,
        });
        self.at_line_start = true;
    }

    fn list_end(&mut self) {
        self.lists.pop();
        if self.lists.is_empty() {
            self.pending_blank = false;
            self.blank_line();
        } else {
            if !self.at_line_start {
                self.newline();
            }
            self.pending_blank = true;
        }
    }

    fn item_start(&mut self) {
        self.pending_blank = false;
        if !self.at_line_start {
            self.newline();
        }
        let Some(list) = self.lists.last_mut() else {
            return;
        };
        let marker = match list.next.as_mut() {
            Some(n) => {
                let m = format!("{n}. ");
                *n += 1;
                m
            }
            None => "- ".to_string(),
        };
        list.content = list.marker + marker.len();
        let indent = list.marker;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.out.push_str(&marker);
        self.at_line_start = false;
        self.after_marker = true;
    }

    fn item_end(&mut self) {
        self.pending_blank = false;
        self.after_marker = false;
        if !self.at_line_start {
            self.newline();
        }
    }

    /// A fenced `text` block, its fence longer than any run of backticks in
    /// it, each line indented as the current list item's content.
    fn code_block(&mut self, code: &str) {
        self.block_start();
        let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
        self.inline(&format!("{fence}text"));
        let code = code.trim_end_matches('\n');
        for line in code.split('\n').filter(|_| !code.is_empty()) {
            self.newline();
            self.inline(&line.replace('\t', "    "));
        }
        self.newline();
        self.inline(&fence);
        self.block_end();
    }
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for d in text.chars() {
        run = if d == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Text that starts a line, escaped where Markdown would read its start as
/// block syntax: a heading (`#`), a list item (`-`, `+`, `1.`, `1)`), a
/// setext underline or thematic break (`=`, `_`, `~`).
fn escape_line_start(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next();
    let second = chars.next();
    let ends_marker = |c: Option<char>| c.is_none_or(|c| c == ' ');
    let escape = match first {
        Some('#') => {
            let hashes = text.chars().take_while(|c| *c == '#').count();
            hashes <= 6 && ends_marker(text[hashes..].chars().next())
        }
        Some(c @ ('-' | '+')) => ends_marker(second) || second == Some(c),
        Some('=' | '_' | '~') => true,
        _ => false,
    };
    if escape {
        return format!("\\{text}");
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = &text[digits..];
    if digits > 0 && rest.starts_with(['.', ')']) && ends_marker(rest[1..].chars().next()) {
        return format!("{}\\{}", &text[..digits], rest);
    }
    text.to_string()
}

/// Page text without what has no place in a doc comment: `\r` (a line
/// break), tabs (spaces), other control characters and the characters that
/// change the direction of text (dropped).
pub(crate) fn clean_chars(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() || is_bidi_control(c) => None,
            c => Some(c),
        })
        .collect()
}

/// The characters rustc's `text_direction_codepoint_in_comment` denies.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `label: text`, with rendered `text`; when `text` opens with a block (a
/// list, a code block), the block goes under the label, after a blank
/// line, where Markdown still reads it as a block.
pub fn labelled(label: &str, text: &str) -> String {
    if text.is_empty() {
        return format!("{label}:");
    }
    let block = !matches!(
        Parser::new_ext(text, Options::empty()).next(),
        Some(Event::Start(Tag::Paragraph))
    );
    if block {
        format!("{label}:\n\n{text}")
    } else {
        format!("{label}: {text}")
    }
}

/// An inline code span that survives backticks in the value.
pub fn code_span(value: &str) -> String {
    let value = clean_chars(value).replace('\n', " ");
    let run = longest_run(&value, '`');
    if run == 0 {
        return format!("`{value}`");
    }
    let fence = "`".repeat(run + 1);
    format!("{fence} {value} {fence}")
}

/// Whether `text` starts with an HTML character reference (`&amp;`,
/// `&#60;`).
fn is_entity(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('&') else {
        return false;
    };
    let name = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    name > 0 && rest[name..].starts_with(';')
}

fn link_target(dest: &str) -> Option<String> {
    let d = dest.trim();
    if d.starts_with("https://") || d.starts_with("http://") {
        let mut depth = 0i32;
        let balanced = d.chars().all(|c| {
            depth += match c {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            depth >= 0
        }) && depth == 0;
        let mut url = String::with_capacity(d.len());
        for c in d.chars() {
            match c {
                ' ' => url.push_str("%20"),
                '<' => url.push_str("%3C"),
                '>' => url.push_str("%3E"),
                '\\' => url.push_str("%5C"),
                '(' if !balanced => url.push_str("%28"),
                ')' if !balanced => url.push_str("%29"),
                c if c.is_whitespace() || c.is_control() => {}
                c => url.push(c),
            }
        }
        return Some(url);
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
        for (i, c) in plain.char_indices() {
            match c {
                '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' => {
                    out.push('\\');
                    out.push(c);
                }
                // `&amp;` written out would be read as `&`.
                '&' if is_entity(&plain[i..]) => out.push_str("\\&"),
                _ => out.push(c),
            }
        }
        if tail.is_empty() {
            break;
        }
        let end = tail
            // `|` is not a URL character (RFC 3986), and in a table cell it
            // would end the cell inside the link.
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '<' | '>' | '"' | '|'))
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

/// How [`lint_problems`] names a code block rustdoc would compile as Rust:
/// a problem in page text, but also what the emitter's own examples are.
pub const DOCTEST: &str = "a code block rustdoc compiles as a doctest";

/// What in `doc`, the text of one doc comment, rustdoc's or clippy's
/// default lints would reject: an empty list when it is safe. Checks the
/// promises of [`render`]: no `\r`, tab, control or bidirectional-text
/// character; no blank line at either end; no HTML (`invalid_html_tags`),
/// no link but to a URL or to a Rust path (which only the emitter writes),
/// and no other `[x]` rustdoc would try as an intra-doc link
/// (`broken_intra_doc_links`); no bare URL (`bare_urls`), no footnote
/// or block quote (tables are fine: the emitter writes one); every code block fenced as `text` (no
/// [`DOCTEST`]);
/// every line that continues a list item's paragraph indented exactly as
/// the item's content (clippy's `doc_lazy_continuation` and
/// `doc_overindented_list_items`).
pub fn lint_problems(doc: &str) -> Vec<String> {
    use std::cell::RefCell;
    let mut problems = Vec::new();
    if let Some(c) = doc
        .chars()
        .find(|c| (c.is_control() && *c != '\n') || is_bidi_control(*c))
    {
        problems.push(format!("character {c:?}"));
    }
    if doc.starts_with('\n') || doc.ends_with('\n') {
        problems.push("a blank line at an end".to_string());
    }
    // rustdoc's Markdown extensions.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let broken: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let mut callback = |link: pulldown_cmark::BrokenLink<'_>| {
        broken.borrow_mut().push(link.reference.to_string());
        None
    };
    let parser = Parser::new_with_broken_link_callback(doc, options, Some(&mut callback));
    // The content column of each open list item.
    let mut items: Vec<usize> = Vec::new();
    let mut in_link = 0usize;
    let mut in_code = false;
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Item) => items.push(item_content_column(doc, range.start)),
            Event::End(TagEnd::Item) => {
                items.pop();
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                in_link += 1;
                let url = dest_url.starts_with("https://") || dest_url.starts_with("http://");
                if !url && !is_rust_path(&dest_url) {
                    problems.push(format!("a link to `{dest_url}`, not a URL"));
                }
            }
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) => problems.push(format!("HTML `{h}`")),
            Event::Text(t)
                if in_link == 0
                    && !in_code
                    && (t.contains("http://") || t.contains("https://")) =>
            {
                problems.push(format!("a bare URL in `{t}`"));
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                match &kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) if info.as_ref() == "text" => {}
                    pulldown_cmark::CodeBlockKind::Fenced(info) => {
                        problems.push(format!("{DOCTEST} (fenced `{info}`)"))
                    }
                    pulldown_cmark::CodeBlockKind::Indented => {
                        problems.push(format!("{DOCTEST} (indented)"))
                    }
                }
            }
            Event::FootnoteReference(f) => problems.push(format!("a footnote `{f}`")),
            Event::Start(Tag::FootnoteDefinition(f)) => {
                problems.push(format!("a footnote definition `{f}`"))
            }
            Event::Start(Tag::BlockQuote(_)) => problems.push("a block quote".to_string()),
            Event::TaskListMarker(_) => problems.push("a task list marker".to_string()),
            Event::SoftBreak | Event::HardBreak => {
                if let Some(&column) = items.last() {
                    let next = &doc[range.end..];
                    let next = next.strip_prefix('\n').unwrap_or(next);
                    let indent = next.len() - next.trim_start_matches(' ').len();
                    if indent != column {
                        let line = next.lines().next().unwrap_or("");
                        problems.push(format!(
                            "the list item line `{line}` is indented {indent}, its item's content {column}"
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for reference in broken.into_inner() {
        if !is_rust_path(reference.trim_matches('`')) {
            problems.push(format!("`[{reference}]` would be an intra-doc link"));
        }
    }
    problems
}

/// Whether a link points at a Rust item (`crate::Client`, `Self::new`):
/// links only the emitter writes (page links are URLs or text), which
/// rustdoc checks when `cargo xtask corpus` documents the crate.
fn is_rust_path(dest: &str) -> bool {
    let dest = dest.strip_suffix("()").unwrap_or(dest);
    !dest.is_empty()
        && dest.split("::").all(|segment| {
            segment.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The column of the content of the list item whose marker starts at byte
/// `at` of `doc`.
fn item_content_column(doc: &str, at: usize) -> usize {
    let line_start = doc[..at].rfind('\n').map_or(0, |i| i + 1);
    // The item's range may start before its marker's indentation.
    let rest = doc[at..].trim_start_matches(' ');
    let column = doc[line_start..doc.len() - rest.len()].chars().count();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let marker = if digits > 0 { digits + 1 } else { 1 };
    let after = &rest[marker.min(rest.len())..];
    let line = after.split('\n').next().unwrap_or("");
    let spaces = line.len() - line.trim_start_matches(' ').len();
    // An item that starts empty, or with an indented code block.
    let spaces = if line.trim().is_empty() || spaces > 4 {
        1
    } else {
        spaces
    };
    column + marker + spaces
}

/// Page text written to break doc comments, for property tests of
/// [`render`] and of whole generated pages: list items with lazy and
/// over-indented continuation lines, blank lines, code blocks, HTML,
/// brackets, URLs, backticks, entities, control and bidi characters.
pub const HOSTILE_FRAGMENTS: &[&str] = &[
    "- ",
    "* ",
    "1. ",
    "12) ",
    "  - ",
    "    ",
    "\n",
    "\n\n",
    "\r",
    "\t",
    "```",
    "~~~",
    "**on**: ",
    "[x]",
    "[^1]",
    "[^1]: note",
    "[a](b)",
    "[a](https://e.com/(x)",
    "https://e.com/(x",
    "[r]: https://e.com",
    "<b>",
    "</li>",
    "<br>",
    "<!-- c -->",
    "&amp;",
    "&#60;",
    "https://e.com/a_b",
    "www.e.com",
    "`",
    "``",
    "\\",
    "*",
    "_",
    "#",
    "> ",
    "|a|b|\n|-|-|",
    "===",
    "\u{202E}",
    "\u{0}",
    "取值：",
    "{#anchor}",
    "~~123~~",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        assert_eq!(render("https://e.com|- 0"), "<https://e.com>\\|- 0");
        // A dropped link's text is plain text: its URL is marked up.
        assert_eq!(render("[https://e.com/x](b)"), "<https://e.com/x>");
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

    #[test]
    fn list_items_keep_their_blocks_indented() {
        let d = "Valid values:\n\n- **on**: on,\nand more.\n- **off**: off.\n\n  A second paragraph.\n\n      code\n\nAfter.";
        assert_eq!(
            render(d),
            "Valid values:\n\n- **on**: on, and more.\n- **off**: off.\n\n  A second paragraph.\n\n  ```text\n  code\n  ```\n\nAfter."
        );
        let d = "1. one\n2. two  \nbroken\n\n   - nested\n\n     more";
        let r = render(d);
        assert_eq!(r, "1. one\n2. two\n   broken\n   - nested\n\n     more");
        assert!(lint_problems(&r).is_empty(), "{:?}", lint_problems(&r));
    }

    #[test]
    fn hostile_characters_and_markup_are_made_safe() {
        let d = "a\r\nb\rc\td\u{202E}e\u{0}f <b>x</b> &amp;amp; [^1] [y]\n\n<div>\n  z\n</div>\n\n```\nlet x = 1;\n```\n\n```rust\n``` inner\n```";
        let r = render(d);
        assert!(lint_problems(&r).is_empty(), "{r}\n{:?}", lint_problems(&r));
        assert!(!r.contains('\r') && !r.contains('\t') && !r.contains('\u{202E}'));
        assert!(r.contains(" \\&amp; "), "{r}");
        assert!(r.contains("```text\nlet x = 1;\n```"), "{r}");
    }

    #[test]
    fn text_that_would_start_a_block_is_escaped() {
        assert_eq!(render("\\# not a heading"), "\\# not a heading");
        assert_eq!(render("1986\\. A year."), "1986\\. A year.");
        assert_eq!(render("\\- not an item"), "\\- not an item");
    }

    #[test]
    fn the_checker_finds_what_the_lints_find() {
        for (doc, what) in [
            ("- item\nlazy", "indented 0"),
            ("- item\n    over", "indented 4"),
            ("<b>x</b>", "HTML"),
            ("see [a client]", "intra-doc"),
            ("[x](a.md)", "not a URL"),
            ("go to https://e.com", "bare URL"),
            ("```\nlet x = 1;\n```", DOCTEST),
            ("    indented code", DOCTEST),
            ("a\r\nb", "character"),
            ("x\n", "blank line"),
            ("note[^1]\n\n[^1]: a", "footnote"),
            ("> quote", "block quote"),
        ] {
            let problems = lint_problems(doc);
            assert!(
                problems.iter().any(|p| p.contains(what)),
                "{doc:?}: {problems:?}"
            );
        }
        assert!(lint_problems("- item\n  more\n\n  para\n\n1. x\n   y").is_empty());
        // The emitter's own links to items.
        assert!(lint_problems("[`Client`] and [`new`](Self::new)").is_empty());
    }

    /// Inputs the property test below once failed on.
    #[test]
    fn property_test_regressions() {
        for text in [
            "```",
            "```\nhttps://e.com/a_b",
            "1.   - - ",
            "- \\- ```\\\n~~123~~",
            "[r]: https://e.com\\\n&amp;[r]: https://e.com",
            "*  - - ",
        ] {
            let doc = render(text);
            assert!(lint_problems(&doc).is_empty(), "{text:?} → {doc:?}");
            let variant = labelled("`v`", &doc);
            assert!(lint_problems(&variant).is_empty(), "{variant:?}");
        }
    }

    /// Page text written to break doc comments: the shared fragments, and
    /// plain or arbitrary text between them.
    fn hostile_text() -> impl Strategy<Value = String> {
        let fragment = prop_oneof![
            proptest::sample::select(HOSTILE_FRAGMENTS).prop_map(str::to_owned),
            "[a-zA-Z0-9 .,:]{1,12}",
            "\\PC{1,6}",
        ];
        proptest::collection::vec(fragment, 0..48).prop_map(|parts| parts.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1024, ..Default::default() })]

        #[test]
        fn rendered_page_text_is_lint_safe(text in hostile_text()) {
            let doc = render(&text);
            let problems = lint_problems(&doc);
            proptest::prop_assert!(problems.is_empty(), "{text:?}\n→ {doc:?}\n{problems:?}");
            // After a value, as enum variants are documented.
            let variant = labelled(&code_span(&text), &doc);
            let problems = lint_problems(&variant);
            proptest::prop_assert!(problems.is_empty(), "{variant:?}\n{problems:?}");
        }
    }
}
