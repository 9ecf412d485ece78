//! Hostile input to the importers: each file is read with bounded memory,
//! no stack overflow and no panic, in time close to linear in its size,
//! and gives a clear error naming the file and the line, or the right
//! document. The files are built in memory.
//!
//! The cases of a megabyte, and those that time an import at two sizes,
//! are slow in debug builds: they are ignored there, and `.ci/run` runs
//! them in release mode with `--ignored`. A timed case compares the best
//! of five runs at n and at 4n, taken in turns: linear work takes about 4
//! times as long, quadratic work 16 times; the bound is 10 (caches make a
//! larger input somewhat slower per byte, and a busy machine adds noise),
//! never an absolute time.

#![cfg(any(
    feature = "itop",
    feature = "backstage",
    feature = "csv",
    feature = "scim",
    feature = "ldif"
))]

mod util;

use svcrel::{ErrorKind, ImportFormat, ImportOptions, ImportProblem, Restated};

/// Asserts that `run` grows near linearly (see
/// [`util::grows_near_linearly`]) from the input `make` builds for `n` to
/// the one for `4 * n`; each input is built once, and not timed.
fn assert_near_linear<I>(what: &str, n: usize, make: impl Fn(usize) -> I, run: impl Fn(&I)) {
    let (small, large) = (make(n), make(4 * n));
    util::grows_near_linearly(what, n, |size| {
        let input = if size == n { &small } else { &large };
        util::timed(|| input, &run)
    });
}

/// The problems of a failed import of `files`.
fn problems(format: ImportFormat, files: &[(&str, &str)]) -> Vec<ImportProblem> {
    problems_with(format, files, Restated::default())
}

/// The problems of an import that fails, doing `restated` with a record
/// given again with different fields.
fn problems_with(
    format: ImportFormat,
    files: &[(&str, &str)],
    restated: Restated,
) -> Vec<ImportProblem> {
    let options = ImportOptions::new().restated(restated);
    let err = format.import_strs_with(files, &options).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Import, "{err}");
    err.import_problems().to_vec()
}

#[cfg(feature = "backstage")]
mod backstage {
    use super::*;

    /// The one problem of importing `yaml` as `hostile.yaml`, as
    /// `(line, message)`.
    fn problem(yaml: &str) -> (Option<usize>, String) {
        let found = problems(ImportFormat::Backstage, &[("hostile.yaml", yaml)]);
        assert_eq!(found.len(), 1, "{found:?}");
        let p = &found[0];
        assert_eq!(p.file().and_then(|f| f.to_str()), Some("hostile.yaml"));
        (p.line(), p.message().to_owned())
    }

    const GROUP: &str = "apiVersion: backstage.io/v1alpha1\nkind: Group\n\
                         metadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n";

    /// A component owned by `team-a`, its metadata ending with `extra`
    /// (indented by two).
    fn component(extra: &str) -> String {
        format!(
            "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  \
             name: payments\n{extra}spec:\n  type: service\n  owner: team-a\n  \
             lifecycle: production\n"
        )
    }

    #[test]
    #[ignore = "a megabyte of YAML: slow in debug; run with --ignored"]
    fn a_megabyte_aliased_twenty_thousand_times_is_refused() {
        // Would be 20 GB once expanded; the budget counts bytes, not nodes.
        let mut extra = format!(
            "  description: &text \"{}\"\n  tags:\n",
            "x".repeat(1 << 20)
        );
        for _ in 0..20_000 {
            extra.push_str("    - *text\n");
        }
        let yaml = format!("{GROUP}{}", component(&extra));
        assert!(yaml.len() < 1_300_000);
        let first_alias = 1 + yaml.lines().position(|l| l == "    - *text").unwrap();
        let (line, message) = problem(&yaml);
        let line = line.unwrap();
        assert!(
            (first_alias..first_alias + 8).contains(&line),
            "line {line}: {message}"
        );
        assert!(
            message.starts_with("anchors and aliases copy more than 4194304 bytes"),
            "{message}"
        );
    }

