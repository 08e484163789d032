//! The words pages use, in English and Chinese: section titles, column
//! headers, required markers. Everything that depends on a page's language
//! is here, so that a new spelling is one line in one table.
//!
//! Matching is forgiving in the ways real pages need: case, spaces and
//! `{#anchor}` attributes are ignored, and a column header one or two typing
//! mistakes away from a known one (`Descripton`) is accepted, with a warning
//! from the caller.

/// What a section is for, judged by its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// The operation's description.
    Description,
    /// The request parameters table.
    Request,
    /// The response parameters table.
    Response,
    /// Sample requests and responses.
    Examples,
    /// The table of the operation's error codes.
    ErrorCodes,
    /// Sample error responses, debugging links, and anything else.
    Other,
}

/// `(title fragment, kind)`, tried in order; a title matches a fragment when
/// it starts with it or contains it (English matching is case-insensitive).
const SECTION_TITLES: &[(&str, SectionKind)] = &[
    ("error code", SectionKind::ErrorCodes),
    ("错误码", SectionKind::ErrorCodes),
    ("error", SectionKind::Other),
    ("错误", SectionKind::Other),
    ("request parameter", SectionKind::Request),
    ("request field", SectionKind::Request),
    ("请求参数", SectionKind::Request),
    ("输入参数", SectionKind::Request),
    ("response parameter", SectionKind::Response),
    ("return parameter", SectionKind::Response),
    ("returned parameter", SectionKind::Response),
    ("response field", SectionKind::Response),
    ("response element", SectionKind::Response),
    ("返回数据", SectionKind::Response),
    ("返回参数", SectionKind::Response),
    ("返回结果", SectionKind::Response),
    ("返回字段", SectionKind::Response),
    ("响应参数", SectionKind::Response),
    ("输出参数", SectionKind::Response),
    ("description", SectionKind::Description),
    ("接口说明", SectionKind::Description),
    ("接口描述", SectionKind::Description),
    ("功能描述", SectionKind::Description),
    ("功能说明", SectionKind::Description),
    ("描述", SectionKind::Description),
    ("example", SectionKind::Examples),
    ("sample", SectionKind::Examples),
    ("示例", SectionKind::Examples),
    ("样例", SectionKind::Examples),
];

/// Titles that are a section kind only when they are the whole title (a
/// bare `Response` heading), not inside one (`Request syntax`, `Response
/// headers`, `请求方式`).
const BARE_TITLES: &[(&str, SectionKind)] = &[
    ("response", SectionKind::Response),
    ("responses", SectionKind::Response),
    ("返回", SectionKind::Response),
    ("响应", SectionKind::Response),
    ("request", SectionKind::Request),
    ("请求", SectionKind::Request),
];

/// The kind of a section with this title.
pub fn section_kind(title: &str) -> SectionKind {
    let t = title.trim().to_lowercase();
    if let Some((_, kind)) = SECTION_TITLES
        .iter()
        .find(|(fragment, _)| t.contains(fragment))
    {
        return *kind;
    }
    // Without a `{#anchor}`.
    let bare = t.split(" {#").next().unwrap_or("").trim();
    BARE_TITLES
        .iter()
        .find(|(title, _)| bare == *title)
        .map_or(SectionKind::Other, |(_, kind)| *kind)
}

/// A column of a parameter table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The parameter or field name.
    Name,
    /// Its type.
    Type,
    /// Whether it is required.
    Required,
    /// Where it travels (query, body).
    Position,
    /// An example value.
    Example,
    /// Its description.
    Description,
}

/// Known header names of each column, in preference order.
pub const COLUMN_NAMES: &[(Column, &[&str])] = &[
    (
        Column::Name,
        &[
            "Parameter",
            "Name",
            "Field",
            "Parameter name",
            "Field name",
            "名称",
            "参数",
            "参数名",
            "参数名称",
            "字段",
            "字段名",
        ],
    ),
    (
        Column::Type,
        &[
            "Type",
            "Data type",
            "Parameter type",
            "类型",
            "数据类型",
            "参数类型",
        ],
    ),
    (
        Column::Required,
        &[
            "Required",
            "Is required",
            "Mandatory",
            "是否必选",
            "是否必填",
            "是否必须",
            "必选",
            "必填",
        ],
    ),
    (
        Column::Position,
        &["Position", "Location", "In", "位置", "参数位置"],
    ),
    (
        Column::Example,
        &[
            "Example",
            "Sample value",
            "Example value",
            "Sample",
            "示例值",
            "示例",
            "样例",
        ],
    ),
    (
        Column::Description,
        &["Description", "描述", "说明", "备注"],
    ),
];

