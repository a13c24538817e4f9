//! Hostile text through every text-taking core function and importer: the shared
//! corpus (tests/fixtures/hostile.json plus huge strings, see hearth_tests::hostile)
//! as journal titles, bodies and tags, in Hearth and jrnl imports, as bucket titles,
//! notes and memories, in bucket imports, as a partner's display name and as the
//! couple's names. Nothing panics, a refused value or file changes nothing, what
//! is stored is the text as given (or cleaned as documented), and the journal's
//! rendered Markdown never holds a tag or attribute that could run or load anything.

use chrono::NaiveDate;
use hearth_core::Vault;
use hearth_core::bucket::export::{self, Format};
use hearth_core::bucket::{self, Category, Cost, Effort, Interest, ItemInput, Person, store};
use hearth_core::journal::{self, EntryInput, Filter, exchange, render, search};
use hearth_core::keyfile::KdfParams;
use hearth_core::selfcheck;
use hearth_core::selfcheck::share::{ShareFile, clean_name};
use hearth_core::{IntimacyKind, settings};
use hearth_tests::PASSPHRASE;
use hearth_tests::hostile::{self, FAMILIES, Payload};
use serde_json::json;

fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    (dir, vault)
}

/// A short, printable name for a payload in failure messages.
fn name(p: &Payload) -> String {
    let short: String = p.text.chars().take(60).collect();
    format!("{} payload {short:?} ({} bytes)", p.family, p.text.len())
}

/// `assert_eq!` that prints at most 300 characters of each side: payloads are huge.
#[track_caller]
fn same<T: PartialEq + std::fmt::Debug>(got: T, want: T, what: &str) {
    if got != want {
        let short = |v: &T| format!("{v:?}").chars().take(300).collect::<String>();
        panic!("{what}:\n got: {}\nwant: {}", short(&got), short(&want));
    }
}

#[test]
fn the_corpus_covers_every_family_with_over_a_hundred_payloads() {
    let file = hostile::from_file();
    let all = hostile::corpus();
    assert!(file.len() >= 100, "only {} payloads in the file", file.len());
    for family in FAMILIES {
        assert!(all.iter().any(|p| p.family == *family), "no {family} payload");
    }
    let mut texts: Vec<&str> = file.iter().map(|p| p.text.as_str()).collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), file.len(), "every payload in the file is different");
    assert!(all.iter().filter(|p| p.text.len() >= 1 << 20).count() >= 2, "at least two 1 MB strings");
    // Short ones fit the 40-character name fields, so names get hostile text too.
    assert!(file.iter().filter(|p| clean_name(&p.text).is_some()).count() >= 30);
    eprintln!("{} payloads ({} from the file)", all.len(), file.len());
}

// ---------------------------------------------------------------------------
// The journal

/// What `journal::save` promises to keep of a title, body and tag.
fn expected_entry(p: &str) -> (String, String, Vec<String>) {
    let title: String = journal::clean_line(p).chars().take(journal::MAX_TITLE_CHARS).collect();
    let title = title.trim_end().to_owned();
    let tag = journal::clean_tag(p);
    let tags = if tag.is_empty() { vec!["hostile".to_string()] } else { vec![tag, "hostile".into()] };
    let mut dedup: Vec<String> = Vec::new();
    for t in tags {
        if !dedup.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
            dedup.push(t);
        }
    }
    (title, journal::clean_text(p), dedup)
}

#[test]
fn rendered_markdown_is_inert_for_every_payload() {
    let mut checked = 0;
    for p in hostile::corpus() {
        let wrappers = if p.text.len() > 100_000 {
            vec![p.text.clone()]
        } else {
            vec![
                p.text.clone(),
                format!("# {}", p.text),
                format!("> {}", p.text),
                format!("- {}", p.text),
                format!("| a |\n|---|\n| {} |", p.text),
                format!("**{}** [{}](x)", p.text, p.text),
            ]
        };
        for md in wrappers {
            let html = render::to_html(&md);
            render::assert_inert(&html, &name(&p));
            checked += 1;
        }
    }
    eprintln!("{checked} Markdown documents rendered inert");
}