    #[test]
    fn nested_anchors_are_refused_by_their_bytes() {
        // Ten levels of ten aliases each: 10^10 strings once expanded.
        let mut yaml = String::from("a0: &a0 \"lol\"\n");
        for level in 1..=10 {
            let aliases = vec![format!("*a{}", level - 1); 10].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        let (line, message) = problem(&yaml);
        assert!(line.is_some_and(|l| (2..=11).contains(&l)), "{line:?}");
        assert!(
            message.starts_with("anchors and aliases copy more than"),
            "{message}"
        );
    }

    #[test]
    fn anchors_are_let_go_at_the_end_of_their_document() {
        // Each document holds a 4 kB text under two nested anchors and
        // uses no alias: the anchors of one document copy about twice its
        // text, but all the documents together copy more than the file.
        let text = "x".repeat(4096);
        let doc = format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Domain\nmetadata: &m\n  name: d\n  \
             description: &d {text}\n---\n"
        );
        let yaml = doc.repeat(1500);
        assert!(yaml.len() > 4 << 20);
        let import = ImportFormat::Backstage
            .import_strs(&[("domains.yaml", &yaml)])
            .unwrap();
        assert_eq!(import.skipped().len(), 1500);
    }

    #[test]
    fn aliases_within_the_budget_are_read() {
        let yaml = format!(
            "{GROUP}{}",
            component("  title: &title Payments\n  description: *title\n")
        );
        let import = ImportFormat::Backstage
            .import_strs(&[("catalog.yaml", &yaml)])
            .unwrap();
        assert_eq!(
            import.document().services[0].name.as_deref(),
            Some("Payments")
        );
    }

    /// The YAML of `depth` nested collections of one form, after a
    /// comment line (so that a line-1 answer would be wrong).
    fn nested(form: &str, depth: usize) -> String {
        let body = match form {
            "compact sequences" => format!("{}a\n", "- ".repeat(depth)),
            "block sequences" => (0..depth)
                .map(|i| format!("{}-\n", "  ".repeat(i)))
                .chain([format!("{}a\n", "  ".repeat(depth))])
                .collect(),
            "block mappings" => (0..depth)
                .map(|i| format!("{}k:\n", "  ".repeat(i)))
                .chain([format!("{}a\n", "  ".repeat(depth))])
                .collect(),
            "flow sequences" => format!("{}a{}\n", "[".repeat(depth), "]".repeat(depth)),
            "flow mappings" => format!("{}a{}\n", "{k: ".repeat(depth), "}".repeat(depth)),
            "mappings in compact sequences" => {
                // `- k:` is two levels, the next pair on the line below.
                let mut body: String = (0..depth / 2)
                    .map(|j| format!("{}- k:\n", "  ".repeat(j)))
                    .collect();
                let indent = "  ".repeat(depth / 2);
                if depth % 2 == 1 {
                    body.push_str(&format!("{indent}- a\n"));
                } else {
                    body.push_str(&format!("{indent}  a\n"));
                }
                body
            }
            "flow in block" => format!(
                "k:\n  - - {}a{}\n",
                "[".repeat(depth - 3),
                "]".repeat(depth - 3)
            ),
            _ => unreachable!(),
        };
        format!("# hostile\n{body}")
    }

    #[test]
    fn every_nesting_form_has_one_depth_limit() {
        const LIMIT: usize = 128;
        let forms = [
            "compact sequences",
            "block sequences",
            "block mappings",
            "flow sequences",
            "flow mappings",
            "mappings in compact sequences",
            "flow in block",
        ];
        for form in forms {
            // At the limit, the document is read (and is not an entity).
            let (_, message) = problem(&nested(form, LIMIT));
            assert!(!message.contains("deep"), "{form}: {message}");
            // One deeper, it is refused where the collection too many starts.
            let (line, message) = problem(&nested(form, LIMIT + 1));
            assert_eq!(
                message,
                "collections nest more than 128 deep (sequences and mappings, block or flow, \
                 count alike)",
                "{form}"
            );
            let expected = match form {
                "block sequences" | "block mappings" => LIMIT + 2,
                "mappings in compact sequences" => 2 + LIMIT / 2,
                "flow in block" => 3,
                _ => 2,
            };
            assert_eq!(line, Some(expected), "{form}");
        }
    }

    #[test]
    fn two_hundred_thousand_nested_sequences_are_refused() {
        // 400 KB of `- - - … a`: the tree is never built that deep, so
        // nothing walks or drops it recursively.
        let yaml = nested("compact sequences", 200_000);
        let (line, message) = problem(&yaml);
        assert_eq!(line, Some(2));
        assert!(message.starts_with("collections nest more than 128 deep"));
        let yaml = nested("flow sequences", 200_000);
        let (line, _) = problem(&yaml);
        assert_eq!(line, Some(2));
    }

    #[test]
    fn an_alias_counts_at_the_depth_it_reaches() {
        // A list 100 deep, aliased 40 deep: 140 once expanded.
        let deep = format!("{}a{}", "[".repeat(100), "]".repeat(100));
        let yaml = format!(
            "anchor: &deep {deep}\nuse: {}*deep{}\n",
            "[".repeat(39),
            "]".repeat(39)
        );
        let (line, message) = problem(&yaml);
        assert_eq!(line, Some(2));
        assert_eq!(message, "this alias nests collections more than 128 deep");
    }

