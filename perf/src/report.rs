//! The report: one aligned table of timings and ratios, the load rate,
//! the memory of the model, and the targets with ✓ or ✗.

use std::fmt::{self, Write};
use std::time::Duration;

use svcrel::Date;

use crate::timing::{Samples, human};

/// One timed question: svcrel, SQLite and the CSR floor.
pub struct Row {
    name: String,
    svcrel: Duration,
    sqlite: Option<Duration>,
    floor: Option<Duration>,
    samples: String,
}

impl Row {
    /// The medians of each peer's samples.
    pub fn new(name: &str, ours: &Samples, sql: Option<&Samples>, floor: Option<&Samples>) -> Row {
        let n = |s: Option<&Samples>| s.map_or("-".to_owned(), |s| s.len().to_string());
        Row {
            name: name.to_owned(),
            svcrel: ours.median(),
            sqlite: sql.map(Samples::median),
            floor: floor.map(Samples::median),
            samples: format!("{}/{}/{}", ours.len(), n(sql), n(floor)),
        }
    }

    /// The 99th percentiles.
    pub fn p99(name: &str, ours: &Samples, sql: &Samples) -> Row {
        Row {
            name: name.to_owned(),
            svcrel: ours.p99(),
            sqlite: Some(sql.p99()),
            floor: None,
            samples: format!("{}/{}/-", ours.len(), sql.len()),
        }
    }

    fn find<'a>(rows: &'a [Row], prefix: &str) -> Option<&'a Row> {
        rows.iter().find(|r| r.name.starts_with(prefix))
    }
}

/// What the model keeps in memory, and how it is split.
pub struct Memory {
    /// Bytes kept by `Model::from_document` of the whole document.
    pub model: usize,
    /// Bytes kept by a model of the same entities and no link lists.
    pub entities_only: usize,
    /// Bytes of every entity's id and name.
    pub id_name: usize,
    pub entities: usize,
    pub links: usize,
}

impl Memory {
    fn per_entity(&self) -> f64 {
        self.entities_only as f64 / self.entities.max(1) as f64
    }

    /// Per entity, beyond the bytes of its id and name.
    fn per_entity_overhead(&self) -> f64 {
        self.entities_only.saturating_sub(self.id_name) as f64 / self.entities.max(1) as f64
    }

    fn per_link(&self) -> f64 {
        self.model.saturating_sub(self.entities_only) as f64 / self.links.max(1) as f64
    }
}

/// Everything perf_report measured.
pub struct Report {
    pub people: usize,
    pub seed: u64,
    pub as_of: Option<Date>,
    pub counts: String,
    pub json_bytes: usize,
    pub equal: usize,
    pub rows: Vec<Row>,
    /// JSON text to Model, median of three.
    pub load: Duration,
    /// From the Document: svcrel, SQLite (inserts and indexes), CSR.
    pub builds: [Duration; 3],
    pub memory: Memory,
    pub floor_bytes: usize,
}

fn ratio(a: Option<Duration>, b: Option<Duration>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if !b.is_zero() => Some(a.as_secs_f64() / b.as_secs_f64()),
        _ => None,
    }
}

fn times(r: Option<f64>) -> String {
    match r {
        Some(r) if r >= 10.0 => format!("{r:.0}×"),
        Some(r) => format!("{r:.2}×"),
        None => "-".to_owned(),
    }
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Left-aligned first column, right-aligned others.
fn table(out: &mut String, rows: &[Vec<String>]) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..cols).map(width).collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

impl Report {
    fn load_rate(&self) -> f64 {
        (self.memory.entities + self.memory.links) as f64 / self.load.as_secs_f64()
    }

