//! From a parsed page to the model: finding sections by title and columns by
//! header name, building the parameter and field trees, reporting what does
//! not fit.

mod errors;
mod repair;
mod request;
pub(crate) mod response;
mod rows;
mod samples;

use crate::diagnostics::Diagnostic;
use crate::model::{Operation, Sample};
use crate::page::{texts, Block, Page, Section};
use crate::table::Table;
use crate::values::plain;
use crate::vocabulary::{section_kind, SectionKind};

use request::request_parameters;
use response::{response_fields, ShapeTree};
use samples::section_samples;

/// Whether `s` can be an operation or parameter name.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Why a page is not an API reference page (an overview, a list of
/// enumerations, a glossary), or `None` when it is one: it has a request or
/// a response parameters section.
pub fn not_an_operation(page: &Page) -> Option<String> {
    let kinds: Vec<SectionKind> = page
        .sections
        .iter()
        .map(|s| section_kind(&s.title))
        .collect();
    if kinds
        .iter()
        .any(|k| matches!(k, SectionKind::Request | SectionKind::Response))
    {
        return None;
    }
    let titles: Vec<&str> = page
        .sections
        .iter()
        .map(|s| s.title.as_str())
        .take(4)
        .collect();
    Some(if titles.is_empty() {
        "it has no sections, so no request or response parameters".to_string()
    } else {
        format!(
            "it has no request or response parameters section (its sections: {}{})",
            titles.join(", "),
            if page.sections.len() > titles.len() {
                ", …"
            } else {
                ""
            }
        )
    })
}

/// Lowers one parsed page into an operation. Returns `None` when errors make
/// the page unusable; every problem found is added to `diags`.
pub fn lower_operation(file: &str, page: &Page, diags: &mut Vec<Diagnostic>) -> Option<Operation> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let (name, line) = operation_name(file, page, diags)?;
    let (kind, kind_source) = crate::classify::operation_kind(file, &name, page, diags);

    let mut description = String::new();
    let mut request = None;
    let mut response = None;
    let mut errors = Vec::new();
    let mut samples: Vec<Sample> = page
        .sections
        .iter()
        .flat_map(|section| section_samples(file, section, diags))
        .collect();
    // What the valid samples show decides where response fields live.
    let tree = ShapeTree::from_samples(&samples);
    for section in &page.sections {
        match section_kind(&section.title) {
            SectionKind::Description => description = section.text(),
            SectionKind::Request if request.is_none() => {
                request = Some(request_parameters(file, section, diags));
            }
            SectionKind::Response if response.is_none() => {
                let (fields, disagreements) = response_fields(file, section, tree.as_ref(), diags);
                mark_disagreeing_samples(file, &mut samples, &disagreements, diags);
                response = Some(fields);
            }
            SectionKind::ErrorCodes if errors.is_empty() => {
                errors = errors::error_codes(file, section, diags);
            }
            _ => {}
        }
    }
    let request = request.unwrap_or_else(|| {
        diags.push(Diagnostic::warning(
            file,
            line,
            "no request parameters section (expected a heading such as `## Request parameters` or `## 请求参数`); the operation is read as taking no parameters",
        ));
        Vec::new()
    });
    let response = response.unwrap_or_else(|| {
        diags.push(Diagnostic::warning(
            file,
            line,
            "no response parameters section (expected a heading such as `## Response parameters` or `## 返回数据`); the response is read as `RequestId` alone",
        ));
        vec![response::request_id_only()]
    });
    if diags.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    Some(Operation {
        summary: summary(page),
        name,
        rust: crate::model::RustNames::default(),
        source: file.to_string(),
        line,
        kind,
        kind_source,
        description,
        request,
        response,
        samples,
        errors,
    })
}

/// Notes on each valid sample that shows a structure the table
/// contradicts, and one warning per disagreement, at the first such
/// sample, saying that the table is followed.
fn mark_disagreeing_samples(
    file: &str,
    samples: &mut [Sample],
    disagreements: &[response::Disagreement],
    diags: &mut Vec<Diagnostic>,
) {
    for d in disagreements {
        let mut lines = Vec::new();
        for sample in samples.iter_mut().filter(|s| s.invalid.is_none()) {
            let shows = ShapeTree::from_samples(std::slice::from_ref(sample))
                .is_some_and(|t| t.at_keys(&d.path).is_some());
            if shows {
                lines.push(sample.line);
                sample.disagrees.push(d.what.clone());
            }
        }
        let shown: Vec<String> = lines.iter().map(ToString::to_string).collect();
        diags.push(Diagnostic::warning(
            file,
            lines.first().copied().unwrap_or(d.line),
            format!(
                "the sample and the table disagree: {}{}; the table is followed, and the sample is taken to be wrong",
                d.what,
                match shown.len() {
                    0 | 1 => String::new(),
                    _ => format!(" (samples at lines {})", shown.join(", ")),
                },
            ),
        ));
    }
}

