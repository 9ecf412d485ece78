//! `Model::suggest`: entities whose id, name, a word of its name or an
//! email begins a text, checked against a plain scan of every entity,
//! before and after edits.

mod util;

use proptest::prelude::*;
use svcrel::{
    Edit, EntityKind, Individual, Model, Organisation, Removal, Service, SharedModel, SuggestKind,
    SuggestMatch, SuggestOptions, Suggestion, Suggestions,
};
use util::SAMPLE;

fn sample() -> Model {
    Model::from_json_str(SAMPLE).expect("the sample is valid")
}

/// Trimmed and lower-cased character by character, 'ς' as 'σ', 'İ' as
/// 'i'.
fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c == 'ς' { 'σ' } else { c })
        .flat_map(|c| {
            let i = (c == '\u{130}').then_some('i');
            i.into_iter()
                .chain(c.to_lowercase().filter(move |_| i.is_none()))
        })
        .collect()
}

/// A key's first 64 bytes, by which keys are ordered.
fn first_64(key: &str) -> &str {
    let mut end = key.len().min(64);
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    &key[..end]
}

/// The suggestions by the rules, from every entity's keys.
fn scan(model: &Model, text: &str, options: &SuggestOptions) -> Suggestions {
    let text = fold(text);
    if text.is_empty() {
        return Suggestions::default();
    }
    let mut hits: Vec<(bool, String, bool, String, SuggestMatch)> = Vec::new();
    for e in model.entities() {
        let wanted = match options.asked_kind() {
            SuggestKind::Party => e.kind() != EntityKind::Service,
            SuggestKind::Service => e.kind() == EntityKind::Service,
            _ => true,
        };
        if !wanted {
            continue;
        }
        let mut keys = vec![(fold(e.id()), SuggestMatch::Id, true)];
        let name = fold(e.name().unwrap_or_default());
        if !name.is_empty() {
            let mut before = true;
            let mut words = 1;
            for (at, c) in name.char_indices() {
                let alnum = c.is_alphanumeric();
                if alnum && !before && at > 0 && words < 16 {
                    words += 1;
                    keys.push((name[at..].to_owned(), SuggestMatch::Name, false));
                }
                if !('\u{300}'..='\u{36F}').contains(&c) {
                    before = alnum;
                }
            }
            keys.push((name, SuggestMatch::Name, true));
        }
        for email in e.emails() {
            keys.push((fold(email), SuggestMatch::Email, true));
        }
        for (key, matched, whole) in keys {
            if key.starts_with(&text) {
                let exact = whole && key == text;
                hits.push((
                    !exact,
                    first_64(&key).to_owned(),
                    !whole,
                    e.id().to_owned(),
                    matched,
                ));
            }
        }
    }
    let rank = |m: SuggestMatch| match m {
        SuggestMatch::Id => 0,
        SuggestMatch::Name => 1,
        _ => 2,
    };
    hits.sort_by(|a, b| (a.0, &a.1, a.2, &a.3, rank(a.4)).cmp(&(b.0, &b.1, b.2, &b.3, rank(b.4))));
    let mut found = Suggestions::default();
    let mut seen: Vec<String> = Vec::new();
    for (_, _, _, id, matched) in hits {
        if seen.contains(&id) {
            continue;
        }
        if seen.len() == options.asked_limit() {
            found.more = true;
            break;
        }
        let e = model.entity(&id).expect("listed");
        seen.push(id);
        let s: Suggestion = serde_json::from_value(serde_json::json!({
            "id": e.id(),
            "name": e.name(),
            "kind": e.kind(),
            "email": e.email(),
            "matched": matched,
        }))
        .expect("a suggestion");
        found.suggestions.push(s);
    }
    found
}

fn ids(found: &Suggestions) -> Vec<&str> {
    found.suggestions.iter().map(|s| s.id.as_str()).collect()
}

