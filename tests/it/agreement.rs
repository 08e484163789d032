//! Our pages in `api-docs/` against Alibaba's pages of the same operations
//! (`../shared/corpus/domain-en`, read in place): they must agree on every
//! fact (operation name; each request parameter's wire name, type, list-ness,
//! required flag and valid values; each response field's wire name, type,
//! place in the tree and list wrapper) except the differences listed below,
//! each with its reason. A difference that appears without being listed
//! fails the test, and so does a listed one that no longer appears.
//!
//! Skipped (with a message) when the shared corpus is not beside the
//! checkout; CI has it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use alibabacloud_domain_codegen::compare::{compare, outline, Outline};
use alibabacloud_domain_codegen::{self as codegen, ProductPage};

/// `(operation, place, kind of difference, why)`. The kind is what the
/// difference says before its details: `type`, `valid values`, `items`,
/// `only here`, `only there`, `required here, optional there`, …
const DIFFERENCES: &[(&str, &str, &str, &str)] = &[
    ("CheckDomain", "response Premium", "type", "Alibaba types it String; its JSON sample is the boolean false"),
    ("CheckDomain", "response Premium", "valid values", "true and false are a bool's values, not an enum's"),
    ("GetOperationOssUploadPolicy", "request AuditType", "valid values", "Alibaba's single value is prose, not a list item"),
    ("ListEmailVerification", "response Data[]", "items", "Alibaba's JSON sample and SDK models show a bare array; only its old XML sample wraps the items"),
    ("QueryContactInfo", "request ContactType", "valid values", "Alibaba names the four values in a sentence the generator cannot read"),
    ("QueryDSRecord", "response DSRecordList[]", "items", "Alibaba's XML sample wraps the items in DSRecord; the bare JSON array decodes too"),
    ("QueryDnsHost", "response DnsHostList[]", "items", "Alibaba's XML sample wraps the items in DnsHost; the bare JSON array decodes too"),
    ("QueryDomainByDomainName", "response DnsList[]", "items", "Alibaba's XML sample and SDK models wrap the servers in Dns"),
    ("QueryDomainByInstanceId", "response DnsList[]", "items", "Alibaba's XML sample and SDK models wrap the servers in Dns"),
    ("QueryOperationAuditInfoDetail", "response AuditStatus", "valid values", "Alibaba writes 1, 2, 3 and 4 on one line the generator cannot split"),
    ("QueryOperationAuditInfoDetail", "response AuditType", "valid values", "Alibaba's single value is prose, not a list item"),
    ("QueryOperationAuditInfoList", "request AuditStatus", "valid values", "Alibaba writes 1, 2, 3 and 4 on one line the generator cannot split"),
    ("QueryOperationAuditInfoList", "request AuditType", "valid values", "Alibaba's single value is prose, not a list item"),
    ("QueryOperationAuditInfoList", "response Data[].AuditStatus", "valid values", "Alibaba writes 1, 2, 3 and 4 on one line the generator cannot split"),
    ("QueryOperationAuditInfoList", "response Data[].AuditType", "valid values", "Alibaba's single value is prose, not a list item"),
    ("QueryTaskDetailHistory", "response CurrentPageCursor.TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("QueryTaskDetailHistory", "response NextPageCursor.TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("QueryTaskDetailHistory", "response Objects[].TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("QueryTaskDetailHistory", "response PrePageCursor.TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("QueryTaskDetailList", "response Data[].TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("QueryTaskInfoHistory", "response CurrentPageCursor.TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("QueryTaskInfoHistory", "response NextPageCursor.TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("QueryTaskInfoHistory", "response Objects[].TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("QueryTaskInfoHistory", "response PrePageCursor.TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("QueryTaskList", "response Data[].TaskStatusCode", "type", "every value is a number; Alibaba's SDK and its QueryTaskInfoHistory page use Integer"),
    ("QueryTaskList", "response Data[].TaskType", "valid values", "task kinds are an open set; the known codes are in the description"),
    ("SaveBatchTaskForCreatingOrderActivate", "request OrderActivateParam.N.RegistrantType", "valid values", "Alibaba names 1 and 2 in prose; listed, as on the single-domain page"),
    ("SaveSingleTaskForAddingDSRecord", "request Algorithm", "valid values", "Alibaba merges 15 and 16 into one item; IANA has 15 = Ed25519 and 16 = Ed448"),
    ("SaveSingleTaskForCreatingDnsHost", "request Ip.N", "only here", "Alibaba's table leaves it out; its sample request and SDK send a required Ip list"),
    ("SaveSingleTaskForDisassociatingEns", "request Lang", "valid values", "Alibaba's row here leaves out zh and en, which every other page lists"),
    ("SaveSingleTaskForModifyingDSRecord", "request Algorithm", "valid values", "Alibaba merges 15 and 16 into one item; IANA has 15 = Ed25519 and 16 = Ed448"),
    ("SaveSingleTaskForModifyingDnsHost", "request Ip.N", "only here", "Alibaba's sample request and SDK send Ip.N; its table says Ips"),
    ("SaveSingleTaskForModifyingDnsHost", "request Ips.N", "only there", "Alibaba's sample request and SDK send Ip.N; its table says Ips"),
    ("SubmitOperationAuditInfo", "request AuditType", "valid values", "Alibaba's single value is prose, not a list item"),
    ("SubmitOperationCredentials", "request AuditType", "valid values", "Alibaba's single value is prose, not a list item"),
];

/// The kind of a difference: its text up to `:` or `(`.
fn kind(what: &str) -> &str {
    what.split([':', '(']).next().unwrap_or(what).trim()
}

/// Every operation in `dir`, each page read alone, by operation name
/// (several pages may document one operation).
fn outlines(dir: &Path, prefix: &str) -> BTreeMap<String, Vec<(String, Outline)>> {
    let mut out: BTreeMap<String, Vec<(String, Outline)>> = BTreeMap::new();
    for page in codegen::load_dir(dir, prefix).expect("the pages are readable") {
        if page.name.ends_with("/_product.md") {
            continue;
        }
        let name = page.name.clone();
        let (api, _, _) = codegen::build_model(&[page], Some(ProductPage::placeholder()))
            .unwrap_or_else(|d| panic!("{name} does not generate:\n{d}"));
        for op in &api.operations {
            out.entry(op.name.clone())
                .or_default()
                .push((name.clone(), outline(op)));
        }
    }
    out
}

#[test]
fn our_pages_agree_with_alibabas_except_where_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let corpus = root.join("../shared/corpus/domain-en");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is not there", corpus.display());
        return;
    }
    let ours = outlines(&root.join("api-docs"), "api-docs");
    let theirs = outlines(&corpus, "domain-en");

    // One page of ours per operation Alibaba documents, and no other.
    let our_names: BTreeSet<&String> = ours.keys().collect();
    let their_names: BTreeSet<&String> = theirs.keys().collect();
    assert_eq!(
        our_names, their_names,
        "api-docs/ and Alibaba's reference document different operations"
    );
    assert_eq!(ours.len(), 71);

    let mut unexpected = Vec::new();
    let mut seen: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    for (name, pages) in &ours {
        let [(our_page, our)] = pages.as_slice() else {
            panic!("{name} is documented by several pages of ours: {pages:?}");
        };
        for (their_page, their) in &theirs[name] {
            for d in compare(our, their) {
                let listed = DIFFERENCES.iter().find(|(op, place, k, _)| {
                    op == name && *place == d.place && *k == kind(&d.what)
                });
                match listed {
                    Some((op, place, k, _)) => {
                        seen.insert((op, place, k));
                    }
                    None => unexpected.push(format!("{our_page} vs {their_page}: {d}")),
                }
            }
        }
    }
    let stale: Vec<String> = DIFFERENCES
        .iter()
        .filter(|(op, place, k, _)| !seen.contains(&(*op, *place, *k)))
        .map(|(op, place, k, why)| format!("{op}: {place}: {k} ({why})"))
        .collect();
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "differences between api-docs/ and Alibaba's pages that are not listed in DIFFERENCES:\n  {}\nlisted differences that no longer occur:\n  {}",
        unexpected.join("\n  "),
        stale.join("\n  ")
    );
}

#[test]
fn difference_kinds() {
    assert_eq!(kind("type: Integer here, String there"), "type");
    assert_eq!(kind("valid values: [1] here, [] there"), "valid values");
    assert_eq!(kind("only here (List<String>)"), "only here");
    assert_eq!(kind("only there (String)"), "only there");
    assert_eq!(kind("items: bare here, wrapped in `X` there"), "items");
}