/// A column of an error-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorColumn {
    /// The error code (`Code` of the error response).
    Code,
    /// The HTTP status code.
    Status,
    /// The error message (`Message` of the error response).
    Message,
    /// What the error means, or what to do about it.
    Meaning,
    /// Older pages: the message under `Description`, followed by a
    /// `Semantics` column with the meaning.
    Semantics,
}

/// Known header names of each error-table column.
const ERROR_COLUMN_NAMES: &[(ErrorColumn, &[&str])] = &[
    (
        ErrorColumn::Code,
        &["Error code", "ErrorCode", "Code", "错误码", "错误代码"],
    ),
    (
        ErrorColumn::Status,
        &[
            "HTTP status code",
            "HttpCode",
            "HTTP code",
            "Status code",
            "HTTP status",
            "HTTP状态码",
            "HTTP 状态码",
            "状态码",
        ],
    ),
    (
        ErrorColumn::Message,
        &[
            "Error message",
            "ErrorMessage",
            "Message",
            "错误信息",
            "错误消息",
        ],
    ),
    (
        ErrorColumn::Meaning,
        &[
            "Description",
            "Meaning",
            "Remarks",
            "描述",
            "说明",
            "含义",
            "备注",
        ],
    ),
    (ErrorColumn::Semantics, &["Semantics", "Semantic", "语义"]),
];

/// The error-table column a header cell names, if any.
pub fn error_column_of(header: &str) -> Option<ErrorColumn> {
    let h = squash(header);
    ERROR_COLUMN_NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|n| squash(n) == h))
        .map(|(column, _)| *column)
}

/// Words by which a page says an error passes and the call may be tried
/// again (`Please try again later.`, `请稍后重试`), matched lower-cased.
const TRANSIENT_WORDS: &[&str] = &[
    "try again later",
    "retry later",
    "please retry",
    "please try again",
    "try again in a moment",
    "then try again",
    "temporarily",
    "temporary",
    "is busy",
    "稍后重试",
    "稍后再试",
    "请重试",
    "请稍后",
    "繁忙",
];

/// Whether a description says its number counts milliseconds (since the
/// epoch): `in milliseconds since the Unix epoch`, `毫秒`.
pub fn says_epoch_millis(description: &str) -> bool {
    let d = description.to_lowercase();
    (d.contains("millisecond") && !d.contains("milliseconds to ") && !d.contains("duration"))
        || d.contains("毫秒")
}

/// Whether an error's message or meaning says it passes.
pub fn says_transient(text: &str) -> bool {
    let t = text.to_lowercase();
    TRANSIENT_WORDS.iter().any(|w| t.contains(w))
}

/// Lower-cased and without spaces, underscores or hyphens.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Edit distance (insertions, deletions, substitutions, transpositions of
/// neighbours) between two short strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// How a header cell was recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderMatch {
    /// It is one of the known names.
    Exact,
    /// It is a misspelling of this known name.
    Misspelled(&'static str),
}

