//! What two pages of the same operation say differently, fact by fact.
//!
//! An operation's facts are flattened into an [`Outline`]: one entry per
//! request parameter and per response field, keyed by its place on the wire
//! (`request Contact.N.Email`, `response Data.Domain[].DomainName`), with its
//! type, whether it is required and its valid values. Descriptions are not
//! facts here: they are ours to write. [`compare`] lists every entry the two
//! outlines disagree on, so that a page we write can be checked against
//! Alibaba's page of the same operation (`cargo xtask compare`, and the
//! agreement test in `tests/`).

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{Field, Operation, Parameter, Type};
use crate::schema::type_name;

/// The facts of one parameter or field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// `String`, `Integer`, `Long`, `Boolean`, `Float`, `Struct`,
    /// `List<String>`, `List<Struct>`, …
    pub ty: String,
    /// Whether the parameter is required (always `false` for fields).
    pub required: bool,
    /// The valid values, sorted (none for booleans: `true` and `false` say
    /// nothing a `bool` does not).
    pub values: Vec<String>,
    /// For a list wrapped in an object, the key of the wrapper's items
    /// (`Domain` in `"Data": {"Domain": [...]}`).
    pub item: Option<String>,
}

/// An operation's facts by place: `request Name`, `request Name.N`,
/// `request Name.N.Field`, `response A.B[].C` (`B[]` is a list, whether or
/// not it is wrapped: the wrapper is a fact of `B[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The operation name.
    pub name: String,
    /// Entries sorted by place.
    pub entries: BTreeMap<String, Fact>,
}

/// One disagreement between two outlines.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// The place, e.g. `response Data.Domain[].DomainName`, or `name`.
    pub place: String,
    /// What differs, e.g. `type: Integer here, String there`.
    pub what: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.what)
    }
}

fn sorted_values(ty: &Type, values: &[crate::model::AllowedValue]) -> Vec<String> {
    if matches!(ty, Type::Scalar(crate::model::Scalar::Boolean)) {
        return Vec::new();
    }
    let mut v: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
    v.sort();
    v.dedup();
    v
}

/// The outline of an operation.
pub fn outline(op: &Operation) -> Outline {
    let mut entries = BTreeMap::new();
    for p in &op.request {
        request_entries(p, "request ", &mut entries);
    }
    for f in &op.response {
        response_entries(f, "response ", &mut entries);
    }
    Outline {
        name: op.name.clone(),
        entries,
    }
}

fn request_entries(p: &Parameter, prefix: &str, out: &mut BTreeMap<String, Fact>) {
    let list = matches!(p.ty, Type::ScalarList(_) | Type::StructList | Type::AnyList);
    let place = format!("{prefix}{}{}", p.wire_name, if list { ".N" } else { "" });
    out.insert(
        place.clone(),
        Fact {
            ty: type_name(&p.ty),
            required: p.required,
            values: sorted_values(&p.ty, &p.allowed_values),
            item: None,
        },
    );
    for field in &p.fields {
        request_entries(field, &format!("{place}."), out);
    }
}

fn response_entries(f: &Field, prefix: &str, out: &mut BTreeMap<String, Fact>) {
    let segment = if f.ty.is_list() {
        format!("{}[]", f.wire_name)
    } else {
        f.wire_name.clone()
    };
    let place = format!("{prefix}{segment}");
    out.insert(
        place.clone(),
        Fact {
            ty: type_name(&f.ty),
            required: false,
            values: sorted_values(&f.ty, &f.allowed_values),
            item: f.item_name.clone().filter(|_| f.ty.is_list()),
        },
    );
    for child in &f.fields {
        response_entries(child, &format!("{place}."), out);
    }
}

