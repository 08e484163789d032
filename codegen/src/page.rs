//! The structure of one Markdown page: title, sections, text, tables and code
//! blocks, each with its line number.
//!
//! Headings, text and code blocks come from pulldown-cmark; tables come from
//! [`table`](crate::table), because Alibaba's multi-line cells break Markdown
//! tables. Events that fall inside a recovered table are ignored.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::table::{find_tables, Table};

/// A parsed page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// The first level-1 heading, without `{#…}` attributes.
    pub title: Option<Located<String>>,
    /// Blocks between the title and the first section.
    pub intro: Vec<Block>,
    /// Level-2 (and deeper) sections in page order.
    pub sections: Vec<Section>,
    /// Generator directives: HTML comments `<!-- sdk-KEY: VALUE -->`, which
    /// a rendered page does not show (see [`Directive`]).
    pub directives: Vec<Located<Directive>>,
}

/// A generator directive written in a page as `<!-- sdk-KEY: VALUE -->`,
/// on a line of its own; e.g. `<!-- sdk-operation-kind: read-only -->`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// `KEY`, e.g. `operation-kind`.
    pub key: String,
    /// `VALUE`, trimmed.
    pub value: String,
}

/// The directives of a page, with their lines.
fn directives(lines: &[&str]) -> Vec<Located<Directive>> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let inner = line
                .trim()
                .strip_prefix("<!--")?
                .strip_suffix("-->")?
                .trim()
                .strip_prefix("sdk-")?;
            let (key, value) = inner.split_once(':')?;
            Some(Located {
                value: Directive {
                    key: key.trim().to_string(),
                    value: value.trim().to_string(),
                },
                line: i + 1,
            })
        })
        .collect()
}

/// A value with the 1-based line it was found on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Its line.
    pub line: usize,
}

/// A section of the page: a heading and what follows it up to the next heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Heading text, trimmed, without attributes.
    pub title: String,
    /// Heading level (2 for `##`).
    pub level: u8,
    /// Line of the heading.
    pub line: usize,
    /// The section's content.
    pub blocks: Vec<Block>,
}

/// One piece of a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// Prose: a paragraph, list or quote, as Markdown source.
    Text(Located<String>),
    /// A table.
    Table(Table),
    /// A code block, with the text of the paragraph before it (its label,
    /// such as "JSON format").
    Code {
        /// The code.
        text: String,
        /// Fence info string, if any.
        info: String,
        /// Nearest preceding prose in the same section.
        label: String,
        /// Line of the opening fence.
        line: usize,
    },
}

impl Section {
    /// The tables of this section.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// The prose of this section, joined by blank lines.
    pub fn text(&self) -> String {
        texts(&self.blocks)
    }
}

