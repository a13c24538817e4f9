//! The shell through Tauri's mock runtime: real commands, the real capability
//! file and ACL, a real vault in a temp folder; no window, no WebKit.

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

const PASS: &str = "lantern orchard tuesday";

fn app(dir: &std::path::Path) -> (App<tauri::test::MockRuntime>, WebviewWindow<tauri::test::MockRuntime>) {
    let app = crate::build(mock_builder(), Some(dir.to_path_buf()))
        .build(tauri::generate_context!())
        .expect("the app builds on the mock runtime");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, window)
}

fn call(window: &WebviewWindow<tauri::test::MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn kind(err: &Value) -> &str {
    err["kind"].as_str().unwrap_or_else(|| panic!("no kind in {err}"))
}

#[test]
fn create_lock_unlock_and_errors_as_kind_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());

    let status = call(&w, "app_status", json!({})).unwrap();
    assert_eq!(status["vault_exists"], false);
    assert_eq!(status["unlocked"], false);

    // Locked: settings are refused with a kind the window can branch on.
    let err = call(&w, "get_settings", json!({})).unwrap_err();
    assert_eq!(kind(&err), "locked");

    let err =
        call(&w, "create_vault", json!({ "passphrase": "short", "confirmation": "short" })).unwrap_err();
    assert_eq!(kind(&err), "weak_passphrase");
    assert!(err["message"].as_str().unwrap().contains("at least 10 characters"), "{err}");
    let err = call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": "lantern orchard" }))
        .unwrap_err();
    assert_eq!(kind(&err), "passphrase_mismatch");

    let settings = call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    assert_eq!(settings["auto_lock_minutes"], 5);
    assert_eq!(call(&w, "app_status", json!({})).unwrap()["unlocked"], true);

    let settings = call(&w, "set_auto_lock", json!({ "minutes": 15 })).unwrap();
    assert_eq!(settings["auto_lock_minutes"], 15);
    assert_eq!(kind(&call(&w, "set_auto_lock", json!({ "minutes": 7 })).unwrap_err()), "invalid_input");

    call(&w, "lock", json!({})).unwrap();
    assert_eq!(call(&w, "app_status", json!({})).unwrap()["unlocked"], false);
    assert_eq!(call(&w, "touch", json!({})).unwrap(), false, "touch reports the lock");

    let err = call(&w, "unlock", json!({ "passphrase": "lantern orchard wednesday" })).unwrap_err();
    assert_eq!(kind(&err), "wrong_passphrase");
    assert_eq!(err.as_object().unwrap().len(), 2, "only kind and message: {err}");

    let settings = call(&w, "unlock", json!({ "passphrase": PASS })).unwrap();
    assert_eq!(settings["auto_lock_minutes"], 15, "the setting lives in the vault");

    assert_eq!(call(&w, "get_names", json!({})).unwrap(), json!({ "me": "Me", "partner": "My partner" }));
    let names = call(&w, "set_names", json!({ "me": " Ana ", "partner": "Sam" })).unwrap();
    assert_eq!(names, json!({ "me": "Ana", "partner": "Sam" }));
}

#[test]
fn repeated_wrong_passphrases_are_throttled() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    call(&w, "lock", json!({})).unwrap();
    for _ in 0..hearth_core::throttle::FREE_TRIES {
        let err = call(&w, "unlock", json!({ "passphrase": "not it at all" })).unwrap_err();
        assert_eq!(kind(&err), "wrong_passphrase");
    }
    // Even the right passphrase must wait now.
    let err = call(&w, "unlock", json!({ "passphrase": PASS })).unwrap_err();
    assert_eq!(kind(&err), "throttled");
    assert_eq!(err["retry_after_secs"], 2);
    assert!(err["message"].as_str().unwrap().contains("wait 2 seconds"), "{err}");
}

#[test]
fn change_passphrase_checks_current_new_and_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    let new = "copper kettle midnight swim";
    let change = |current: &str, n: &str, c: &str| {
        call(&w, "change_passphrase", json!({ "current": current, "new": n, "confirmation": c }))
    };
    assert_eq!(kind(&change("nope nope nope", new, new).unwrap_err()), "wrong_passphrase");
    assert_eq!(kind(&change(PASS, "weak", "weak").unwrap_err()), "weak_passphrase");
    assert_eq!(kind(&change(PASS, new, "copper").unwrap_err()), "passphrase_mismatch");
    assert_eq!(kind(&change(PASS, PASS, PASS).unwrap_err()), "invalid_input");
    change(PASS, new, new).unwrap();
    call(&w, "lock", json!({})).unwrap();
    assert_eq!(kind(&call(&w, "unlock", json!({ "passphrase": PASS })).unwrap_err()), "wrong_passphrase");
    call(&w, "unlock", json!({ "passphrase": new })).unwrap();
}