/// Every fact on which `ours` and `theirs` disagree, sorted by place.
/// "here" is `ours`, "there" is `theirs`.
pub fn compare(ours: &Outline, theirs: &Outline) -> Vec<Difference> {
    let mut out = Vec::new();
    if ours.name != theirs.name {
        out.push(Difference {
            place: "name".into(),
            what: format!("`{}` here, `{}` there", ours.name, theirs.name),
        });
    }
    for (place, fact) in &ours.entries {
        let Some(other) = theirs.entries.get(place) else {
            out.push(Difference {
                place: place.clone(),
                what: format!("only here ({})", fact.ty),
            });
            continue;
        };
        if fact.ty != other.ty {
            out.push(Difference {
                place: place.clone(),
                what: format!("type: {} here, {} there", fact.ty, other.ty),
            });
        }
        if fact.required != other.required {
            let word = |r: bool| if r { "required" } else { "optional" };
            out.push(Difference {
                place: place.clone(),
                what: format!(
                    "{} here, {} there",
                    word(fact.required),
                    word(other.required)
                ),
            });
        }
        if fact.item != other.item {
            let show = |i: &Option<String>| match i {
                Some(i) => format!("wrapped in `{i}`"),
                None => "bare".to_string(),
            };
            out.push(Difference {
                place: place.clone(),
                what: format!(
                    "items: {} here, {} there",
                    show(&fact.item),
                    show(&other.item)
                ),
            });
        }
        if fact.values != other.values {
            out.push(Difference {
                place: place.clone(),
                what: format!(
                    "valid values: [{}] here, [{}] there",
                    fact.values.join(", "),
                    other.values.join(", ")
                ),
            });
        }
    }
    for (place, fact) in &theirs.entries {
        if !ours.entries.contains_key(place) {
            out.push(Difference {
                place: place.clone(),
                what: format!("only there ({})", fact.ty),
            });
        }
    }
    out.sort();
    out
}

impl fmt::Display for Outline {
    /// One line per entry: `place: Type[, required][, values [..]]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "operation {}", self.name)?;
        for (place, fact) in &self.entries {
            write!(f, "{place}: {}", fact.ty)?;
            if let Some(item) = &fact.item {
                write!(f, ", items wrapped in `{item}`")?;
            }
            if fact.required {
                write!(f, ", required")?;
            }
            if !fact.values.is_empty() {
                write!(f, ", values [{}]", fact.values.join(", "))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{build_model, ProductPage, SourceFile};

    fn op(text: &str) -> Operation {
        let files = [SourceFile {
            name: "p.md".into(),
            text: text.into(),
        }];
        let (api, _, _) =
            build_model(&files, Some(ProductPage::placeholder())).expect("the page parses");
        api.operations.into_iter().next().expect("one operation")
    }

    const A: &str = "# QueryThings\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|--|--|--|--|--|\n|Name|String|Yes|a|The name.|\n|Tag.N.Key|String|No|k|A key.|\n|Mode|Integer|No|1|Valid values: 1, 2|\n\n## Response parameters\n\n|Parameter|Type|Example|Description|\n|--|--|--|--|\n|RequestId|String|r|Id.|\n|Data|Array of Thing| |Things.|\n|└Id|Long|1|Its id.|\n";

    #[test]
    fn the_outline_names_places_and_types() {
        let o = outline(&op(A));
        let text = o.to_string();
        assert!(text.contains("request Name: String, required\n"), "{text}");
        assert!(text.contains("request Tag.N: List<Struct>\n"), "{text}");
        assert!(text.contains("request Tag.N.Key: String\n"), "{text}");
        assert!(
            text.contains("request Mode: Integer, values [1, 2]\n"),
            "{text}"
        );
        assert!(
            text.contains("response Data[]: List<Struct>, items wrapped in `Thing`\n"),
            "{text}"
        );
        assert!(text.contains("response Data[].Id: Long\n"), "{text}");
    }

    #[test]
    fn a_page_agrees_with_itself() {
        assert!(compare(&outline(&op(A)), &outline(&op(A))).is_empty());
    }

    #[test]
    fn every_kind_of_difference_is_reported() {
        let b = A
            .replace("|Name|String|Yes|", "|Name|String|No|")
            .replace("|└Id|Long|", "|└Id|String|")
            .replace("Valid values: 1, 2", "Valid values: 1, 3")
            .replace("|Tag.N.Key|String|No|k|A key.|\n", "")
            .replace("|Data|Array of Thing|", "|Data|Array|");
        let diffs: Vec<String> = compare(&outline(&op(A)), &outline(&op(&b)))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            diffs,
            [
                "request Mode: valid values: [1, 2] here, [1, 3] there",
                "request Name: required here, optional there",
                "request Tag.N: only here (List<Struct>)",
                "request Tag.N.Key: only here (String)",
                "response Data[]: items: wrapped in `Thing` here, bare there",
                "response Data[].Id: type: Long here, String there",
            ]
        );
    }
}