/// Prose blocks joined by blank lines.
pub fn texts(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(t) => Some(t.value.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Parses a page. Never fails: what a page lacks is judged later, where the
/// expectation is known.
pub fn parse_page(text: &str) -> Page {
    let lines: Vec<&str> = text.split('\n').collect();
    let index = LineIndex::new(text);
    let tables = find_tables(&lines);
    // 1-based inclusive line ranges covered by tables.
    let table_ranges: Vec<(usize, usize)> = tables.iter().map(|t| (t.line, t.end_index)).collect();
    let in_table = |line: usize| table_ranges.iter().any(|&(a, b)| line >= a && line <= b);

    let mut page = Page {
        title: None,
        intro: Vec::new(),
        sections: Vec::new(),
        directives: directives(&lines),
    };
    let mut pending_tables = tables.into_iter().peekable();

    let mut options = Options::empty();
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    options.insert(Options::ENABLE_TABLES);
    let parser = Parser::new_ext(text, options).into_offset_iter();

    let mut heading: Option<(u8, usize, String)> = None;
    let mut code: Option<(String, usize, String)> = None;
    let mut label = String::new();
    let mut paragraph_text = String::new();
    let mut depth = 0usize;

    // Pushes a block to the current section (or the intro).
    fn push(page: &mut Page, block: Block) {
        match page.sections.last_mut() {
            Some(s) => s.blocks.push(block),
            None => page.intro.push(block),
        }
    }

    for (event, range) in parser {
        let line = index.line(range.start);
        // Tables recovered by line precede whatever comes after them.
        while let Some(t) = pending_tables.peek() {
            if t.line <= line {
                let t = pending_tables.next().expect("peeked");
                push(&mut page, Block::Table(t));
            } else {
                break;
            }
        }
        let skip = heading.is_none() && code.is_none() && in_table(line);
        match event {
            Event::Start(Tag::Heading { level, .. }) if !skip => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                heading = Some((level, line, String::new()));
            }
            Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                if let Some((level, line, title)) = heading.take() {
                    let title = title.trim().to_string();
                    if level == 1 && page.title.is_none() && page.sections.is_empty() {
                        page.title = Some(Located { value: title, line });
                    } else {
                        page.sections.push(Section {
                            title,
                            level,
                            line,
                            blocks: Vec::new(),
                        });
                    }
                    label.clear();
                }
            }
            Event::Start(Tag::CodeBlock(kind)) if !skip => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, line, String::new()));
            }
            Event::End(TagEnd::CodeBlock) if code.is_some() => {
                if let Some((info, line, text)) = code.take() {
                    push(
                        &mut page,
                        Block::Code {
                            text,
                            info,
                            label: label.trim().to_string(),
                            line,
                        },
                    );
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = heading.as_mut() {
                    title.push_str(&t);
                } else if let Some((_, _, text)) = code.as_mut() {
                    text.push_str(&t);
                } else if !skip {
                    paragraph_text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, title)) = heading.as_mut() {
                    title.push(' ');
                } else {
                    paragraph_text.push(' ');
                }
            }
            Event::Start(tag) => {
                if matches!(tag, Tag::Paragraph) {
                    paragraph_text.clear();
                }
                if !skip
                    && depth == 0
                    && matches!(tag, Tag::Paragraph | Tag::List(_) | Tag::BlockQuote(_))
                {
                    push(
                        &mut page,
                        Block::Text(Located {
                            value: text[range.clone()].trim_end().to_string(),
                            line,
                        }),
                    );
                }
                depth += 1;
            }
            Event::End(tag) => {
                if matches!(tag, TagEnd::Paragraph) && !paragraph_text.trim().is_empty() {
                    label = std::mem::take(&mut paragraph_text);
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    for t in pending_tables {
        push(&mut page, Block::Table(t));
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Op {#c .concept}\n\nSummary line.\n\n## Request parameters {#s .section}\n\n|Parameter|Type|\n|--|--|\n|A|String|\n\n## Sample response\n\n-   JSON format\n\n    ```\n    {\"A\": 1}\n    ```\n";

    #[test]
    fn title_sections_tables_and_labelled_code() {
        let page = parse_page(PAGE);
        assert_eq!(page.title.as_ref().unwrap().value, "Op");
        assert_eq!(texts(&page.intro), "Summary line.");
        assert_eq!(page.sections.len(), 2);
        assert_eq!(page.sections[0].title, "Request parameters");
        assert_eq!(page.sections[0].line, 5);
        let table = page.sections[0].tables().next().unwrap();
        assert_eq!(table.rows[0].cells, ["A", "String"]);
        match &page.sections[1].blocks.last().unwrap() {
            Block::Code {
                text, label, line, ..
            } => {
                assert_eq!(text.trim(), "{\"A\": 1}");
                assert_eq!(label, "JSON format");
                assert_eq!(*line, 15);
            }
            other => panic!("expected code, got {other:?}"),
        }
    }

    #[test]
    fn directives_are_html_comments_on_their_own_line() {
        let page = parse_page(
            "# Op\n\n<!-- sdk-operation-kind: read-only -->\n\ntext <!-- sdk-x: y -->\n<!-- other: z -->\n",
        );
        assert_eq!(page.directives.len(), 1);
        assert_eq!(page.directives[0].line, 3);
        assert_eq!(page.directives[0].value.key, "operation-kind");
        assert_eq!(page.directives[0].value.value, "read-only");
    }

    #[test]
    fn multi_line_cells_do_not_leak_into_text() {
        let page = parse_page(
            "# Op\n\n## Request parameters\n\n|Parameter|Description|\n|--|--|\n|Lang|Valid values:\n\n -   **zh**: Chinese\n-   **en**: English |\n\nAfter the table.\n",
        );
        let s = &page.sections[0];
        assert_eq!(s.tables().count(), 1);
        assert_eq!(s.text(), "After the table.");
    }
}
