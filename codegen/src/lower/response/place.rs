//! Steps 2 to 4: where each table row goes.
//!
//! 2. Each row is attached to the sample node of the same name
//!    ([`attach`]); where the name occurs at several places, the table's
//!    own structure and the row order pick one.
//! 3. A row attached to a node goes under the row attached to the nearest
//!    enclosing node ([`sample_parent`]); enclosing nodes no row describes
//!    become fields of their own, with a warning, unless they are the
//!    wrapper of a list (`Data` → `Domain[]`).
//! 4. A row no sample shows goes where the table puts it: under its `└`
//!    parent or named type, between two rows that share a parent, or into
//!    the flat run after a container row (`Array of X` then a bare `X`
//!    row); where that run ends is unknown, the alphabetical order of the
//!    rows decides, with a warning ([`table_parents`]).

use std::cmp::Reverse;
use std::collections::BTreeSet;

use super::rows::Row;
use super::shape::ShapeTree;

/// Where a field goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Parent {
    /// The response object itself.
    Root,
    /// Under the field of this row.
    Row(usize),
    /// Under a field added for this sample node, which no row describes.
    Node(usize),
}

/// Every row's parent, and the sample nodes that become fields of their own.
#[derive(Debug, Clone)]
pub(super) struct Placement {
    /// The sample node each row is attached to.
    pub node: Vec<Option<usize>>,
    /// Each row's parent (markers: their list row).
    pub parent: Vec<Parent>,
    /// Sample nodes no row describes that enclose described ones, with
    /// their own parent, outermost first.
    pub added: Vec<(usize, Parent)>,
    /// Rows placed by the alphabetical guess.
    pub guessed: Vec<usize>,
    /// Where the guess ends a container's run though the run's alphabet
    /// goes on: (container, first row beside it, the row shown after them).
    pub run_ends: Vec<(usize, usize, usize)>,
    /// Where a sample drops a list's wrapper: the list row the table has
    /// and the sample node of its items, which the sample shows where the
    /// table has the list (`BatchResultDetail` for `BatchResultDetails`).
    /// The table is followed: the node's rows go into the list.
    pub dropped: Vec<(usize, usize)>,
}

/// Step 2: attaches rows to sample nodes.
///
/// Rows compete for nodes only when they share a name (a `Code` field in
/// each of three lists): the best-fitting (row, node) pair is attached
/// first, again and again, so that each node goes to the row whose table
/// position fits it best, and a row whose own place the samples do not show
/// is left to the table (step 4) instead of taking a namesake's node.
pub(super) fn attach(rows: &[Row], tree: &ShapeTree) -> Vec<Option<usize>> {
    let mut node: Vec<Option<usize>> = vec![None; rows.len()];
    let mut taken = BTreeSet::new();
    let candidates: Vec<Vec<usize>> = rows
        .iter()
        .map(|r| {
            if r.marker_for.is_some() {
                Vec::new()
            } else {
                tree.find(&r.raw.name)
            }
        })
        .collect();
    // Rows whose name no other row has compete with nobody: attach them
    // first, so that the containers are known when namesakes are scored.
    let shared = |i: usize| {
        rows.iter().enumerate().any(|(j, r)| {
            j != i && r.marker_for.is_none() && r.raw.name.eq_ignore_ascii_case(&rows[i].raw.name)
        })
    };
    for i in 0..rows.len() {
        if shared(i) {
            continue;
        }
        let best = candidates[i]
            .iter()
            .copied()
            .filter(|c| !taken.contains(c))
            .enumerate()
            .max_by_key(|(k, c)| (score(rows, &node, tree, i, *c), Reverse(*k)))
            .map(|(_, c)| c);
        if let Some(c) = best {
            node[i] = Some(c);
            taken.insert(c);
        }
    }
    loop {
        // (score, fewer candidates, earlier row, shallower node) wins.
        let mut best: Option<(Rank, usize, usize)> = None;
        for i in 0..rows.len() {
            if node[i].is_some() {
                continue;
            }
            let free: Vec<usize> = candidates[i]
                .iter()
                .copied()
                .filter(|c| !taken.contains(c))
                .collect();
            for (k, &c) in free.iter().enumerate() {
                let key = (
                    score(rows, &node, tree, i, c),
                    Reverse(free.len()),
                    Reverse(i),
                    Reverse(k),
                );
                if best.as_ref().is_none_or(|(b, _, _)| key > *b) {
                    best = Some((key, i, c));
                }
            }
        }
        let Some((_, i, c)) = best else { break };
        node[i] = Some(c);
        taken.insert(c);
    }
    // A bare `X` row after `Array of X` names the list's wrapper key.
    for i in 0..rows.len() {
        if let Some(list) = rows[i].marker_for {
            if let Some(n) = node[list].and_then(|l| tree.child(l, &rows[i].raw.name)) {
                if taken.insert(n) {
                    node[i] = Some(n);
                }
            }
        }
    }
    node
}