fn people() -> Model {
    Model::from_json_str(
        r#"{"version": 1,
            "organisations": [{"id": "acme", "name": "Acme Corp", "emails": ["it@acme.example"]}],
            "individuals": [
                {"id": "jsmith", "name": "John Smith", "emails": ["john.smith@acme.example"]},
                {"id": "jsmith2", "name": "John Smith", "emails": ["jsmith@other.example", "js@acme.example"]},
                {"id": "smithy", "name": "Ann Smithson"},
                {"id": "u-1", "name": "Jean-Luc O'Brien"},
                {"id": "u-2", "name": "ÉMILE Ölsen"}
            ],
            "services": [{"id": "smtp", "name": "Mail relay", "provider": "acme"}]}"#,
    )
    .expect("valid")
}

#[test]
fn a_prefix_of_an_id_a_word_or_an_email_matches() {
    let model = people();
    let any = SuggestOptions::new();
    assert_eq!(
        ids(&model.suggest("smith", &any)),
        ["jsmith", "jsmith2", "smithy"]
    );
    let by_word = model.suggest("luc", &any);
    assert_eq!(ids(&by_word), ["u-1"]);
    assert_eq!(by_word.suggestions[0].matched, SuggestMatch::Name);
    assert_eq!(ids(&model.suggest("brie", &any)), ["u-1"]);
    let by_email = model.suggest("js@", &any);
    assert_eq!(ids(&by_email), ["jsmith2"]);
    assert_eq!(by_email.suggestions[0].matched, SuggestMatch::Email);
    // The primary email tells the two John Smiths apart.
    assert_eq!(
        by_email.suggestions[0].email.as_deref(),
        Some("jsmith@other.example")
    );
    assert_eq!(ids(&model.suggest("u-", &any)), ["u-1", "u-2"]);
    assert!(model.suggest("mith", &any).suggestions.is_empty());
    assert!(model.suggest(" \t", &any).suggestions.is_empty());
}

#[test]
fn case_is_ignored_in_unicode() {
    let model = people();
    let any = SuggestOptions::new();
    for text in ["émi", "ÉMI", "Émile Ö", "ölsen", "ÖLS"] {
        assert_eq!(ids(&model.suggest(text, &any)), ["u-2"], "{text}");
    }
}

#[test]
fn the_kind_filters() {
    let model = people();
    let of = |kind| ids(&model.suggest("s", &SuggestOptions::new().kind(kind))).len();
    assert_eq!(of(SuggestKind::Service), 1);
    assert_eq!(of(SuggestKind::Party), 3);
    assert_eq!(of(SuggestKind::Any), 4);
    let service = &model.suggest("mail", &SuggestOptions::new()).suggestions[0];
    assert_eq!(
        (service.id.as_str(), service.kind),
        ("smtp", EntityKind::Service)
    );
}

#[test]
fn exact_matches_come_first_then_key_order_each_entity_once() {
    let model = people();
    let any = SuggestOptions::new();
    // "jsmith" is jsmith's id and the start of jsmith2's id and email.
    let found = model.suggest("jsmith", &any);
    assert_eq!(ids(&found), ["jsmith", "jsmith2"]);
    assert_eq!(found.suggestions[0].matched, SuggestMatch::Id);
    // The whole name is exact; a word equal to the text is not.
    let found = model.suggest("john smith", &any);
    assert_eq!(ids(&found), ["jsmith", "jsmith2"]);
    let found = model.suggest("smith", &any);
    assert_eq!(found.suggestions[0].matched, SuggestMatch::Name);
    assert_eq!(found, scan(&model, "smith", &any));
}

#[test]
fn the_limit_and_more() {
    let model = people();
    let two = model.suggest("j", &SuggestOptions::new().limit(2));
    assert_eq!(two.suggestions.len(), 2);
    assert!(two.more);
    let all = model.suggest("j", &SuggestOptions::new().limit(3));
    assert_eq!(all.suggestions.len(), 3);
    assert!(!all.more);
    // A limit of 0 is taken as 1: `more` is never said of nothing.
    let one = model.suggest("j", &SuggestOptions::new().limit(0));
    assert_eq!(one.suggestions.len(), 1);
    assert!(one.more);
    assert_eq!(
        SuggestOptions::new().limit(500).asked_limit(),
        svcrel::SUGGEST_MAX
    );
}

