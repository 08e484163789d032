//! Alibaba's own `QueryDomainList` page (`../shared/corpus/domain-en`, read in
//! place) against the crate: the generator places the item fields inside
//! `Data.Domain[]` as the page's JSON sample shows, and the crate decodes that
//! sample with the names in the items. (The page's XML sample closes
//! `<InstanceId>` with `</SaleId>`; the generator reports it as invalid.)
//!
//! The crate is generated from our page in `api-docs/`; `agreement` checks
//! that it documents the same shape as Alibaba's, and this test checks the
//! shape itself on Alibaba's words and samples.

use std::path::Path;

use alibabacloud_domain::operation::query_domain_list::QueryDomainListOutput;
use alibabacloud_domain_codegen::model::{Field, Operation, SampleFormat};
use alibabacloud_domain_codegen::{self as codegen, ProductPage};
use alibabacloud_runtime::unstable::decode::from_json;
use serde_json::Value;

/// Alibaba's page, read and modelled alone; `None` when the corpus is absent.
fn alibabas_page() -> Option<Operation> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let corpus = root.join("../shared/corpus/domain-en");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is not there", corpus.display());
        return None;
    }
    let page = codegen::load_dir(&corpus, "domain-en")
        .expect("the corpus is readable")
        .into_iter()
        .find(|p| p.name.ends_with("/QueryDomainList.md"))
        .expect("the corpus has QueryDomainList.md");
    let (api, _, _) = codegen::build_model(&[page], Some(ProductPage::placeholder()))
        .unwrap_or_else(|d| panic!("QueryDomainList.md does not generate:\n{d}"));
    api.operations.into_iter().next()
}

fn names(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.wire_name.as_str()).collect()
}

fn sample(op: &Operation, format: SampleFormat) -> &str {
    &op.samples
        .iter()
        .find(|s| s.format == format && s.invalid.is_none())
        .expect("the page has a valid sample of this format")
        .text
}

#[test]
fn the_item_fields_are_placed_in_the_items() {
    let Some(op) = alibabas_page() else { return };
    let top = names(&op.response);
    let data = op
        .response
        .iter()
        .find(|f| f.wire_name == "Data")
        .expect("a Data field");
    assert_eq!(data.item_name.as_deref(), Some("Domain"), "{data:#?}");
    let item = names(&data.fields);
    for name in [
        "DomainName",
        "InstanceId",
        "ExpirationDate",
        "RegistrationDate",
        "DomainType",
        "DomainStatus",
        "DomainAuditStatus",
        "DomainGroupId",
        "Remark",
    ] {
        assert!(item.contains(&name), "{name} is not in the items: {item:?}");
        assert!(!top.contains(&name), "{name} is at the top level: {top:?}");
    }
    for name in ["TotalItemNum", "CurrentPageNum", "PageSize", "NextPage"] {
        assert!(
            top.contains(&name),
            "{name} is not at the top level: {top:?}"
        );
    }
}

#[test]
fn the_json_sample_decodes_with_names_in_the_items() {
    let Some(op) = alibabas_page() else { return };
    let text = sample(&op, SampleFormat::Json);
    let raw: Value = serde_json::from_str(text).expect("the sample is JSON");
    let first = &raw["Data"]["Domain"][0];

    let out: QueryDomainListOutput = from_json(text.as_bytes()).expect("the sample decodes");
    assert_eq!(out.data.len(), 1);
    let domain = &out.data[0];
    assert_eq!(domain.domain_name.as_deref(), first["DomainName"].as_str());
    assert!(domain.domain_name.is_some(), "{domain:?}");
    assert_eq!(domain.instance_id.as_deref(), first["InstanceId"].as_str());
    assert_eq!(
        domain.expiration_date.as_deref(),
        first["ExpirationDate"].as_str()
    );
    assert_eq!(
        domain.registration_date.as_deref(),
        first["RegistrationDate"].as_str()
    );
    assert_eq!(domain.domain_type.as_deref(), first["DomainType"].as_str());
    assert_eq!(
        out.total_item_num,
        raw["TotalItemNum"].as_i64().map(|n| n as i32)
    );
}