/// How a (row, node) pair ranks: score, then fewer candidates, then the
/// earlier row, then the shallower node.
type Rank = (u32, Reverse<usize>, Reverse<usize>, Reverse<usize>);

/// How well node `c` fits row `i`, given the rows attached so far.
fn score(rows: &[Row], node: &[Option<usize>], tree: &ShapeTree, i: usize, c: usize) -> u32 {
    let mut s = 0;
    // Inside the node of the row's `└` parent or named type.
    if let Some(p) = rows[i].table_parent {
        if let Some(np) = node[p] {
            if tree.encloses(np, c) {
                s += 8;
            }
        }
    } else if let Some(p) = node_of_enclosing_run(rows, node, i) {
        // Right after a container row: inside it.
        if tree.encloses(p, c) {
            s += 4;
        }
    }
    // Beside the previous row of the same table level.
    if let Some(prev) = (0..i)
        .rev()
        .find(|&j| rows[j].marker_for.is_none() && rows[j].table_parent == rows[i].table_parent)
    {
        if let Some(np) = node[prev] {
            if tree.nodes[np].parent == tree.nodes[c].parent {
                s += 2;
            }
        }
    }
    s
}

/// The node of the container row directly before row `i` (or before the
/// bare row naming its items), when there is one.
fn node_of_enclosing_run(rows: &[Row], node: &[Option<usize>], i: usize) -> Option<usize> {
    let mut j = i.checked_sub(1)?;
    if let Some(list) = rows[j].marker_for {
        j = list;
    }
    (rows[j].table_parent == rows[i].table_parent && rows[j].opens_run()).then_some(node[j]?)
}

/// Whether `item` names the items of a list called `list`: `Record` of
/// `Records`, `Box` of `Boxes`, `Policy` of `Policies`, `Domain` of
/// `DomainList` (ASCII case ignored).
pub(super) fn names_items_of(list: &str, item: &str) -> bool {
    let (l, i) = (list.to_ascii_lowercase(), item.to_ascii_lowercase());
    if i.is_empty() || l == i {
        return false;
    }
    // `Status`, `Address`, `Basis` are not plurals.
    let plural_s = !["ss", "us", "is", "os"].iter().any(|end| l.ends_with(end));
    ["s", "es", "list", "set", "array"]
        .iter()
        .filter(|end| plural_s || !end.ends_with('s'))
        .any(|end| l.strip_suffix(end) == Some(i.as_str()))
        || i.strip_suffix('y')
            .is_some_and(|stem| l.strip_suffix("ies") == Some(stem))
}

/// Step 2b: list rows whose wrapper a sample drops. A list row no sample
/// shows, whose place (the top, or the node of its table parent) holds in
/// the samples an object no row describes, named like the list's items and
/// holding rows of the page: the sample has left out the list's key (and
/// made one item an object). The table's structure is followed.
fn dropped_wrappers(rows: &[Row], node: &[Option<usize>], tree: &ShapeTree) -> Vec<(usize, usize)> {
    let described = |n: usize| node.contains(&Some(n));
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        if row.marker_for.is_some()
            || node[r].is_some()
            || !row.may_wrap_items()
            || !row.opens_run()
        {
            continue;
        }
        let place = match row.table_parent {
            None => 0,
            Some(p) => match node[p] {
                Some(n) => n,
                None => continue,
            },
        };
        let item_names: Vec<&str> = match &row.cell {
            super::super::rows::TypeCell::ArrayOf(x) => vec![x.as_str()],
            _ => Vec::new(),
        };
        let found = tree.nodes[place].children.iter().copied().find(|&k| {
            let key = &tree.nodes[k].key;
            tree.nodes[k].object
                && !described(k)
                && !out.iter().any(|&(_, d)| d == k)
                && (names_items_of(&row.raw.name, key)
                    || item_names.iter().any(|x| x.eq_ignore_ascii_case(key)))
                && node.iter().flatten().any(|&n| tree.encloses(k, n))
        });
        if let Some(k) = found {
            out.push((r, k));
        }
    }
    out
}