#[test]
fn every_journal_field_takes_every_payload_and_keeps_it_as_text() {
    let (dir, mut vault) = vault();
    let corpus = hostile::corpus();
    let mut ids = Vec::new();
    for (n, p) in corpus.iter().enumerate() {
        let input = EntryInput {
            entry_date: format!("2024-01-01T10:{:02}", n % 60),
            title: p.text.clone(),
            body: p.text.clone(),
            tags: vec![p.text.clone(), "hostile".into()],
            prompt: Some(p.text.clone()),
            ..Default::default()
        };
        let saved = journal::save(vault.conn_mut(), &input).unwrap_or_else(|e| panic!("{}: {e}", name(p)));
        let (title, body, tags) = expected_entry(&p.text);
        same((&saved.title, &saved.body, &saved.tags), (&title, &body, &tags), &name(p));
        same(journal::get(vault.conn(), &saved.id).unwrap().as_ref(), Some(&saved), &name(p));
        // Editing keeps the same cleaned text.
        let again = journal::save(vault.conn_mut(), &EntryInput { id: Some(saved.id.clone()), ..input })
            .unwrap_or_else(|e| panic!("{}: {e}", name(p)));
        same((again.title, again.body, again.tags), (title, body, tags), &name(p));
        // As a search, the payload is words, never FTS5 syntax.
        search::search(vault.conn(), &p.text, &Filter::default(), 50)
            .unwrap_or_else(|e| panic!("{}: {e}", name(p)));
        journal::tags(vault.conn(), Some(&p.text)).unwrap_or_else(|e| panic!("{}: {e}", name(p)));
        ids.push(saved.id);
    }
    // Every way of reading the journal back still works.
    let mut seen = 0;
    let mut cursor = None;
    loop {
        let page =
            journal::list(vault.conn(), &Filter::default(), cursor.as_ref(), journal::MAX_PAGE).unwrap();
        seen += page.entries.len();
        assert!(page.entries.iter().all(|e| e.excerpt.chars().count() <= 161));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, corpus.len());
    let hits = search::search(vault.conn(), "pwned", &Filter::default(), 200).unwrap();
    assert!(hits.len() > 50, "{} hits", hits.len());
    for hit in &hits {
        let text: String = hit.snippet.iter().map(|s| s.text.as_str()).collect();
        assert!(!text.contains(search::MARK_START) && !text.contains(search::MARK_END));
    }
    journal::calendar(vault.conn(), 2024, 1).unwrap();
    journal::insights::insights(vault.conn(), NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()).unwrap();
    for tag in journal::tags(vault.conn(), None).unwrap() {
        journal::list(vault.conn(), &Filter { tag: Some(tag.name), ..Default::default() }, None, 5).unwrap();
    }

    // Export, then import into another vault: every entry arrives unchanged.
    let (json, count) = exchange::export_json(vault.conn()).unwrap();
    assert_eq!(count, corpus.len());
    let (_other_dir, mut other) = self::vault();
    let parsed = exchange::parse(json.as_bytes()).unwrap();
    assert_eq!(exchange::apply(other.conn_mut(), &parsed).unwrap().added, corpus.len());
    for id in &ids {
        same(
            journal::get(other.conn(), id).unwrap(),
            journal::get(vault.conn(), id).unwrap(),
            "export, import",
        );
    }
    // Trash and empty it: hostile text goes as cleanly as it came.
    for id in &ids {
        assert!(journal::trash(vault.conn(), id).unwrap());
    }
    assert_eq!(journal::list_trash(vault.conn()).unwrap().len(), corpus.len());
    assert_eq!(journal::empty_trash(vault.conn_mut()).unwrap(), corpus.len());
    vault.close().unwrap();
    other.close().unwrap();
    drop(dir);
}