/// The column a header cell names, if any. Exact names win; otherwise an
/// ASCII header within one edit of a known name (two for names of eight
/// letters or more) counts as a misspelling of it.
pub fn column_of(header: &str) -> Option<(Column, HeaderMatch)> {
    let h = squash(header);
    if h.is_empty() {
        return None;
    }
    for (column, names) in COLUMN_NAMES {
        if names.iter().any(|n| squash(n) == h) {
            return Some((*column, HeaderMatch::Exact));
        }
    }
    if !h.is_ascii() || h.len() < 4 {
        return None;
    }
    let mut best: Option<(usize, Column, &'static str)> = None;
    for (column, names) in COLUMN_NAMES {
        for name in names.iter().filter(|n| n.is_ascii()) {
            let n = squash(name);
            let allowed = if n.len() >= 8 { 2 } else { 1 };
            let d = edit_distance(&h, &n);
            if d <= allowed && best.is_none_or(|(bd, _, _)| d < bd) {
                best = Some((d, *column, name));
            }
        }
    }
    best.map(|(_, column, name)| (column, HeaderMatch::Misspelled(name)))
}

/// Whether a `Required` cell says yes (`Yes`, `true`, `Required`, `是`,
/// `必选`, `Y`).
pub fn is_required_marker(cell: &str) -> bool {
    let v = cell.trim().to_lowercase();
    matches!(
        v.as_str(),
        "yes" | "y" | "true" | "required" | "mandatory" | "是" | "必选" | "必填" | "必须"
    )
}

/// Whether a code block label or a text marks an error example, not a
/// success response (`Sample error response`, `异常返回示例`).
pub fn is_error_label(label: &str) -> bool {
    let l = label.to_lowercase();
    l.contains("error") || l.contains("fail") || l.contains("错误") || l.contains("异常")
}

/// Whether a text introduces success examples (`Sample success
/// responses`, `正常返回示例`).
pub fn is_success_label(label: &str) -> bool {
    let l = label.to_lowercase();
    l.contains("success") || l.contains("正常") || l.contains("成功")
}

/// Whether a code block label marks a sample request.
pub fn is_request_label(label: &str) -> bool {
    let l = label.to_lowercase();
    l.contains("request") || l.contains("请求")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_titles_in_both_languages() {
        use SectionKind::*;
        for (title, kind) in [
            ("Request parameters", Request),
            ("请求参数", Request),
            ("Response parameters", Response),
            ("Return parameters", Response),
            ("返回数据", Response),
            ("返回参数", Response),
            ("Sample response", Examples),
            ("Examples", Examples),
            ("示例", Examples),
            ("Description", Description),
            ("接口说明", Description),
            ("Error codes", ErrorCodes),
            ("Error codes {#section_n7f .section}", ErrorCodes),
            ("错误码", ErrorCodes),
            ("错误码 { .section}", ErrorCodes),
            ("Sample error response", Other),
            ("调试", Other),
            ("Debugging", Other),
            ("Response", Response),
            ("Responses", Response),
            ("返回", Response),
            ("Request", Request),
            ("Request example", Examples),
            ("Request syntax", Other),
            ("Response headers", Other),
            ("请求方式", Other),
            ("Response {#resp .section}", Response),
            ("Response example", Examples),
            ("请求示例", Examples),
            ("返回示例", Examples),
        ] {
            assert_eq!(section_kind(title), kind, "{title}");
        }
    }

    #[test]
    fn headers_exact_and_misspelled() {
        assert_eq!(column_of("名称"), Some((Column::Name, HeaderMatch::Exact)));
        assert_eq!(
            column_of("是否必选"),
            Some((Column::Required, HeaderMatch::Exact))
        );
        assert_eq!(
            column_of("Sample value"),
            Some((Column::Example, HeaderMatch::Exact))
        );
        assert_eq!(
            column_of("Descripton"),
            Some((Column::Description, HeaderMatch::Misspelled("Description")))
        );
        assert_eq!(
            column_of("Paramter"),
            Some((Column::Name, HeaderMatch::Misspelled("Parameter")))
        );
        assert_eq!(
            column_of("Tpye"),
            Some((Column::Type, HeaderMatch::Misspelled("Type")))
        );
        assert_eq!(column_of("Remarks"), None);
        assert_eq!(column_of("Value"), None);
        assert_eq!(column_of(""), None);
    }

    #[test]
    fn error_table_headers_in_both_languages() {
        use ErrorColumn::*;
        for (header, column) in [
            ("Error code", Code),
            ("错误码", Code),
            ("HTTP status code", Status),
            ("HttpCode", Status),
            ("Error message", Message),
            ("错误信息", Message),
            ("Description", Meaning),
            ("Meaning", Meaning),
            ("描述", Meaning),
            ("Semantics", Semantics),
        ] {
            assert_eq!(error_column_of(header), Some(column), "{header}");
        }
        assert_eq!(error_column_of("Parameter"), None);
    }

    #[test]
    fn transient_wording() {
        assert!(says_transient(
            "An operation is being processed. Please try again later."
        ));
        assert!(says_transient("Server is busy, please try again later."));
        assert!(says_transient("系统繁忙，请稍后重试。"));
        assert!(!says_transient("Parameter illegal."));
        assert!(!says_transient("The domain name does not exist."));
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("type", "tpye"), 1);
        assert_eq!(edit_distance("description", "descripton"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn required_markers() {
        for yes in ["Yes", "是", "true", "Required", "必选"] {
            assert!(is_required_marker(yes), "{yes}");
        }
        for no in ["No", "否", "false", "", "Optional"] {
            assert!(!is_required_marker(no), "{no}");
        }
    }
}