/// Step 3: the parent a row's sample node gives it, and the enclosing nodes
/// that no row describes (innermost first). The key that only wraps a
/// list's items (`Domain` in `"Data": {"Domain": [...]}`) is no field.
pub(super) fn sample_parent(
    tree: &ShapeTree,
    rows: &[Row],
    row_of_node: &[Option<usize>],
    at: usize,
) -> (Parent, Vec<usize>) {
    let mut skipped = Vec::new();
    let mut cur = tree.nodes[at].parent;
    let found = loop {
        match cur {
            None | Some(0) => break None,
            Some(n) => {
                if let Some(r) = row_of_node[n] {
                    break Some((n, r));
                }
                skipped.push(n);
                cur = tree.nodes[n].parent;
            }
        }
    };
    // Drop the wrappers: a list node that is the only key of the node
    // around it (for the outermost, of the found row's node, when the row
    // is a list or the node shows one).
    let mut kept = Vec::new();
    for (k, &s) in skipped.iter().enumerate() {
        let outer = skipped.get(k + 1).copied().or(found.map(|(n, _)| n));
        let is_wrapper = outer.is_some_and(|o| {
            let listy = tree.nodes[s].list
                || match (skipped.get(k + 1), found) {
                    (None, Some((_, r))) => rows[r].may_wrap_items(),
                    _ => false,
                };
            listy && tree.wrapped(o) == Some(s)
        });
        if !is_wrapper {
            kept.push(s);
        }
    }
    match found {
        Some((_, r)) => (Parent::Row(r), kept),
        None => (Parent::Root, kept),
    }
}

/// Whether a container row's node (if any) can hold item rows: its
/// samples do not show scalars alone inside it (an empty list or object
/// tells nothing, and holds whatever the table says).
fn holds_objects(tree: Option<&ShapeTree>, node: Option<usize>) -> bool {
    let (Some(tree), Some(n)) = (tree, node) else {
        return true;
    };
    let items = &tree.nodes[tree.wrapped(n).unwrap_or(n)];
    items.object || items.values.is_empty()
}

/// Whether a row no sample shows may hold the flat rows after it, as far as
/// its cells tell: a row with a type does (`Array of X`, `Struct`, `N/A`);
/// an untyped row does only when its example cell is empty or holds JSON
/// objects, and its name or description says list or object
/// (`RecordLines`, `结构`). An untyped `Note` with the example `dim`, or a
/// `Remark` about free text, is a value, and the row after it is not its
/// field.
fn untyped_may_hold_rows(row: &Row) -> bool {
    if !matches!(row.cell, super::super::rows::TypeCell::Empty) {
        return true;
    }
    let example = row.raw.example.as_deref().map_or("", str::trim);
    if !example.is_empty() {
        return match super::shape::json_in_string(example) {
            Some(serde_json::Value::Object(_)) => true,
            Some(serde_json::Value::Array(items)) => items.iter().any(serde_json::Value::is_object),
            _ => false,
        };
    }
    super::types::sounds_like_a_list(&row.raw.name, &row.raw.description)
        || super::types::describes_an_object(&row.raw.description)
}