fn summary(page: &Page) -> String {
    let intro = texts(&page.intro);
    let first = intro.split("\n\n").next().unwrap_or("").trim();
    // "Name: does something." → "Does something."
    let text = match (page.title.as_ref(), first.split_once(": ")) {
        (Some(t), Some((head, rest))) if head.trim() == t.value => {
            let mut c = rest.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
        _ => first.to_string(),
    };
    text
}

/// The operation name from the file name (`DescribeThing.md`), when it
/// looks like one: an identifier that starts with a capital and has
/// lower-case letters too.
fn name_from_file(file: &str) -> Option<String> {
    let stem = std::path::Path::new(file).file_stem()?.to_str()?;
    (is_identifier(stem)
        && stem.len() > 3
        && stem.starts_with(|c: char| c.is_ascii_uppercase())
        && stem.chars().any(|c| c.is_ascii_lowercase()))
    .then(|| stem.to_string())
}

fn operation_name(file: &str, page: &Page, diags: &mut Vec<Diagnostic>) -> Option<(String, usize)> {
    let (t, title_line) = match &page.title {
        Some(title) => (title.value.trim(), title.line),
        None => ("", 1),
    };
    if is_identifier(t) {
        return Some((t.to_string(), title_line));
    }
    // A sentence title: take the name from the `Action` row or a sample request.
    let from_action = page
        .sections
        .iter()
        .filter(|s| section_kind(&s.title) == SectionKind::Request)
        .flat_map(|s| s.tables())
        .flat_map(|t| t.rows.iter())
        .filter(|r| r.cells.first().map(|c| plain(c)) == Some("Action".into()))
        .flat_map(|r| r.cells.iter().map(|c| plain(c)))
        .flat_map(|c| {
            c.split([' ', '.', ','])
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .find(|w| {
            is_identifier(w)
                && w.len() > 6
                && w != "Action"
                && w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && w.chars().skip(1).any(|c| c.is_ascii_uppercase())
        });
    let from_sample = || {
        page.sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .find_map(|b| match b {
                Block::Code { text, .. } => text
                    .split(['?', '&', '\n'])
                    .find_map(|p| p.trim().strip_prefix("Action="))
                    .map(|a| a.trim().to_string())
                    .filter(|a| is_identifier(a)),
                _ => None,
            })
    };
    let what = if page.title.is_some() {
        format!("the title `{t}` is not an operation name")
    } else {
        "the page has no `# Title` line".to_string()
    };
    if let Some(name) = from_action.or_else(from_sample) {
        diags.push(Diagnostic::warning(
            file,
            title_line,
            format!("{what}; using `{name}` from the Action parameter or sample request"),
        ));
        return Some((name, title_line));
    }
    if let Some(name) = name_from_file(file) {
        diags.push(Diagnostic::warning(
            file,
            title_line,
            format!("{what}, and no `Action` value was found; using `{name}` from the file name"),
        ));
        return Some((name, title_line));
    }
    diags.push(Diagnostic::error(
        file,
        title_line,
        format!("no operation name: {what}, no `Action` value was found (an `Action` row, or `Action=Name` in a sample request), and the file name is not one"),
    ));
    None
}

/// The parameter table of a section: the first table with a name or type
/// column, else its first table.
pub(super) fn main_table(section: &Section) -> Option<&Table> {
    section
        .tables()
        .find(|t| {
            t.header.iter().any(|h| {
                matches!(
                    crate::vocabulary::column_of(h),
                    Some((
                        crate::vocabulary::Column::Name | crate::vocabulary::Column::Type,
                        _
                    ))
                )
            })
        })
        .or_else(|| section.tables().next())
}

/// The tables after a section's main table, which define the named types
/// (`DomainListType`) its rows refer to, in the order they are referred to.
pub(super) struct Subtables<'a> {
    tables: Vec<&'a Table>,
    next: usize,
}

impl<'a> Subtables<'a> {
    pub(super) fn of(section: &'a Section) -> Self {
        let main = main_table(section);
        Self {
            tables: section
                .tables()
                .skip_while(|t| main.is_some_and(|m| !std::ptr::eq(*t, m)))
                .skip(1)
                .collect(),
            next: 0,
        }
    }

    pub(super) fn take(&mut self) -> Option<&'a Table> {
        let t = self.tables.get(self.next).copied();
        self.next += 1;
        t
    }
}