    fn targets(&self) -> Vec<(String, String, bool)> {
        let mut out = Vec::new();
        let row = |p| Row::find(&self.rows, p);
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        if let Some(r) = row("relation() median") {
            let m = r.svcrel;
            out.push(("relation() median ≤ 2 µs".into(), human(m), us(m) <= 2.0));
            let x = ratio(r.sqlite, Some(m));
            let ok = x.is_some_and(|x| x >= 100.0);
            out.push(("relation() ≥ 100× faster than SQLite".into(), times(x), ok));
        }
        if let Some(r) = row("relation() p99") {
            let p = r.svcrel;
            out.push(("relation() p99 ≤ 20 µs".into(), human(p), us(p) <= 20.0));
        }
        if let Some(r) = row("customers_of k=3") {
            let m = r.svcrel;
            out.push((
                "customers_of k=3 median ≤ 5 µs".into(),
                human(m),
                us(m) <= 5.0,
            ));
        }
        if let Some(r) = row("consumers_of company-wide") {
            let f = ratio(Some(r.svcrel), r.floor);
            let ok = f.is_some_and(|f| f <= 3.0);
            out.push((
                "consumers_of company-wide ≤ 3× the CSR floor".into(),
                times(f),
                ok,
            ));
            let s = ratio(r.sqlite, Some(r.svcrel));
            let ok = s.is_some_and(|s| s >= 20.0);
            out.push((
                "consumers_of company-wide ≥ 20× faster than SQLite".into(),
                times(s),
                ok,
            ));
        }
        let rate = self.load_rate();
        out.push((
            "load ≥ 1 M entities+links/s".into(),
            format!("{:.2} M/s", rate / 1e6),
            rate >= 1e6,
        ));
        let m = &self.memory;
        let link = m.per_link();
        out.push((
            "≤ 64 B per link".into(),
            format!("{link:.1} B"),
            link <= 64.0,
        ));
        let entity = m.per_entity_overhead();
        out.push((
            "≤ 128 B per entity + its id and name".into(),
            format!("{entity:.1} B + id and name"),
            entity <= 128.0,
        ));
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let on = self
            .as_of
            .map_or("no date".to_owned(), |d| format!("as of {d}"));
        let m = &self.memory;
        let _ = writeln!(
            out,
            "svcrel perf report: {} people, seed {}, {on}, one thread\n\
             model: {}\n\
             {} entities + {} links; JSON {}\n\
             answers checked: {} equal (svcrel = SQLite = CSR floor)\n",
            self.people,
            self.seed,
            self.counts,
            m.entities,
            m.links,
            mb(self.json_bytes),
            self.equal
        );
        let mut cells = vec![
            [
                "question",
                "svcrel",
                "SQLite",
                "CSR floor",
                "SQLite÷svcrel",
                "svcrel÷CSR",
                "n svcrel/SQLite/CSR",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        let opt = |d: Option<Duration>| d.map_or("-".to_owned(), human);
        for r in &self.rows {
            cells.push(vec![
                r.name.clone(),
                human(r.svcrel),
                opt(r.sqlite),
                opt(r.floor),
                times(ratio(r.sqlite, Some(r.svcrel))),
                times(ratio(Some(r.svcrel), r.floor)),
                r.samples.clone(),
            ]);
        }
        let [build, sql, floor] = self.builds.map(Some);
        cells.push(vec![
            "build from the Document".to_owned(),
            opt(build),
            opt(sql),
            opt(floor),
            times(ratio(sql, build)),
            times(ratio(build, floor)),
            "1/1/1".to_owned(),
        ]);
        cells.push(vec![
            "load: JSON text → Model, median of 3".to_owned(),
            human(self.load),
            "-".to_owned(),
            "-".to_owned(),
            "-".to_owned(),
            "-".to_owned(),
            "3/-/-".to_owned(),
        ]);
        table(&mut out, &cells);
        out.push_str(
            "\nrelation(): svcrel finds all seven roles; SQLite the customer (distance, scope), \
             consumer (distance) and sponsor roles;\n\
             the CSR floor answers customers_of and consumers_of only. \
             build: svcrel validates and indexes, SQLite inserts and indexes, CSR fills arrays.\n",
        );
        let _ = writeln!(
            out,
            "\nload rate: {:.2} M entities+links/s\n\
             memory: model {} = entities {} ({:.1} B per entity: {:.1} B + {:.1} B of id and name) \
             + links {} ({:.1} B per link); CSR floor arrays {}",
            self.load_rate() / 1e6,
            mb(m.model),
            mb(m.entities_only),
            m.per_entity(),
            m.per_entity_overhead(),
            m.id_name as f64 / m.entities.max(1) as f64,
            mb(m.model.saturating_sub(m.entities_only)),
            m.per_link(),
            mb(self.floor_bytes),
        );
        let _ = writeln!(out, "\ntargets (set for 1M people):");
        let targets: Vec<Vec<String>> = self
            .targets()
            .into_iter()
            .map(|(what, value, ok)| vec![what, value, if ok { "✓" } else { "✗" }.to_owned()])
            .collect();
        table(&mut out, &targets);
        f.write_str(&out)
    }
}