#[test]
fn edits_show_at_once() {
    let mut model = people();
    let any = SuggestOptions::new();
    assert_eq!(ids(&model.suggest("smith", &any)).len(), 3);
    model
        .update_individual(Individual {
            name: Some("John Smythe".into()),
            ..Individual::new("jsmith2")
        })
        .unwrap();
    assert_eq!(ids(&model.suggest("smith", &any)), ["jsmith", "smithy"]);
    assert_eq!(ids(&model.suggest("smyth", &any)), ["jsmith2"]);
    // Its emails went with the update.
    assert!(model.suggest("js@", &any).suggestions.is_empty());
    model.remove_entity("smithy", Removal::WithLinks).unwrap();
    // A new entity may take the node the removed one had.
    model
        .add_individual(Individual {
            name: Some("Smith Newman".into()),
            ..Individual::new("zed")
        })
        .unwrap();
    assert_eq!(ids(&model.suggest("smith", &any)), ["jsmith", "zed"]);
    model
        .update_service(Service {
            name: Some("Smithery".into()),
            ..Service::new("smtp", "acme")
        })
        .unwrap();
    for text in ["smith", "s", "j", "mail", "z", "john smith"] {
        assert_eq!(
            model.suggest(text, &any),
            scan(&model, text, &any),
            "{text}"
        );
    }
}

#[test]
fn many_edits_build_the_index_again_and_stay_exact() {
    let mut model = people();
    let any = SuggestOptions::new().limit(50);
    let _ = model.suggest("a", &any);
    for i in 0..700 {
        let id = format!("p{i:03}");
        model
            .add_individual(Individual {
                name: Some(format!("Person {}", 700 - i)),
                ..Individual::new(id)
            })
            .unwrap();
        if i % 3 == 0 {
            model
                .remove_entity(&format!("p{:03}", i / 2), Removal::WithLinks)
                .ok();
        }
        if i % 97 == 0 {
            for text in ["p", "p0", "person 6", "6", "j"] {
                assert_eq!(
                    model.suggest(text, &any),
                    scan(&model, text, &any),
                    "{text}"
                );
            }
        }
    }
    let copy = model.clone();
    model
        .update_organisation(Organisation {
            name: Some("Person Org".into()),
            ..Organisation::new("acme")
        })
        .unwrap();
    for text in ["p", "person", "person o", "acme", "a"] {
        assert_eq!(
            model.suggest(text, &any),
            scan(&model, text, &any),
            "{text}"
        );
        assert_eq!(copy.suggest(text, &any), scan(&copy, text, &any), "{text}");
    }
}

#[test]
fn a_shared_model_suggests_what_it_holds() {
    let shared = SharedModel::new(people());
    let any = SuggestOptions::new();
    assert_eq!(ids(&shared.read().suggest("zo", &any)), Vec::<&str>::new());
    for (i, name) in ["Zoe Park", "Zoltan Kis", "Zora Neale"]
        .into_iter()
        .enumerate()
    {
        shared
            .apply(&[Edit::AddIndividual(Individual {
                name: Some(name.into()),
                ..Individual::new(format!("z{i}"))
            })])
            .unwrap();
        let model = shared.read();
        assert_eq!(model.suggest("zo", &any), scan(&model, "zo", &any));
        assert_eq!(model.suggest("z", &any).suggestions.len(), i + 1);
    }
}

/// Short names and emails from a few letters, so that prefixes collide.
fn word() -> impl Strategy<Value = String> {
    "[abÅé]{1,3}"
}

/// Names of one or two words, sometimes padded with spaces, and now
/// and then of more words than the index keeps.
fn name() -> impl Strategy<Value = Option<String>> {
    let words = prop_oneof![
        8 => prop::collection::vec(word(), 1..3),
        1 => prop::collection::vec(word(), 14..20),
    ];
    prop::option::of((words, prop::bool::ANY).prop_map(|(w, padded)| {
        let name = w.join(" ");
        if padded { format!("  {name} ") } else { name }
    }))
}

const IDS: &[&str] = &["a", "ab", "b", "ba", "é", "aé", "Åa", "bb"];