#[test]
fn journal_imports_made_of_payloads_apply_cleaned_or_not_at_all() {
    let (_dir, mut vault) = vault();
    let corpus = hostile::corpus();
    let now = "2024-05-01T10:00:00.000Z";
    // A Hearth file written by someone else: raw payloads, never cleaned.
    let hearth_entries: Vec<_> = corpus
        .iter()
        .enumerate()
        .map(|(n, p)| {
            json!({
                "id": format!("00000000-0000-4000-8000-{n:012}"),
                "entry_date": "2023-02-03T04:05:06",
                "title": p.text, "body": p.text, "mood": null,
                "tags": [p.text, "hostile"], "prompt": p.text,
                "created_at": now, "updated_at": now,
            })
        })
        .collect();
    let hearth_file =
        json!({"format": "hearth-journal", "version": 1, "exported_at": now, "entries": hearth_entries});
    let jrnl_entries: Vec<_> = corpus
        .iter()
        .map(|p| json!({"title": p.text, "body": p.text, "date": "2022-02-02", "time": "20:20", "tags": [p.text, "@hostile"], "starred": false}))
        .collect();
    let jrnl_file = json!({"tags": {"@hostile": corpus.len()}, "entries": jrnl_entries});

    for file in [&hearth_file, &jrnl_file] {
        let bytes = serde_json::to_vec(file).unwrap();
        let parsed = exchange::parse(&bytes).unwrap();
        assert_eq!(exchange::preview(vault.conn(), &parsed).unwrap().new, corpus.len());
        assert_eq!(exchange::apply(vault.conn_mut(), &parsed).unwrap().added, corpus.len());
        // The same file again adds nothing.
        let parsed = exchange::parse(&bytes).unwrap();
        assert_eq!(exchange::apply(vault.conn_mut(), &parsed).unwrap().added, 0);
    }
    for (n, p) in corpus.iter().enumerate() {
        let got = journal::get(vault.conn(), &format!("00000000-0000-4000-8000-{n:012}")).unwrap().unwrap();
        let (title, body, tags) = expected_entry(&p.text);
        same((got.title, got.body, got.tags), (title, body, tags), &name(p));
    }
    let by_title = |title: &str| {
        let mut n = 0;
        let mut cursor = None;
        loop {
            let page = journal::list(vault.conn(), &Filter::default(), cursor.as_ref(), 200).unwrap();
            n += page.entries.iter().filter(|e| e.title == title).count();
            match page.next {
                Some(c) => cursor = Some(c),
                None => return n,
            }
        }
    };
    let total = journal::list(vault.conn(), &Filter::default(), None, 1).unwrap();
    assert!(!total.entries.is_empty());
    for p in &corpus[..20] {
        let title = expected_entry(&p.text).0;
        let same = corpus.iter().filter(|q| expected_entry(&q.text).0 == title).count();
        assert_eq!(by_title(&title), 2 * same, "once from each file: {}", name(p));
    }

    // Payloads followed by one broken entry: refused whole, nothing added.
    for mut file in [hearth_file, jrnl_file] {
        let before = journal::list(vault.conn(), &Filter::default(), None, 200).unwrap().entries;
        let entries = file["entries"].as_array_mut().unwrap();
        for e in entries.iter_mut() {
            if let Some(id) = e.get_mut("id") {
                *id = json!(id.as_str().unwrap().replace("-8000-", "-9000-"));
            } else {
                e["time"] = json!("21:21");
            }
        }
        let mut broken = entries[0].clone();
        broken["date"] = json!("<script>window.__pwned=1</script>");
        broken["entry_date"] = json!("<script>window.__pwned=1</script>");
        entries.push(broken);
        let err = exchange::parse(&serde_json::to_vec(&file).unwrap()).unwrap_err();
        assert_eq!(err.kind(), "import_rejected");
        assert!(!err.to_string().contains("pwned"), "the message never repeats the file's text: {err}");
        let after = journal::list(vault.conn(), &Filter::default(), None, 200).unwrap().entries;
        assert_eq!(before, after);
    }
    // Payloads where the file's structure should be.
    for p in hostile::from_file() {
        for bad in [
            json!({"format": p.text, "version": 1, "entries": []}),
            json!({"entries": [{"title": "x", "body": "x", "date": p.text}]}),
            json!({"entries": p.text}),
            json!(p.text),
        ] {
            assert!(exchange::parse(&serde_json::to_vec(&bad).unwrap()).is_err(), "{}", name(&p));
        }
    }
}

