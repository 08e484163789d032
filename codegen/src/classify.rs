//! Whether an operation only reads or changes something: the one place
//! that decides it.
//!
//! The runtime retries a read-only call after any transient failure, but a
//! mutating one (which may submit a paid task, such as a renewal) only when
//! the request surely did not take effect. So a wrong "read-only" costs
//! money, and the rule is conservative: an operation is read-only only when
//! its name starts with one of [`READ_ONLY_VERBS`] as a whole word, and
//! everything else is mutating. A page can say otherwise with the directive
//! `<!-- sdk-operation-kind: read-only -->` (or `mutating`), on a line of its
//! own; the model records which of the two decided.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::page::Page;

/// Verbs that start the name of an operation with no side effect.
pub const READ_ONLY_VERBS: &[&str] = &[
    "Query", "Check", "List", "Get", "Describe", "Lookup", "Poll",
];

/// The directive key that overrides the rule.
pub const DIRECTIVE: &str = "operation-kind";

/// What calling an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum OperationKind {
    /// It only reads: retrying it can do no harm.
    ReadOnly,
    /// It changes something (and may cost money): retrying after an
    /// ambiguous failure could do it twice.
    Mutating,
}

/// What decided an operation's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum KindSource {
    /// The name rule ([`READ_ONLY_VERBS`]).
    Name,
    /// A `sdk-operation-kind` directive on the page.
    Directive,
}

/// The kind the name rule gives: read-only when the name starts with a verb
/// of [`READ_ONLY_VERBS`] followed by an upper-case letter, a digit or
/// nothing (`QueryDomainList`, not `Querying` or `Getaway`).
pub fn kind_by_name(name: &str) -> OperationKind {
    let read_only = READ_ONLY_VERBS.iter().any(|verb| {
        name.strip_prefix(verb).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_none_or(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
    });
    if read_only {
        OperationKind::ReadOnly
    } else {
        OperationKind::Mutating
    }
}

/// The kind of the operation `name` on `page`: its directive when it has a
/// valid one, else the name rule. A directive with another value, or a
/// second directive that disagrees with the first, is reported, and the
/// operation is read as mutating, the reading that never retries what may
/// have taken effect.
pub fn operation_kind(
    file: &str,
    name: &str,
    page: &Page,
    diags: &mut Vec<Diagnostic>,
) -> (OperationKind, KindSource) {
    let mut found: Option<OperationKind> = None;
    for directive in page.directives.iter().filter(|d| d.value.key == DIRECTIVE) {
        let kind = match directive.value.value.as_str() {
            "read-only" => OperationKind::ReadOnly,
            "mutating" => OperationKind::Mutating,
            other => {
                diags.push(Diagnostic::warning(
                    file,
                    directive.line,
                    format!("unknown operation kind `{other}`, read as `mutating`; expected `<!-- sdk-{DIRECTIVE}: read-only -->` or `<!-- sdk-{DIRECTIVE}: mutating -->`"),
                ));
                OperationKind::Mutating
            }
        };
        found = Some(match found {
            None => kind,
            Some(first) => {
                diags.push(Diagnostic::warning(
                    file,
                    directive.line,
                    format!(
                        "a second `sdk-{DIRECTIVE}` directive; a page has at most one{}",
                        if first == kind {
                            ""
                        } else {
                            ", and these disagree: the operation is read as mutating"
                        }
                    ),
                ));
                if first == kind {
                    first
                } else {
                    OperationKind::Mutating
                }
            }
        });
    }
    match found {
        Some(kind) => (kind, KindSource::Directive),
        None => (kind_by_name(name), KindSource::Name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::parse_page;

    #[test]
    fn the_name_rule() {
        use OperationKind::*;
        for (name, kind) in [
            ("QueryDomainList", ReadOnly),
            ("CheckDomain", ReadOnly),
            ("ListEmailVerification", ReadOnly),
            ("GetOperationOssUploadPolicy", ReadOnly),
            ("DescribeDomains", ReadOnly),
            ("LookupThing", ReadOnly),
            ("PollTaskResult", ReadOnly),
            ("Query", ReadOnly),
            ("SaveSingleTaskForCreatingOrderRenew", Mutating),
            ("AcknowledgeTaskResult", Mutating),
            ("VerifyEmail", Mutating),
            ("Getaway", Mutating),
            ("Querying", Mutating),
            ("TransferInCheckMailToken", Mutating),
            ("AddDomainRecord", Mutating),
        ] {
            assert_eq!(kind_by_name(name), kind, "{name}");
        }
    }

    #[test]
    fn a_directive_overrides_the_rule() {
        let mut diags = Vec::new();
        let page = parse_page("# VerifyContactField\n\n<!-- sdk-operation-kind: read-only -->\n");
        let kind = operation_kind("p.md", "VerifyContactField", &page, &mut diags);
        assert_eq!(kind, (OperationKind::ReadOnly, KindSource::Directive));
        let page = parse_page("# QueryThing\n\n<!-- sdk-operation-kind: mutating -->\n");
        let kind = operation_kind("p.md", "QueryThing", &page, &mut diags);
        assert_eq!(kind, (OperationKind::Mutating, KindSource::Directive));
        assert!(diags.is_empty());
    }

    #[test]
    fn a_bad_or_second_directive_is_a_warning_with_its_line_and_reads_as_mutating() {
        let mut diags = Vec::new();
        let page = parse_page(
            "# Op\n\n<!-- sdk-operation-kind: readonly -->\n<!-- sdk-operation-kind: mutating -->\n<!-- sdk-operation-kind: read-only -->\n",
        );
        let kind = operation_kind("p.md", "QueryOp", &page, &mut diags);
        assert_eq!(kind, (OperationKind::Mutating, KindSource::Directive));
        assert_eq!(diags.len(), 3);
        assert!(diags.iter().all(|d| !d.is_error()));
        assert!(diags[0]
            .to_string()
            .contains("unknown operation kind `readonly`"));
        assert!(diags[0].to_string().contains("p.md:3"));
        assert!(diags[1].to_string().contains("p.md:4"));
        assert!(diags[2].to_string().contains("p.md:5"));
        assert!(diags[2].to_string().contains("disagree"));
        // Two that disagree: mutating, whatever their order.
        let mut diags = Vec::new();
        let page = parse_page(
            "# Op\n\n<!-- sdk-operation-kind: read-only -->\n<!-- sdk-operation-kind: mutating -->\n",
        );
        let kind = operation_kind("p.md", "QueryOp", &page, &mut diags);
        assert_eq!(kind, (OperationKind::Mutating, KindSource::Directive));
        assert_eq!(diags.len(), 1);
    }
}