#[test]
fn idle_vault_locks_itself() {
    let dir = tempfile::tempdir().unwrap();
    let state = crate::state::AppState::new(dir.path().into(), Some(std::time::Duration::from_millis(1)));
    let vault = hearth_core::Vault::create(dir.path(), PASS, Default::default()).unwrap();
    state.open(vault).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    assert!(state.lock_if_idle());
    assert!(state.guard().vault.is_none());
    assert!(!state.lock_if_idle(), "nothing left to lock");
    // The vault's lock file is free again: another open succeeds.
    hearth_core::Vault::unlock(dir.path(), PASS).unwrap();
}

#[test]
fn only_the_main_window_may_call_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (app, main) = app(dir.path());
    call(&main, "app_status", json!({})).unwrap();
    // Any other window (say, one a future feature opens for a preview) gets nothing.
    let other = WebviewWindowBuilder::new(&app, "preview", Default::default()).build().unwrap();
    let err = call(&other, "app_status", json!({})).unwrap_err();
    assert!(err.to_string().contains("not allowed"), "{err}");
}

#[test]
fn selfcheck_commands_pass_the_capability_and_keep_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    let bank = call(&w, "selfcheck_bank", json!({})).unwrap();
    assert_eq!(bank["dimensions"].as_array().unwrap().len(), 6);
    assert_eq!(kind(&call(&w, "selfcheck_draft_get", json!({})).unwrap_err()), "locked");

    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    assert!(bank["helplines"]["regions"].as_array().unwrap().len() >= 6);
    assert!(!bank["how_scored"].as_array().unwrap().is_empty());
    let answers = json!({ "emo2-1": { "now": 3 } });
    call(
        &w,
        "selfcheck_draft_save",
        json!({ "position": 2, "answers": answers, "warningSigns": ["lonely"] }),
    )
    .unwrap();
    let draft = call(&w, "selfcheck_draft_get", json!({})).unwrap();
    assert_eq!(draft["position"], 2);
    assert_eq!(draft["answers"]["emo2-1"]["now"], 3);
    let err = call(&w, "selfcheck_complete", json!({ "answers": answers, "warningSigns": [] })).unwrap_err();
    assert_eq!(kind(&err), "invalid_input");

    let mut all = serde_json::Map::new();
    for d in bank["bank"]["dimensions"].as_array().unwrap() {
        for i in d["items"].as_array().unwrap() {
            all.insert(i["id"].as_str().unwrap().into(), json!({ "now": 1, "wish": 4 }));
        }
    }
    let done = call(&w, "selfcheck_complete", json!({ "answers": all, "warningSigns": [] })).unwrap();
    assert_eq!(done["insights"]["suggest_support"], true);
    assert_eq!(done["insights"]["safety"], false);
    assert_eq!(call(&w, "selfcheck_draft_get", json!({})).unwrap(), Value::Null);
    let history = call(&w, "selfcheck_history", json!({})).unwrap();
    assert_eq!(history[0]["id"], done["check"]["id"]);
    assert!(history[0].get("answers").is_none(), "the history carries no item answers");
}

#[test]
fn bucket_commands_are_granted_and_refuse_bad_input_with_a_kind() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    assert_eq!(kind(&call(&w, "bucket_list", json!({})).unwrap_err()), "locked");
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    let input = json!({
        "title": "Hike the ridge", "notes": "", "category": "outdoors", "kind": "experiential",
        "suggested_by": "me", "interest_me": "yes", "interest_partner": "yes", "cost": "free", "effort": "some"
    });
    let item = call(&w, "bucket_save", json!({ "input": input })).unwrap();
    let id = item["id"].as_str().unwrap();
    let planned = call(&w, "bucket_plan", json!({ "id": id, "date": "2026-06-13" })).unwrap();
    assert_eq!(planned["status"], "planned");
    let err = call(&w, "bucket_plan", json!({ "id": id, "date": "13/06/2026" })).unwrap_err();
    assert_eq!(kind(&err), "invalid_input");
    call(&w, "bucket_mark_done", json!({ "id": id, "date": "2026-06-13", "memory": "Windy." })).unwrap();
    let overview = call(&w, "bucket_list", json!({})).unwrap();
    assert_eq!(overview["items"][0]["memory"], "Windy.");
    assert_eq!(overview["rotation"]["turn"], "partner");
    let starters = call(&w, "bucket_starter_ideas", json!({})).unwrap();
    assert!(starters.as_array().unwrap().len() >= 60);
    let apart = starters.as_array().unwrap().iter().find(|s| s["id"] == "film-in-sync").unwrap();
    assert!(apart["suits_labels"].as_array().unwrap().contains(&json!("Works apart")), "{apart}");
    let n = call(&w, "bucket_add_starters", json!({ "ids": ["day-hike", "picnic"] })).unwrap();
    assert_eq!(n, 2);
    let err = call(&w, "bucket_import_apply", json!({})).unwrap_err();
    assert_eq!(kind(&err), "invalid_input", "apply without a preview is refused");
}