// ---------------------------------------------------------------------------
// The bucket list

fn item_input(title: &str, notes: &str) -> ItemInput {
    ItemInput {
        title: title.into(),
        notes: notes.into(),
        category: Category::Outdoors,
        kind: IntimacyKind::Experiential,
        suggested_by: Some(Person::Me),
        interest_me: Interest::Yes,
        interest_partner: Interest::Maybe,
        cost: Cost::Low,
        effort: Effort::Easy,
    }
}

#[test]
fn bucket_fields_and_imports_take_every_payload() {
    let (_dir, vault) = vault();
    settings::set_names(vault.conn(), "Ana", "Sam").unwrap();
    let corpus = hostile::corpus();
    let (mut stored, mut refused) = (0, 0);
    for p in &corpus {
        let before = store::all_with_tombstones(vault.conn()).unwrap();
        let input = item_input(&p.text, &p.text);
        match (input.cleaned(), store::create(vault.conn(), &input)) {
            (Ok(clean), Ok(item)) => {
                assert_eq!((&item.title, &item.notes), (&clean.title, &clean.notes), "{}", name(p));
                assert_eq!(store::get(vault.conn(), item.id).unwrap().as_ref(), Some(&item), "{}", name(p));
                // A memory holds the payload too (or is refused, changing nothing).
                match store::mark_done(
                    vault.conn(),
                    item.id,
                    NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
                    &p.text,
                ) {
                    Ok(done) => assert_eq!(store::get(vault.conn(), item.id).unwrap(), Some(done)),
                    Err(e) => {
                        assert_eq!(e.kind(), "invalid_input", "{}", name(p));
                        assert_eq!(store::get(vault.conn(), item.id).unwrap(), Some(item));
                    }
                }
                stored += 1;
            }
            (Err(_), Err(e)) => {
                assert_eq!(e.kind(), "invalid_input", "{}", name(p));
                assert!(!e.to_string().contains("pwned"), "the message never repeats the text: {e}");
                assert_eq!(store::all_with_tombstones(vault.conn()).unwrap(), before, "{}", name(p));
                refused += 1;
            }
            (want, got) => panic!("{}: cleaned() said {want:?} but create said {got:?}", name(p)),
        }
    }
    eprintln!("bucket: {stored} payloads stored, {refused} refused (too long or empty)");
    assert!(stored >= 100);
    let mine = store::list(vault.conn()).unwrap();
    assert_eq!(mine.len(), stored);
    store::progress(vault.conn(), NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()).unwrap();
    store::pick_for_us(vault.conn()).unwrap();

    // Every export is made; the printable page keeps the structure of a harmless
    // one (payload text is escaped, never markup).
    for format in [Format::Markdown, Format::Csv, Format::Json, Format::Ics, Format::Html] {
        bucket::store::export_from(vault.conn(), format, true, hearth_core::time::now()).unwrap();
    }
    let names = settings::names(vault.conn()).unwrap();
    let tags_of = |html: &str| -> Vec<String> {
        html.split('<').skip(1).map(|t| t.split(['>', ' ']).next().unwrap().to_owned()).collect()
    };
    let harmless = {
        let mut i = mine[0].clone();
        i.title = "A walk".into();
        i.notes = String::new();
        i.memory = "Lovely".into();
        export::html(&[i], &names, 0)
    };
    for item in &mine {
        let html = export::html(std::slice::from_ref(item), &names, 0);
        assert_eq!(tags_of(&html), tags_of(&harmless), "the printable page of {:?}", item.title);
    }

    // Export to JSON, import into the partner's vault: the same text arrives.
    let json =
        bucket::store::export_from(vault.conn(), Format::Json, false, hearth_core::time::now()).unwrap();
    let (_pdir, mut partner) = self::vault();
    let file = export::read_json(json.as_bytes()).unwrap();
    let preview = bucket::store::import_apply(partner.conn_mut(), &file).unwrap();
    assert_eq!(preview.new.len(), stored);
    let theirs = store::list(partner.conn()).unwrap();
    for item in &mine {
        let got = theirs.iter().find(|i| i.id == item.id).unwrap();
        assert_eq!((&got.title, &got.notes, &got.memory), (&item.title, &item.notes, &item.memory));
    }
    // The same file again changes nothing.
    let again = bucket::store::import_apply(partner.conn_mut(), &export::read_json(json.as_bytes()).unwrap())
        .unwrap();
    assert!(again.new.is_empty() && again.updated.is_empty());

    // A file written by someone else: raw payloads (control characters and all) are
    // kept exactly as the file has them, or the file is refused whole.
    let mut raw: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = raw["items"].as_array_mut().unwrap();
    let mut kept = Vec::new();
    let mut n = 0u128;
    for p in hostile::from_file() {
        if p.text.trim().is_empty() || p.text.chars().count() > bucket::MAX_TITLE_CHARS {
            continue;
        }
        n += 1;
        let mut item = items[0].clone();
        item["id"] =
            json!(bucket::Uuid::from_u128(0xabcd_0000_0000_4000_8000_0000_0000_0000 + n).to_string());
        item["title"] = json!(p.text);
        item["notes"] = json!(p.text);
        kept.push((item["id"].as_str().unwrap().to_owned(), p.text.clone()));
        items.push(item);
    }
    let bytes = serde_json::to_vec(&raw).unwrap();
    let (_rdir, mut fresh) = self::vault();
    bucket::store::import_apply(fresh.conn_mut(), &export::read_json(&bytes).unwrap()).unwrap();
    for (id, text) in &kept {
        let got = store::get(fresh.conn(), bucket::parse_id(id).unwrap()).unwrap().unwrap();
        assert_eq!((&got.title, &got.notes), (text, text));
    }
    // One item too long among them: nothing at all is imported.
    let before = store::all_with_tombstones(partner.conn()).unwrap();
    let mut too_long = raw["items"][0].clone();
    too_long["id"] = json!(bucket::Uuid::from_u128(0xffff_0000_0000_4000_8000_0000_0000_0001).to_string());
    too_long["title"] = json!(hostile::huge()[0].text);
    raw["items"].as_array_mut().unwrap().push(too_long);
    let err = export::read_json(&serde_json::to_vec(&raw).unwrap()).unwrap_err();
    assert_eq!(err.kind(), "invalid_input");
    assert_eq!(store::all_with_tombstones(partner.conn()).unwrap(), before);
    for p in hostile::from_file() {
        let bad = json!({"format": "hearth-bucket-list", "version": 1, "exported_at": p.text, "vault_id": p.text, "names": {"me": p.text, "partner": p.text}, "items": []});
        assert!(export::read_json(&serde_json::to_vec(&bad).unwrap()).is_err(), "{}", name(&p));
    }
}