/// Steps 3 and 4 for every row.
pub(super) fn place(rows: &[Row], tree: Option<&ShapeTree>) -> Placement {
    let node = match tree {
        Some(t) => attach(rows, t),
        None => vec![None; rows.len()],
    };
    let mut parent = vec![Parent::Root; rows.len()];
    let mut known = vec![false; rows.len()];
    let mut added: Vec<(usize, Parent)> = Vec::new();
    let dropped = match tree {
        Some(t) => dropped_wrappers(rows, &node, t),
        None => Vec::new(),
    };

    // Rows shown by a sample.
    if let Some(tree) = tree {
        let mut row_of_node: Vec<Option<usize>> = vec![None; tree.nodes.len()];
        for (i, n) in node.iter().enumerate() {
            if let Some(n) = n {
                // A marker's node stands for its list row.
                row_of_node[*n] = Some(rows[i].marker_for.unwrap_or(i));
            }
        }
        // The items a sample shows without their list stand for the list.
        for &(r, k) in &dropped {
            row_of_node[k] = Some(r);
        }
        for i in 0..rows.len() {
            if rows[i].marker_for.is_some() {
                continue;
            }
            let Some(n) = node[i] else { continue };
            let (p, skipped) = sample_parent(tree, rows, &row_of_node, n);
            // Enclosing nodes without a row become fields, outermost first.
            let mut outer = p;
            for &s in skipped.iter().rev() {
                if !added.iter().any(|(a, _)| *a == s) {
                    added.push((s, outer));
                }
                outer = Parent::Node(s);
            }
            parent[i] = outer;
            known[i] = true;
        }
        // The list itself is where the sample shows its items.
        for &(r, _) in &dropped {
            parent[r] = rows[r].table_parent.map_or(Parent::Root, Parent::Row);
            known[r] = true;
        }
    }

    // Rows the samples do not show: the table's structure.
    for i in 0..rows.len() {
        if let Some(list) = rows[i].marker_for {
            parent[i] = Parent::Row(list);
            known[i] = true;
        } else if !known[i] {
            if let Some(p) = rows[i].table_parent {
                parent[i] = Parent::Row(p);
                known[i] = true;
            }
        }
    }
    let opens: Vec<bool> = (0..rows.len())
        .map(|i| {
            rows[i].opens_run()
                && !rows.iter().any(|r| r.table_parent == Some(i))
                && holds_objects(tree, node[i])
                && (node[i].is_some() || untyped_may_hold_rows(&rows[i]))
        })
        .collect();
    let top: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].table_parent.is_none() && rows[i].marker_for.is_none())
        .collect();
    let mut guessed = Vec::new();
    let mut run_ends = Vec::new();
    for (k, &u) in top.iter().enumerate() {
        if known[u] {
            continue;
        }
        let before = top[..k].iter().rev().copied().find(|&j| known[j]);
        let after = top[k + 1..].iter().copied().find(|&j| known[j]);
        // The container whose flat run this row may belong to: the nearest
        // container row before it, with no row between them placed outside it.
        let run = top[..k]
            .iter()
            .rev()
            .copied()
            .find(|&j| opens[j])
            .filter(|&l| {
                top[..k]
                    .iter()
                    .filter(|&&j| j > l && known[j])
                    .all(|&j| within(&parent, j, l))
            });
        let inside = |j: usize, l: usize| within(&parent, j, l);
        parent[u] = match (run, before, after) {
            // Between two rows that share a parent, with no container
            // opening in between: that parent.
            (run, Some(b), Some(a)) if parent[b] == parent[a] && run.is_none_or(|l| l < b) => {
                parent[b]
            }
            // Before a row shown inside the container: inside too.
            (Some(l), _, Some(a)) if inside(a, l) => Parent::Row(l),
            // Where the container's run ends is unknown: the rows of a run
            // are in alphabetical order (the pages sort them), so the run
            // goes on while the names do.
            (Some(l), _, after) => {
                let previous = top[k - 1];
                let name = |i: usize| rows[i].raw.name.to_ascii_lowercase();
                let continues = previous == l || inside(previous, l) && name(u) >= name(previous);
                // Rows both alphabets can take: the run's, which started
                // over below the container's name (`RecordLines`, then
                // `FatherCode` … `LineName`) and never reached it, and the
                // outer one, which goes on from the container to the next
                // row shown outside it (`RegionLines`, `Remark`, then
                // `RequestId`). When this row and every row up to that one
                // fit between the two names, the run ends here: where the
                // container's own name would sort it.
                let run_rows: Vec<usize> = top[..k]
                    .iter()
                    .copied()
                    .filter(|&j| j > l && inside(j, l))
                    .collect();
                let outer_takes = || {
                    let Some(a) = after.filter(|&a| parent[a] == parent[l]) else {
                        return false;
                    };
                    !run_rows.is_empty()
                        && run_rows.iter().all(|&j| name(j) < name(l))
                        && top[k..]
                            .iter()
                            .take_while(|&&j| j != a)
                            .all(|&j| name(j) > name(l) && name(j) <= name(a))
                };
                let outer = continues && outer_takes();
                if outer {
                    run_ends.push((l, u, after.unwrap_or(u)));
                }
                if continues && !outer {
                    guessed.push(u);
                    Parent::Row(l)
                } else if inside(previous, l) {
                    parent[l]
                } else {
                    parent[previous]
                }
            }
            (None, Some(b), _) => parent[b],
            (None, None, Some(a)) => parent[a],
            (None, None, None) => Parent::Root,
        };
        known[u] = true;
    }
    Placement {
        node,
        parent,
        added,
        guessed,
        run_ends,
        dropped,
    }
}

