//! Counts for people (`svcrel impact`, and `consumers --summary`): the
//! individuals among the consumers per top-level organisation and per
//! paying customer, and what stands at each distance.

use std::collections::BTreeMap;

use svcrel::{DistanceCount, Model};

use crate::table::{self, Align, Table};

/// The individuals among the consumers, counted per top-level
/// organisation and per paying customer (those nobody near pays for
/// apart), each in an aligned table.
pub fn people(
    out: &mut String,
    model: &Model,
    by_top: &BTreeMap<String, usize>,
    by_payer: &BTreeMap<String, usize>,
    without_payer: usize,
) {
    let people = by_payer.values().sum::<usize>() + without_payer;
    if people == 0 {
        table::wrap(out, "", "", "No individual among the consumers.");
        return;
    }
    let sentence = format!(
        "{} among the consumers, by company:",
        table::count(people, "individual", "individuals")
    );
    table::wrap(out, "", "", &sentence);
    out.push('\n');
    let mut tops = Table::new(&[
        ("PEOPLE", Align::Right),
        ("TOP-LEVEL ORGANISATION", Align::Left),
    ]);
    for (top, n) in by_top {
        tops.row(vec![n.to_string(), table::name_of(model, top)], None);
    }
    tops.render(out);
    out.push('\n');
    table::wrap(out, "", "", "By paying customer:");
    out.push('\n');
    let mut payers = Table::new(&[("PEOPLE", Align::Right), ("PAYER", Align::Left)]);
    for (payer, n) in by_payer {
        payers.row(vec![n.to_string(), table::name_of(model, payer)], None);
    }
    if without_payer > 0 {
        payers.row(
            vec![without_payer.to_string(), "(nobody near pays)".to_owned()],
            None,
        );
    }
    payers.render(out);
}

/// How many stand at each distance, nearest first, after a blank line:
/// the sentence `title`, then a table of `DISTANCE` and `what`. Nothing
/// when there are no counts; says whether it wrote any.
pub fn per_distance(
    out: &mut String,
    title: &str,
    counts: &Option<Vec<DistanceCount>>,
    what: &'static str,
) -> bool {
    let Some(counts) = counts.as_deref().filter(|c| !c.is_empty()) else {
        return false;
    };
    out.push('\n');
    table::wrap(out, "", "", title);
    out.push('\n');
    let mut rows = Table::new(&[("DISTANCE", Align::Right), (what, Align::Right)]);
    for c in counts {
        rows.row(vec![c.distance.to_string(), c.count.to_string()], None);
    }
    rows.render(out);
    true
}