    /// A catalog whose component has `n` annotations: one mapping of `n`
    /// keys.
    fn many_keys(n: usize) -> String {
        let mut extra = String::from("  annotations:\n");
        for i in 0..n {
            extra.push_str(&format!("    example.com/key-{i}: value {i}\n"));
        }
        format!("{GROUP}{}", component(&extra))
    }

    #[test]
    fn a_key_given_twice_among_many_is_named_with_its_line() {
        let mut yaml = many_keys(1000);
        yaml.push_str("other: 1\nkind: Component\n");
        let lines = yaml.lines().count();
        assert_eq!(
            problem(&yaml),
            (Some(lines), "the key \"kind\" is given twice".to_owned())
        );
    }

    #[test]
    #[ignore = "times the import at two sizes: run in release with --ignored"]
    fn a_mapping_of_many_keys_reads_in_linear_time() {
        assert_near_linear(
            "backstage: one mapping of n keys",
            50_000,
            many_keys,
            |yaml| {
                let import = ImportFormat::Backstage
                    .import_strs(&[("catalog.yaml", yaml)])
                    .unwrap();
                assert_eq!(import.document().services.len(), 1);
            },
        );
    }
}

#[cfg(feature = "itop")]
mod itop {
    use super::*;

    /// A data set of `n` organisations, `n` people (each reporting to the
    /// one before), `n` services and `n` contracts, each linked to a
    /// service; `tag` is added to every person's name.
    fn data_set(n: usize, tag: &str) -> String {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Set>\n");
        for i in 1..=n {
            xml.push_str(&format!(
                "<Organization alias=\"Organization\" id=\"{i}\">\n  <name>Org {i}</name>\n  \
                 <parent_id>0</parent_id>\n</Organization>\n\
                 <Person alias=\"Person\" id=\"{i}\">\n  <first_name>P</first_name>\n  \
                 <name>{i}{tag}</name>\n  <org_id>{i}</org_id>\n  <manager_id>{}</manager_id>\n\
                 </Person>\n\
                 <Service alias=\"Service\" id=\"{i}\">\n  <name>S {i}</name>\n  \
                 <org_id>{i}</org_id>\n</Service>\n\
                 <CustomerContract alias=\"CustomerContract\" id=\"{i}\">\n  \
                 <org_id>{i}</org_id>\n  <start_date>2024-01-01</start_date>\n  \
                 <cost>10</cost>\n</CustomerContract>\n\
                 <lnkCustomerContractToService alias=\"lnkCustomerContractToService\" id=\"{i}\">\n  \
                 <customercontract_id>{i}</customercontract_id>\n  \
                 <service_id>{}</service_id>\n</lnkCustomerContractToService>\n",
                i - 1,
                i % n + 1,
            ));
        }
        xml.push_str("</Set>\n");
        xml
    }

    #[test]
    #[ignore = "times the import at two sizes: run in release with --ignored"]
    fn the_same_records_in_a_second_file_read_in_linear_time() {
        let records = |n| 5 * n;
        assert_near_linear(
            "itop: the same records in a second file",
            6_000,
            |n| (n, data_set(n, "")),
            |(n, xml)| {
                let import = ImportFormat::Itop
                    .import_strs(&[("export.xml", xml), ("export-copy.xml", xml)])
                    .unwrap();
                assert_eq!(import.skipped().len(), records(*n));
                assert_eq!(import.document().individuals.len(), *n);
            },
        );
    }

    #[test]
    #[ignore = "times the import at two sizes: run in release with --ignored"]
    fn copies_that_differ_read_in_linear_time() {
        assert_near_linear(
            "itop: a second file whose copies differ",
            6_000,
            |n| (n, data_set(n, ""), data_set(n, " (renamed)")),
            |(n, xml, renamed)| {
                let found = problems_with(
                    ImportFormat::Itop,
                    &[("export.xml", xml), ("renamed.xml", renamed)],
                    Restated::Refuse,
                );
                assert_eq!(found.len(), *n);
                assert!(found[0].message().ends_with("(name differs)"));
            },
        );
    }

    #[test]
    fn a_repeated_id_attribute_is_not_read_as_either() {
        let xml = "<Set>\n<Organization id=\"1\" id=\"2\"><name>A</name></Organization>\n</Set>\n";
        let found = problems(ImportFormat::Itop, &[("hostile.xml", xml)]);
        assert_eq!(
            found.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["hostile.xml:2: malformed XML: <Organization> gives the attribute id twice"]
        );
    }
}