// ---------------------------------------------------------------------------
// Names: the self-check's share file and the couple's names in settings

#[test]
fn partner_display_names_are_kept_as_text_or_refused_whole() {
    let (_dir, mut vault) = vault();
    let check = selfcheck::store::complete(vault.conn_mut(), &hearth_tests::every_answer(2, 4), &[]).unwrap();
    let (_pdir, partner) = self::vault();
    let (mut kept, mut refused) = (0, 0);
    for p in hostile::corpus() {
        match (clean_name(&p.text), ShareFile::from_check(&check, &p.text, false)) {
            (Some(clean), Ok(file)) => {
                assert_eq!(file.display_name, clean);
                let parsed = ShareFile::parse(file.to_json().as_bytes()).unwrap();
                let saved = selfcheck::store::save_partner(partner.conn(), &parsed).unwrap();
                assert_eq!(saved.display_name, clean, "{}", name(&p));
                assert_eq!(selfcheck::store::partner_result(partner.conn(), &saved.id).unwrap(), Some(saved));
                kept += 1;
            }
            (None, Err(e)) => {
                assert_eq!(e.kind(), "invalid_input", "{}", name(&p));
                refused += 1;
            }
            (want, got) => panic!("{}: clean_name {want:?}, from_check {got:?}", name(&p)),
        }
        // The raw payload written into a file by hand: accepted only if it is
        // already clean, else refused with nothing stored.
        let before = selfcheck::store::partner_results(partner.conn()).unwrap();
        let mut file: serde_json::Value =
            serde_json::from_str(&ShareFile::from_check(&check, "Sam", false).unwrap().to_json()).unwrap();
        file["display_name"] = json!(p.text);
        file["taken_at"] = json!("2024-03-03T03:03:03Z");
        let parsed = ShareFile::parse(&serde_json::to_vec(&file).unwrap());
        if clean_name(&p.text).as_deref() == Some(p.text.as_str()) {
            let saved = selfcheck::store::save_partner(partner.conn(), &parsed.unwrap()).unwrap();
            assert_eq!(saved.display_name, p.text);
        } else {
            assert_eq!(parsed.unwrap_err().kind(), "invalid_input", "{}", name(&p));
            assert!(selfcheck::store::partner_results(partner.conn()).unwrap() == before, "{}", name(&p));
        }
    }
    eprintln!("share names: {kept} kept, {refused} refused");
    assert!(kept >= 30);
    for r in selfcheck::store::partner_results(partner.conn()).unwrap() {
        selfcheck::compare::compare(&check.scores, &r.scores);
    }
}