fn edit() -> impl Strategy<Value = Edit> {
    let id = prop::sample::select(IDS);
    let emails = || prop::collection::vec(word().prop_map(|w| format!("{w}@x.example")), 0..2);
    prop_oneof![
        (id.clone(), name(), emails()).prop_map(|(id, name, emails)| {
            Edit::AddIndividual(Individual {
                name,
                emails,
                ..Individual::new(id)
            })
        }),
        (id.clone(), name(), emails()).prop_map(|(id, name, emails)| {
            Edit::UpdateIndividual(Individual {
                name,
                emails,
                ..Individual::new(id)
            })
        }),
        (id.clone(), name()).prop_map(|(id, name)| {
            Edit::AddService(Service {
                name,
                ..Service::new(format!("s-{id}"), "nasa")
            })
        }),
        (id.clone(), name()).prop_map(|(id, name)| Edit::UpdateService(Service {
            name,
            ..Service::new(format!("s-{id}"), "nasa")
        })),
        id.clone().prop_map(|id| Edit::RemoveEntity {
            id: id.into(),
            removal: Removal::WithLinks
        }),
        id.prop_map(|id| Edit::RemoveEntity {
            id: format!("s-{id}"),
            removal: Removal::WithLinks
        }),
    ]
}

fn options() -> impl Strategy<Value = SuggestOptions> {
    (
        prop::sample::select(vec![
            SuggestKind::Any,
            SuggestKind::Party,
            SuggestKind::Service,
        ]),
        0usize..6,
    )
        .prop_map(|(kind, limit)| SuggestOptions::new().kind(kind).limit(limit))
}

proptest! {
    /// After any edits, suggestions are those of a plain scan.
    #[test]
    fn suggest_is_a_scan(
        edits in prop::collection::vec(edit(), 0..24),
        texts in prop::collection::vec("[abÅåéÉ @s-]{0,3}", 1..6),
        options in options(),
    ) {
        let mut model = sample();
        let _ = model.suggest("a", &options);
        for edit in &edits {
            let _ = model.apply(std::slice::from_ref(edit));
            for text in &texts {
                prop_assert_eq!(model.suggest(text, &options), scan(&model, text, &options), "{:?}", text);
            }
        }
        let fresh = Model::from_document(&model.to_document()).expect("valid");
        for text in &texts {
            prop_assert_eq!(fresh.suggest(text, &options), model.suggest(text, &options));
        }
    }
}