#[cfg(feature = "csv")]
mod csv {
    use super::*;

    /// An export whose funding and usage rows are each given twice.
    fn repeated(n: usize) -> Vec<(&'static str, String)> {
        let mut people = String::from("id,organisation\n");
        let mut services = String::from("id,provider\n");
        let mut funding = String::from("payer,service,payment,approved_by\n");
        let mut usage = String::from("user,service\n");
        for i in 0..n {
            people.push_str(&format!("p{i},it\n"));
            services.push_str(&format!("s{i},it\n"));
        }
        for _ in 0..2 {
            for i in 0..n {
                funding.push_str(&format!("it,s{i},chargeback,p{i};p{i}\n"));
                usage.push_str(&format!("p{i},s{i}\n"));
            }
        }
        vec![
            ("organisations.csv", "id\nit\n".to_owned()),
            ("people.csv", people),
            ("services.csv", services),
            ("funding.csv", funding),
            ("usage.csv", usage),
        ]
    }

    #[test]
    #[ignore = "times the import at two sizes: run in release with --ignored"]
    fn repeated_rows_read_in_linear_time() {
        assert_near_linear(
            "csv: funding and usage rows given twice",
            10_000,
            |n| (n, repeated(n)),
            |(n, files)| {
                let files: Vec<(&str, &str)> =
                    files.iter().map(|(f, t)| (*f, t.as_str())).collect();
                let import = ImportFormat::Csv.import_strs(&files).unwrap();
                assert_eq!(import.skipped().len(), 2 * n);
                assert_eq!(import.document().funding.len(), *n);
                assert_eq!(import.document().funding[0].approved_by.len(), 1);
            },
        );
    }

    #[test]
    fn cr_only_line_ends_name_the_right_line() {
        let people = "id,manager\rann,\rbob,zed\r";
        let found = problems(
            ImportFormat::Csv,
            &[("organisations.csv", "id\rit\r"), ("people.csv", people)],
        );
        assert_eq!(
            found.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["people.csv:3: manager \"zed\" is not in people.csv"]
        );
    }
}

/// Whether a line shows nothing that moves or hides text on a terminal.
fn is_inert(line: &str) -> bool {
    !line.chars().any(|c| {
        c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{fffe}')
    })
}

#[cfg(feature = "itop")]
#[test]
fn itop_names_and_ids_reach_a_person_escaped() {
    let xml = "<Set>\n<Loca\u{202e}tion id=\"4\"><name>x</name></Loca\u{202e}tion>\n\
               <Organization id=\"1\"><name>a</name><co\u{2028}de>1</co\u{2028}de></Organization>\n\
               </Set>\n";
    let again = "<Set>\n<Organization id=\"1\"><name>b</name><co\u{2028}de>2</co\u{2028}de></Organization>\n</Set>\n";
    let problems = problems_with(
        ImportFormat::Itop,
        &[("a\u{1b}[31m.xml", xml), ("b.xml", again)],
        Restated::Refuse,
    );
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            r"b.xml:2: Organization 1 differs from the copy at a\u{1b}[31m.xml:3 (co\u{2028}de, name differ)"
        ]
    );
    let import = ImportFormat::Itop.import_strs(&[("a.xml", xml)]).unwrap();
    let skipped = import.skipped()[0].to_string();
    assert!(
        skipped.starts_with(r"a.xml:2: Loca\u{202e}tion 4: not a class"),
        "{skipped}"
    );
    for line in lines.iter().chain([&skipped]) {
        assert!(is_inert(line), "{line:?}");
    }
}

#[cfg(feature = "backstage")]
#[test]
fn backstage_ids_reach_a_person_escaped() {
    let entity = |title: &str| {
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Domain\nmetadata:\n  name: \"pay\\u202Ements\\nx\"\n  title: {title}\n"
        )
    };
    let yaml = format!("{}---\n{}", entity("a"), entity("b"));
    let problems = problems(ImportFormat::Backstage, &[("catalog.yaml", &yaml)]);
    let line = problems[0].to_string();
    assert_eq!(
        line,
        r"catalog.yaml:7: domain:default/pay\u{202e}ments\u{a}x differs from the copy at catalog.yaml:1"
    );
    assert!(is_inert(&line), "{line:?}");
}

#[cfg(feature = "scim")]
mod scim {
    use super::*;