/// Whether row `j` ends up inside row `l` (directly or deeper).
fn within(parent: &[Parent], j: usize, l: usize) -> bool {
    let mut cur = parent[j];
    for _ in 0..parent.len() {
        match cur {
            Parent::Row(p) if p == l => return true,
            Parent::Row(p) => cur = parent[p],
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostic;
    use crate::lower::lower_operation;
    use crate::model::Field;
    use crate::page::parse_page;

    /// A page whose response table is `rows` and whose JSON sample is
    /// `sample`.
    fn page(rows: &str, sample: &str) -> String {
        format!(
            "# DescribeGadgetOwner\n\nDescribeGadgetOwner: reads who owns a gadget.\n\n\
             ## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n\
             |GadgetId|String|Yes|g-1|The gadget.|\n\n\
             ## Response parameters\n\n|Parameter|Type|Example|Description|\n|---|---|---|---|\n{rows}\n\
             ## Sample response\n\n```\n{sample}\n```\n"
        )
    }

    /// The response fields as paths (`Owner.Name`), in order, and the
    /// diagnostics.
    fn fields(text: &str) -> (Vec<String>, Vec<Diagnostic>) {
        fn walk(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
            for f in fields {
                let path = format!("{prefix}{}", f.wire_name);
                out.push(path.clone());
                walk(&f.fields, &format!("{path}."), out);
            }
        }
        let mut diags = Vec::new();
        let op = lower_operation("p.md", &parse_page(text), &mut diags)
            .unwrap_or_else(|| panic!("the page lowers: {diags:?}"));
        let mut out = Vec::new();
        walk(&op.response, "", &mut out);
        (out, diags)
    }

    #[test]
    fn a_row_no_sample_shows_goes_beside_the_known_row_before_it() {
        // The sample puts `Name` inside `Owner`, which the table does not
        // list; `Since` follows `Name` in the table and no sample shows it:
        // it belongs to `Owner` as well, whatever follows it.
        let rows = "|RequestId|String|R-1|Identifies the request.|\n\
                    |Name|String|ops|The owner's name.|\n\
                    |Since|Long|1700000000000|Since when, in milliseconds.|\n";
        let sample = r#"{"RequestId": "R-1", "Owner": {"Name": "ops"}}"#;
        let (paths, diags) = fields(&page(rows, sample));
        assert_eq!(
            paths,
            ["RequestId", "Owner", "Owner.Name", "Owner.Since"],
            "{diags:?}"
        );
        // A top-level row after it, shown at the top, does not pull it out.
        let rows = format!("{rows}|TotalCount|Integer|1|How many owners.|\n");
        let sample = r#"{"RequestId": "R-1", "Owner": {"Name": "ops"}, "TotalCount": 1}"#;
        let (paths, diags) = fields(&page(&rows, sample));
        assert_eq!(
            paths,
            [
                "RequestId",
                "Owner",
                "Owner.Name",
                "Owner.Since",
                "TotalCount"
            ],
            "{diags:?}"
        );
        assert!(
            diags.iter().any(|d| d
                .message
                .contains("inside `Owner`, which the table does not list")),
            "{diags:?}"
        );
    }

    /// The response paths of a page whose response table is `rows` and
    /// whose sample holds only `RequestId` (and `shown`, a JSON object's
    /// inner text).
    fn placed(rows: &str, shown: &str) -> Vec<String> {
        let sample = format!(r#"{{"RequestId": "R-1"{shown}}}"#);
        let (paths, diags) = fields(&page(rows, &sample));
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        paths
    }

    #[test]
    fn rows_after_a_run_that_restarted_below_its_container_go_on_outside() {
        // `Lanes` has no sample; its fields start over (`Colour` … `Kind`,
        // all before `Lanes`); `Length` and `Location` fit both alphabets,
        // and lie between `Lanes` and `RequestId`, shown at the top.
        let rows = "|Address|String|x|Where.|\n|Lanes| | |The lanes.|\n\
                    |Colour|String|red|Its colour.|\n|Direction|String|n|Its direction.|\n\
                    |Kind|String|bus|Its kind.|\n|Length|Integer|3|Length of the road.|\n\
                    |Location|String|x|Where the road is.|\n|RequestId|String|R-1|Request.|\n";
        assert_eq!(
            placed(rows, ""),
            [
                "Address",
                "Lanes",
                "Lanes.Colour",
                "Lanes.Direction",
                "Lanes.Kind",
                "Length",
                "Location",
                "RequestId"
            ]
        );
        // A run that already passed its container's name (`Speed` after
        // `Lanes`, shown inside) keeps the next row (`Type`), though it
        // would fit before `Zone`.
        let rows = "|RequestId|String|R-1|Request.|\n|Lanes| | |The lanes.|\n\
                    |Colour|String|red|Its colour.|\n|Speed|Integer|3|Its speed.|\n\
                    |Type|String|bus|Its type.|\n|Zone|String|z|The zone.|\n";
        assert_eq!(
            placed(rows, r#", "Lanes": {"Lane": [{"Speed": 3}]}, "Zone": "z""#),
            [
                "RequestId",
                "Lanes",
                "Lanes.Colour",
                "Lanes.Speed",
                "Lanes.Type",
                "Zone"
            ]
        );
        // A run that goes on past the next row shown outside
        // (`UpdateTime` after `NextCursor`'s name) is the container's
        // whole: its rows that sort after the container stay in it.
        let rows = "|Cursor|Struct| |Where the page starts.|\n\
                    |CreateTime|String|t|Created.|\n|DomainName|String|a.com|The domain.|\n\
                    |UpdateTime|String|t|Updated.|\n|NextCursor|Struct| |The next page.|\n\
                    |RequestId|String|R-1|Request.|\n";
        assert_eq!(
            placed(rows, r#", "Cursor": {}, "NextCursor": {}"#),
            [
                "Cursor",
                "Cursor.CreateTime",
                "Cursor.DomainName",
                "Cursor.UpdateTime",
                "NextCursor",
                "RequestId"
            ]
        );
    }

    #[test]
    fn a_sample_that_drops_a_lists_wrapper_is_overruled_by_the_table() {
        // The table has the list `Parcels`; the sample shows one `Parcel`
        // object at the top, holding fields of the list's items.
        let rows = "|Parcels| | |The parcels.|\n|Carrier|String|post|Who carries it.|\n\
                    |Status|Boolean|true|Whether it arrived.|\n|Weight|Long|3|Grams.|\n\
                    |PageNumber|Integer|1|Page.|\n|RequestId|String|R-1|Request.|\n";
        let text = page(
            rows,
            r#"{"RequestId": "R-1", "Parcel": {"Status": true, "Carrier": "post"}}"#,
        );
        let mut diags = Vec::new();
        let op = lower_operation("p.md", &parse_page(&text), &mut diags).expect("lowers");
        let parcels = &op.response[0];
        assert_eq!(parcels.wire_name, "Parcels");
        assert_eq!(parcels.ty, crate::model::Type::StructList);
        assert_eq!(parcels.item_name.as_deref(), Some("Parcel"));
        let inside: Vec<&str> = parcels
            .fields
            .iter()
            .map(|f| f.wire_name.as_str())
            .collect();
        assert_eq!(inside, ["Carrier", "Status", "Weight"]);
        let top: Vec<&str> = op.response.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(top, ["Parcels", "PageNumber", "RequestId"]);
        let warning = diags
            .iter()
            .find(|d| d.message.contains("the sample and the table disagree"))
            .unwrap_or_else(|| panic!("{diags:?}"));
        assert!(
            warning
                .message
                .contains("`Parcel` is shown at the top level")
                && warning.message.contains("the list `Parcels` (line 15)")
                && warning.message.contains("the table is followed"),
            "{}",
            warning.message
        );
        assert_eq!(warning.line, op.samples[0].line);
        assert_eq!(op.samples[0].disagrees.len(), 1);
        // A sample that shows the list keeps its own structure.
        let text = page(
            rows,
            r#"{"RequestId": "R-1", "Parcels": {"Parcel": [{"Status": true}]}}"#,
        );
        let mut diags = Vec::new();
        let op = lower_operation("p.md", &parse_page(&text), &mut diags).expect("lowers");
        assert!(op.samples[0].disagrees.is_empty());
        assert!(
            !diags.iter().any(|d| d.message.contains("disagree")),
            "{diags:?}"
        );
    }

    #[test]
    fn item_names() {
        use super::names_items_of;
        assert!(names_items_of("Records", "Record"));
        assert!(names_items_of("Boxes", "box"));
        assert!(names_items_of("Policies", "Policy"));
        assert!(names_items_of("DomainList", "Domain"));
        assert!(!names_items_of("Record", "Record"));
        assert!(!names_items_of("Status", "Statu"));
        assert!(!names_items_of("Records", "Recording"));
    }
}