/// So many people at once that the index, once built, is built again.
fn crowd() -> Vec<Edit> {
    (0..300)
        .map(|i| {
            Edit::AddIndividual(Individual {
                name: Some(format!("Crowd é{i} Åb")),
                ..Individual::new(format!("crowd-{i}"))
            })
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Batches applied through a shared model (some refused, one of them
    /// perhaps so large that the index is built again), clones edited
    /// apart, and an index first built after edits: every copy suggests
    /// what a plain scan of it finds.
    #[test]
    fn every_copy_suggests_what_it_holds(
        batches in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..8),
        texts in prop::collection::vec("[abÅåéÉ @s-]{1,3}|crowd é1", 1..5),
        built_after in 0usize..4,
        crowd_at in prop::option::of(0usize..8),
        options in options(),
    ) {
        let shared = SharedModel::new(sample());
        let mut clones: Vec<Model> = Vec::new();
        for (i, batch) in batches.iter().enumerate() {
            if i == built_after {
                let _ = shared.read().suggest("a", &options);
            }
            if crowd_at == Some(i) {
                shared.apply(&crowd()).expect("new people");
            }
            // Refused or not, the shared model holds what it accepted.
            let _ = shared.apply(batch);
            let model = shared.read();
            for text in &texts {
                prop_assert_eq!(model.suggest(text, &options), scan(&model, text, &options), "{:?}", text);
            }
            let mut copy = (*model).clone();
            let _ = copy.apply(&batches[(i + 1) % batches.len()]);
            clones.push(copy);
        }
        for copy in &clones {
            for text in &texts {
                prop_assert_eq!(copy.suggest(text, &options), scan(copy, text, &options), "{:?}", text);
            }
        }
    }
}

#[test]
fn a_clone_never_answers_with_its_originals_names() {
    let a = sample();
    let mut b = a.clone();
    b.update_individual(Individual {
        name: Some("Zed Quux".into()),
        ..Individual::new("dana")
    })
    .unwrap();
    let any = SuggestOptions::new();
    assert_eq!(ids(&b.suggest("zed", &any)), ["dana"]);
    assert!(ids(&a.suggest("zed", &any)).is_empty());
    assert_eq!(ids(&a.suggest("reye", &any)), ["dana"]);
    assert!(ids(&b.suggest("reye", &any)).is_empty());
    // Built, the index is shared, and each copy still answers for itself.
    let c = a.clone();
    assert_eq!(ids(&c.suggest("reye", &any)), ["dana"]);
}

#[test]
fn a_prefix_of_a_greek_name_finds_it() {
    let mut model = sample();
    model
        .add_individual(Individual {
            name: Some("ΟΔΟΣΤΡΩΤΗΡΑΣ Ἰστανβούλ".into()),
            ..Individual::new("g")
        })
        .unwrap();
    model
        .add_individual(Individual {
            name: Some("İstanbul Office".into()),
            ..Individual::new("ist")
        })
        .unwrap();
    let any = SuggestOptions::new();
    for text in [
        "ΟΔΟ",
        "ΟΔΟΣ",
        "οδος",
        "ΟΔΟΣΤ",
        "ΟΔΟΣΤΡΩΤΗΡΑΣ",
        "οδοστρωτηρασ",
    ] {
        assert_eq!(ids(&model.suggest(text, &any)), ["g"], "{text}");
    }
    for text in ["istanbul", "İstanbul", "ISTANBUL O"] {
        assert_eq!(ids(&model.suggest(text, &any)), ["ist"], "{text}");
    }
    // The dot of 'İ' starts no word.
    assert!(ids(&model.suggest("stanbul", &any)).is_empty());
}

#[test]
fn a_padded_name_is_an_exact_match_of_its_trimmed_form() {
    let mut model = sample();
    model
        .add_individual(Individual {
            name: Some("  Padded".into()),
            ..Individual::new("pad")
        })
        .unwrap();
    model
        .add_individual(Individual {
            name: Some("Padded".into()),
            ..Individual::new("z-pad")
        })
        .unwrap();
    // Both exact matches of the name, so by id.
    let found = model.suggest("padded", &SuggestOptions::new());
    assert_eq!(ids(&found), ["pad", "z-pad"]);
    assert_eq!(found.suggestions[0].matched, SuggestMatch::Name);
}

#[test]
fn a_long_name_is_found_by_its_first_words_and_long_texts_stay_exact() {
    let mut model = sample();
    let long = "a ".repeat(20_000);
    let tail = format!("{long}zz");
    let other = format!("{long}yy");
    for (id, name) in [("long", &long), ("tail", &tail), ("other", &other)] {
        model
            .add_individual(Individual {
                name: Some(name.clone()),
                ..Individual::new(id)
            })
            .unwrap();
    }
    let any = SuggestOptions::new();
    let found = model.suggest("a a a", &any);
    assert_eq!(ids(&found), ["long", "other", "tail"]);
    // Longer than the index keeps: each key is compared whole.
    let text = format!("{}zz", "a ".repeat(20_000));
    assert_eq!(ids(&model.suggest(&text, &any)), ["tail"]);
    assert_eq!(
        model.suggest(&text, &any).suggestions[0].matched,
        SuggestMatch::Name
    );
    assert_eq!(ids(&model.suggest(&long, &any)), ["long", "other", "tail"]);
    let beyond = format!("{long}a");
    assert!(ids(&model.suggest(&beyond, &any)).is_empty());
    // Only a name's first 16 words start keys of their own.
    assert!(ids(&model.suggest("zz", &any)).is_empty());
    for text in [long.as_str(), text.as_str(), "a a", "zz"] {
        assert_eq!(
            model.suggest(text, &any),
            scan(&model, text, &any),
            "{}",
            text.len()
        );
    }
}