    const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
    const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /// The problems of importing `json` as `hostile.json`, as lines.
    fn lines(json: &str) -> Vec<String> {
        problems(ImportFormat::Scim, &[("hostile.json", json)])
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        for depth in [200, 200_000] {
            // In an attribute no one reads, in a resource, and as the file.
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let resource =
                format!(r#"{{"schemas": ["{USER}"], "id": "1", "userName": "a", "x": {deep}}}"#);
            for json in [
                format!(r#"{{"Resources": [{resource}]}}"#),
                resource.clone(),
                deep.clone(),
            ] {
                let found = lines(&json);
                assert_eq!(found.len(), 1, "{found:?}");
                assert!(
                    found[0].starts_with("hostile.json:1: malformed JSON (column")
                        && found[0].ends_with("recursion limit exceeded"),
                    "{found:?}"
                );
            }
        }
    }

    #[test]
    fn a_user_of_many_emails_and_keys_is_read() {
        let emails: Vec<String> = (0..20_000)
            .map(|i| format!(r#"{{"value": "u{}@example.com"}}"#, i % 100))
            .collect();
        let keys: String = (0..20_000).map(|i| format!(r#""k{i}": {i}, "#)).collect();
        let json = format!(
            r#"{{"schemas": ["{USER}"], {keys} "id": "1", "userName": "a", "emails": [{}]}}"#,
            emails.join(", ")
        );
        let import = ImportFormat::Scim
            .import_strs(&[("many.json", &json)])
            .unwrap();
        assert_eq!(import.document().individuals[0].emails.len(), 100);
    }

    /// A ListResponse of `n` users, each managed by the first and in one
    /// group that holds them all, and `n` groups nested in that one.
    fn export(n: usize) -> String {
        let mut resources = Vec::with_capacity(2 * n + 1);
        let mut members = Vec::with_capacity(2 * n);
        for i in 0..n {
            resources.push(format!(
                r#"{{"schemas": ["{USER}", "{ENTERPRISE}"], "id": "u{i}", "userName": "user{i}@example.com",
                "emails": [{{"value": "user{i}@example.com", "primary": true}}],
                "{ENTERPRISE}": {{"organization": "Example", "department": "D{}", "manager": {{"value": "u0"}}}}}}"#,
                i % 50
            ));
            resources.push(format!(
                r#"{{"schemas": ["{GROUP}"], "id": "g{i}", "displayName": "Group {i}"}}"#
            ));
            members.push(format!(r#"{{"value": "u{i}"}}"#));
            members.push(format!(r#"{{"value": "g{i}", "type": "Group"}}"#));
        }
        resources.push(format!(
            r#"{{"schemas": ["{GROUP}"], "id": "all", "displayName": "All", "members": [{}]}}"#,
            members.join(", ")
        ));
        format!(r#"{{"Resources": [{}]}}"#, resources.join(",\n"))
    }

    #[test]
    fn a_large_export_reads() {
        let json = export(500);
        let import = ImportFormat::Scim
            .import_strs(&[("export.json", &json)])
            .unwrap_err();
        // u0 manages itself, named at its resource.
        let found: Vec<String> = import
            .import_problems()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            ["export.json:1: manager: \"user0@example.com\" reports to themself"]
        );
    }

    #[test]
    #[ignore = "times the import at two sizes: run in release with --ignored"]
    fn a_large_export_reads_in_linear_time() {
        assert_near_linear(
            "scim: users under one manager, in one group with as many groups",
            5_000,
            // Nobody manages u0: its manager is itself, so it is given
            // none here.
            |n| {
                let json =
                    export(n).replacen(r#""manager": {"value": "u0"}"#, "\"manager\": null", 1);
                (n, json)
            },
            |(n, json)| {
                let import = ImportFormat::Scim
                    .import_strs(&[("export.json", json)])
                    .unwrap();
                let doc = import.document();
                // Example, its 50 departments, the groups and All.
                assert_eq!(
                    (doc.individuals.len(), doc.organisations.len()),
                    (*n, n + 52)
                );
                assert_eq!(doc.reporting.len(), n - 1);
            },
        );
    }

    #[test]
    fn names_and_ids_reach_a_person_escaped() {
        let json = format!(
            r#"[{{"schemas": ["{USER}"], "id": "a\u202eb\nc", "userName": "x", "emails": [{{"value": "e\u2028x"}}]}}]"#
        );
        let found = lines(&json);
        assert_eq!(
            found,
            [
                r#"hostile.json:1: [0] User "a\u{202e}b\nc": emails[0].value: "e\u{2028}x" is not an email address"#
            ]
        );
        assert!(is_inert(&found[0]), "{found:?}");
    }
}