#[test]
fn journal_commands_through_the_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    assert_eq!(kind(&call(&w, "journal_list", json!({})).unwrap_err()), "locked");
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();

    let entry = json!({ "entry_date": "2024-05-01T21:30", "title": "<b>Hi</b>", "body": "Under the **old oak**\n\n<script>x()</script>", "mood": 4, "tags": ["us"] });
    let saved = call(&w, "journal_save", json!({ "entry": entry })).unwrap();
    let id = saved["id"].as_str().unwrap().to_owned();
    let view = call(&w, "journal_get", json!({ "id": id })).unwrap();
    assert_eq!(view["entry"]["title"], "<b>Hi</b>");
    let html = view["html"].as_str().unwrap();
    assert!(html.contains("<strong>old oak</strong>") && html.contains("&lt;script&gt;"), "{html}");
    assert_eq!(call(&w, "journal_get", json!({ "id": "nope" })).unwrap(), Value::Null);

    let hits = call(&w, "journal_search", json!({ "query": "oa" })).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    let hits = call(&w, "journal_search", json!({ "query": "\"unbalanced AND *" })).unwrap();
    assert!(hits.as_array().unwrap().is_empty());
    let page = call(&w, "journal_list", json!({ "filter": { "tag": "us" }, "limit": 10 })).unwrap();
    assert_eq!(page["entries"].as_array().unwrap().len(), 1);
    assert_eq!(page["next"], Value::Null);
    assert_eq!(call(&w, "journal_tags", json!({ "prefix": "u" })).unwrap()[0]["name"], "us");
    assert!(call(&w, "journal_prompt", json!({})).unwrap()["text"].as_str().unwrap().len() > 10);
    assert_eq!(call(&w, "journal_insights", json!({})).unwrap()["entries"], 1);
    assert_eq!(
        call(&w, "journal_calendar", json!({ "year": 2024, "month": 5 })).unwrap()[0]["day"],
        "2024-05-01"
    );

    assert_eq!(call(&w, "journal_delete", json!({ "id": id })).unwrap(), true);
    assert_eq!(call(&w, "journal_trash", json!({})).unwrap()[0]["id"], id.as_str());
    assert_eq!(call(&w, "journal_restore", json!({ "id": id })).unwrap(), true);
    assert_eq!(kind(&call(&w, "journal_import_apply", json!({})).unwrap_err()), "invalid_input");
}

#[test]
fn unlocking_purges_entries_trashed_over_thirty_days_ago() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut vault =
            hearth_core::Vault::create(dir.path(), PASS, hearth_core::keyfile::KdfParams::default()).unwrap();
        let input = |t: &str| hearth_core::journal::EntryInput {
            entry_date: "2024-01-01".into(),
            title: t.into(),
            ..Default::default()
        };
        let old = hearth_core::journal::save(vault.conn_mut(), &input("old")).unwrap();
        let recent = hearth_core::journal::save(vault.conn_mut(), &input("recent")).unwrap();
        hearth_core::journal::trash(vault.conn(), &old.id).unwrap();
        hearth_core::journal::trash(vault.conn(), &recent.id).unwrap();
        vault
            .conn()
            .execute(
                "UPDATE journal_entries SET deleted_at = '2000-01-01T00:00:00.000Z' WHERE id = ?1",
                [&old.id],
            )
            .unwrap();
        vault.close().unwrap();
    }
    let (_app, w) = app(dir.path());
    call(&w, "unlock", json!({ "passphrase": PASS })).unwrap();
    let trash = call(&w, "journal_trash", json!({})).unwrap();
    let titles: Vec<&str> = trash.as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["recent"]);
}