#[test]
fn the_couples_names_are_kept_as_text_or_refused_whole() {
    let (_dir, vault) = vault();
    let (mut kept, mut refused) = (0, 0);
    for p in hostile::corpus() {
        let before = settings::names(vault.conn()).unwrap();
        let clean: String = p.text.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned();
        match settings::set_names(vault.conn(), &p.text, &p.text) {
            Ok(names) => {
                assert!(clean.chars().count() <= settings::MAX_NAME_CHARS);
                let expect =
                    |default: &str| if clean.is_empty() { default.to_owned() } else { clean.clone() };
                assert_eq!(names, settings::Names { me: expect("Me"), partner: expect("My partner") });
                assert_eq!(settings::names(vault.conn()).unwrap(), names, "{}", name(&p));
                kept += 1;
            }
            Err(e) => {
                assert_eq!(e.kind(), "invalid_input", "{}", name(&p));
                assert!(clean.chars().count() > settings::MAX_NAME_CHARS);
                assert_eq!(settings::names(vault.conn()).unwrap(), before, "nothing half-applied");
                refused += 1;
            }
        }
        // One good and one bad name: neither is stored.
        settings::set_names(vault.conn(), "Ana", "Sam").unwrap();
        if settings::set_names(vault.conn(), "Ben", &hostile::huge()[0].text).is_ok() {
            panic!("a 1 MB name was accepted");
        }
        assert_eq!(settings::names(vault.conn()).unwrap().me, "Ana");
    }
    eprintln!("names: {kept} kept, {refused} refused");
    assert!(kept >= 30);
}
