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

/// The app with its file dialogs answered from `dialogs` (see `hooks.rs`): a save
/// goes to `dialogs/<suggested name>`, an open picks the path in `dialogs/open-path.txt`.
fn app_with_dialogs(
    dir: &std::path::Path,
    dialogs: &std::path::Path,
) -> (App<tauri::test::MockRuntime>, WebviewWindow<tauri::test::MockRuntime>) {
    app_with_hooks(
        dir,
        crate::hooks::Hooks { fake_dialog_dir: Some(dialogs.to_path_buf()), ..Default::default() },
    )
}

fn app_with_hooks(
    dir: &std::path::Path,
    hooks: crate::hooks::Hooks,
) -> (App<tauri::test::MockRuntime>, WebviewWindow<tauri::test::MockRuntime>) {
    let app = crate::build_with_hooks(mock_builder(), Some(dir.to_path_buf()), hooks)
        .build(tauri::generate_context!())
        .expect("the app builds on the mock runtime");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, window)
}

/// Makes the next open dialog answer `path`.
fn will_open(dialogs: &std::path::Path, path: &std::path::Path) {
    std::fs::write(dialogs.join("open-path.txt"), path.to_str().unwrap()).unwrap();
}

/// Picks a file with `pick`, locks and unlocks, then tries `apply`: locking must
/// have forgotten the pick.
fn assert_lock_forgets_the_pick(
    w: &WebviewWindow<tauri::test::MockRuntime>,
    pick: &str,
    apply: &str,
    args: Value,
) {
    call(w, pick, json!({})).unwrap();
    call(w, "lock", json!({})).unwrap();
    call(w, "unlock", json!({ "passphrase": PASS })).unwrap();
    let err = call(w, apply, args).unwrap_err();
    assert_eq!(kind(&err), "invalid_input", "{err}");
    assert!(err["message"].as_str().unwrap().starts_with("Choose a "), "{err}");
}

fn assert_changed_refused(err: &Value) {
    assert_eq!(kind(err), "invalid_input", "{err}");
    assert!(err["message"].as_str().unwrap().contains("changed after you chose it"), "{err}");
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

/// The default vault lives in the system's own app-data folder, as the README's
/// table says. Each system checks its own row (the release workflow runs this on
/// Linux, Windows and macOS).
#[test]
fn the_default_data_folder_is_the_systems_app_data_folder() {
    use tauri::Manager;
    let app = mock_builder().build(tauri::generate_context!()).unwrap();
    let dir = app.path().app_data_dir().unwrap();
    let env = |name: &str| {
        std::path::PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} unset")))
    };
    #[cfg(target_os = "linux")]
    let expected = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env("HOME").join(".local/share"));
    #[cfg(target_os = "macos")]
    let expected = env("HOME").join("Library/Application Support");
    #[cfg(target_os = "windows")]
    let expected = env("APPDATA");
    assert_eq!(dir, expected.join("app.hearth.desktop"));
}

/// The window takes its shortcuts from `app_status`, before any vault is open:
/// this system's table, as the shortcuts module makes it.
#[test]
fn status_carries_this_systems_shortcuts() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    let status = call(&w, "app_status", json!({})).unwrap();
    let expected = crate::shortcuts::for_os(crate::shortcuts::Os::current());
    assert_eq!(status["shortcuts"], serde_json::to_value(&expected).unwrap());
    let lock = status["shortcuts"].as_array().unwrap().iter().find(|s| s["action"] == "lock").unwrap();
    #[cfg(not(target_os = "macos"))]
    assert_eq!((lock["modifier"].as_str(), lock["label"].as_str()), (Some("ctrl"), Some("Ctrl+L")));
    #[cfg(target_os = "macos")]
    assert_eq!((lock["modifier"].as_str(), lock["label"].as_str()), (Some("meta"), Some("⌘L")));
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

/// Two people, one computer: each Hearth has its own passphrase and its own count
/// of wrong tries, and the lock screen switches between them only while locked.
#[test]
fn a_second_hearth_on_one_computer_keeps_its_own_passphrase_and_tries() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    let other = "copper kettle midnight swim";
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS, "name": "Sam" })).unwrap();
    // Open, the lock screen can't be switched.
    assert_eq!(kind(&call(&w, "new_hearth", json!({})).unwrap_err()), "invalid_input");
    call(&w, "lock", json!({})).unwrap();

    let status = call(&w, "new_hearth", json!({})).unwrap();
    assert_eq!(status["vault_exists"], false);
    assert_eq!(status["hearths"].as_array().unwrap().len(), 1);
    let second = status["current"].as_str().unwrap().to_string();
    assert_ne!(second, "first");
    call(&w, "create_vault", json!({ "passphrase": other, "confirmation": other, "name": " Alex\n" }))
        .unwrap();
    call(&w, "set_names", json!({ "me": "Alex", "partner": "Sam" })).unwrap();
    call(&w, "lock", json!({})).unwrap();

    let status = call(&w, "app_status", json!({})).unwrap();
    assert_eq!(status["current"], second.as_str());
    assert_eq!(
        status["hearths"],
        json!([{ "id": "first", "name": "Sam" }, { "id": second, "name": "Alex" }])
    );
    // Sam's passphrase doesn't open Alex's Hearth, and Alex's wrong tries are Alex's.
    for _ in 0..hearth_core::throttle::FREE_TRIES {
        assert_eq!(kind(&call(&w, "unlock", json!({ "passphrase": PASS })).unwrap_err()), "wrong_passphrase");
    }
    assert_eq!(kind(&call(&w, "unlock", json!({ "passphrase": other })).unwrap_err()), "throttled");
    let status = call(&w, "choose_hearth", json!({ "id": "first" })).unwrap();
    assert_eq!((status["current"].as_str(), status["vault_exists"].as_bool()), (Some("first"), Some(true)));
    call(&w, "unlock", json!({ "passphrase": PASS })).unwrap();
    // Each vault keeps its own contents.
    assert_eq!(call(&w, "get_names", json!({})).unwrap()["me"], "Me");
    assert_eq!(call(&w, "get_settings", json!({})).unwrap()["hearth_name"], "Sam");
    assert_eq!(call(&w, "set_hearth_name", json!({ "name": "Sam B." })).unwrap(), "Sam B.");
    call(&w, "lock", json!({})).unwrap();
    // Ids that aren't one of this computer's Hearths are refused.
    for bad in ["../..", "nobody", "12345678-1234-1234-1234-1234567890ab"] {
        assert_eq!(
            kind(&call(&w, "choose_hearth", json!({ "id": bad })).unwrap_err()),
            "invalid_input",
            "{bad}"
        );
    }
    assert_eq!(call(&w, "app_status", json!({})).unwrap()["current"], "first");
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
    let hooks =
        crate::hooks::Hooks { autolock: Some(std::time::Duration::from_millis(1)), ..Default::default() };
    let state = crate::state::AppState::new(dir.path().into(), hooks);
    state.create(PASS, Default::default(), "").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    assert!(state.lock_if_idle());
    assert!(!state.is_unlocked());
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
    assert_eq!(overview["items"][0]["both_want"], true, "both said yes");
    let print = call(&w, "bucket_print_view", json!({})).unwrap();
    assert_eq!(print["groups"][0]["items"][0]["note"], "Windy.");
    let words = call(&w, "bucket_vocabulary", json!({})).unwrap();
    assert_eq!(words["categories"][0], json!({ "id": "outdoors", "label": "Outdoors" }));
    assert_eq!(words["new_item"]["interest_partner"], "not_asked");
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
fn together_commands_reveal_answers_only_once_both_are_in() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    assert_eq!(kind(&call(&w, "together_overview", json!({})).unwrap_err()), "locked");
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    let overview = call(&w, "together_overview", json!({})).unwrap();
    let spicy = overview["decks"].as_array().unwrap().iter().find(|d| d["id"] == "spicy").unwrap();
    assert_eq!(spicy["offered"], false, "the spicy deck is off by default");
    assert_eq!(overview["checkin"]["done"], false);
    let asked = call(&w, "together_next", json!({ "deck": "fun" })).unwrap();
    let id = asked["id"].as_str().unwrap();
    let after_me =
        call(&w, "together_answer", json!({ "id": id, "who": "me", "text": "The Kettle Drums" })).unwrap();
    assert_eq!(after_me["me"], json!({ "answered": true, "text": null }), "hidden until both are in");
    assert_eq!(after_me["revealed"], false);
    let got = call(&w, "together_get", json!({ "id": id })).unwrap();
    assert!(!got.to_string().contains("Kettle"), "no command hands out a hidden answer: {got}");
    let history = call(&w, "together_history", json!({})).unwrap();
    assert!(!history.to_string().contains("Kettle"), "{history}");
    let err = call(&w, "together_answer", json!({ "id": id, "who": "partner", "text": "  " })).unwrap_err();
    assert_eq!(kind(&err), "invalid_input");
    call(&w, "together_answer", json!({ "id": id, "who": "them", "text": "x" })).unwrap_err();
    let got = call(&w, "together_get", json!({ "id": id })).unwrap();
    assert_eq!(got["partner"]["answered"], false, "refused answers write nothing: {got}");
    let both =
        call(&w, "together_answer", json!({ "id": id, "who": "partner", "text": "Loud Socks" })).unwrap();
    assert_eq!(both["revealed"], true);
    assert_eq!(both["me"]["text"], "The Kettle Drums");
    assert_eq!(both["partner"]["text"], "Loud Socks");
    let found = call(&w, "together_search", json!({ "query": "socks" })).unwrap();
    assert_eq!(found[0]["kind"], "answer");
    let note =
        call(&w, "together_note_add", json!({ "author": "partner", "text": "I noticed the tea." })).unwrap();
    assert_eq!(note["author"], "partner");
    assert_eq!(call(&w, "together_notes", json!({})).unwrap().as_array().unwrap().len(), 1);
    for who in ["me", "partner"] {
        call(&w, "together_checkin_save", json!({ "who": who, "answers": { "went-well": "The walk" } }))
            .unwrap();
    }
    let home = call(&w, "home_overview", json!({})).unwrap();
    assert_eq!(home["checkin"]["done"], true, "{home}");
    assert_eq!(home["streak"]["weeks_done"], 1);
    assert!(home["tonight"]["text"].as_str().unwrap().ends_with('?'));
    call(
        &w,
        "together_care_set",
        json!({ "person": "me", "item": "touch", "level": "not_for_us", "note": "" }),
    )
    .unwrap();
    let err =
        call(&w, "together_care_set", json!({ "person": "me", "item": "x", "level": "a_lot", "note": "" }))
            .unwrap_err();
    assert_eq!(kind(&err), "invalid_input");
    let content = call(&w, "together_content", json!({})).unwrap();
    assert!(content["questions"].as_array().unwrap().len() >= 200);
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
    assert_eq!(page["entries"][0], saved, "a save answers with the entry's row in the list");
    let tags = call(&w, "journal_add_tag", json!({ "tags": ["us"], "tag": " #Walks, " })).unwrap();
    assert_eq!(tags, json!(["us", "Walks"]));
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

    let one = call(&w, "journal_print_entry", json!({ "id": id })).unwrap();
    assert_eq!(one["entries"][0]["title"], "<b>Hi</b>");
    assert_eq!(one["entries"][0]["html"], html, "printed as it is shown");
    let range = call(&w, "journal_print_range", json!({ "from": "2024-05-01", "to": "2024-05-31" })).unwrap();
    assert_eq!(range["entries"][0]["when"], "Wednesday 1 May 2024, 21:30");
    let none = call(&w, "journal_print_range", json!({ "from": "2020-01-01", "to": "2020-01-31" }));
    assert_eq!(kind(&none.unwrap_err()), "invalid_input");
}

#[test]
fn unlocking_purges_entries_trashed_over_thirty_days_ago() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut vault =
            hearth_core::Vault::create(dir.path(), PASS, hearth_core::keyfile::KdfParams::FAST_FOR_TESTS)
                .unwrap();
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

#[test]
fn every_command_that_shows_a_dialog_says_locked_first() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    // With no vault open, none of these may get as far as a dialog (the mock
    // runtime has none to show): each is refused with `locked`.
    for (cmd, args) in [
        ("backup_create", json!({})),
        ("backup_choose", json!({})),
        ("journal_export_json", json!({})),
        ("journal_export_markdown", json!({})),
        ("journal_import_preview", json!({})),
        ("bucket_export", json!({ "format": "json" })),
        ("bucket_import_preview", json!({})),
        ("selfcheck_export_share", json!({ "id": "x", "includeAnswers": false })),
        ("selfcheck_import_partner", json!({})),
        ("together_export", json!({ "format": "json" })),
    ] {
        let err = call(&w, cmd, args).unwrap_err();
        assert_eq!(kind(&err), "locked", "{cmd}: {err}");
    }
}

fn journal_file(title: &str) -> String {
    json!({ "format": "hearth-journal", "version": 1, "exported_at": "2026-01-01T00:00:00Z", "entries": [{
        "id": "00000000-0000-4000-8000-000000000001", "entry_date": "2024-05-01T21:30", "title": title,
        "body": "By the river.", "mood": 4, "tags": ["us"], "prompt": null,
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
    }] })
    .to_string()
}

#[test]
fn a_journal_import_changed_after_its_preview_or_across_a_lock_writes_nothing() {
    let (dir, dialogs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (_app, w) = app_with_dialogs(dir.path(), dialogs.path());
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    let file = dialogs.path().join("journal.json");
    std::fs::write(&file, journal_file("Picnic")).unwrap();
    will_open(dialogs.path(), &file);
    let entries = |w: &WebviewWindow<_>| call(w, "journal_list", json!({})).unwrap()["entries"].clone();

    // Picked and previewed, then changed on disk: refused, nothing written.
    assert_eq!(call(&w, "journal_import_preview", json!({})).unwrap()["new"], 1);
    std::fs::write(&file, journal_file("Someone else's picnic")).unwrap();
    assert_changed_refused(&call(&w, "journal_import_apply", json!({})).unwrap_err());
    assert_eq!(entries(&w), json!([]));
    // The refused pick is gone: applying again needs a new preview.
    assert_eq!(kind(&call(&w, "journal_import_apply", json!({})).unwrap_err()), "invalid_input");

    assert_lock_forgets_the_pick(&w, "journal_import_preview", "journal_import_apply", json!({}));
    assert_eq!(entries(&w), json!([]));

    // Unchanged, it imports.
    call(&w, "journal_import_preview", json!({})).unwrap();
    assert_eq!(call(&w, "journal_import_apply", json!({})).unwrap()["added"], 1);
    assert_eq!(entries(&w)[0]["title"], "Someone else's picnic");
}

#[test]
fn a_bucket_import_changed_after_its_preview_or_across_a_lock_writes_nothing() {
    let dialogs = tempfile::tempdir().unwrap();
    // The partner's vault exports its list...
    let partner_dir = tempfile::tempdir().unwrap();
    let partner = hearth_core::Vault::create(partner_dir.path(), PASS, Default::default()).unwrap();
    let input = serde_json::from_value(json!({
        "title": "Night swim", "notes": "", "category": "outdoors", "kind": "experiential",
        "suggested_by": "me", "interest_me": "yes", "interest_partner": "yes", "cost": "free", "effort": "some"
    }))
    .unwrap();
    hearth_core::bucket::store::create(partner.conn(), &input).unwrap();
    let format = hearth_core::bucket::export::Format::Json;
    let text =
        hearth_core::bucket::store::export_from(partner.conn(), format, false, hearth_core::time::now())
            .unwrap();
    let file = dialogs.path().join("partner.json");
    std::fs::write(&file, text).unwrap();

    // ...and this one previews it.
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app_with_dialogs(dir.path(), dialogs.path());
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    will_open(dialogs.path(), &file);
    let items = |w: &WebviewWindow<_>| call(w, "bucket_list", json!({})).unwrap()["items"].clone();

    let preview = call(&w, "bucket_import_preview", json!({})).unwrap();
    assert_eq!(preview["new"].as_array().unwrap().len(), 1, "{preview}");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.push(b'\n'); // still a valid file, but not the one previewed
    std::fs::write(&file, &bytes).unwrap();
    assert_changed_refused(&call(&w, "bucket_import_apply", json!({})).unwrap_err());
    assert_eq!(items(&w), json!([]));

    // (The bucket import's pick used to outlive a lock.)
    assert_lock_forgets_the_pick(&w, "bucket_import_preview", "bucket_import_apply", json!({}));
    assert_eq!(items(&w), json!([]));

    call(&w, "bucket_import_preview", json!({})).unwrap();
    assert_eq!(call(&w, "bucket_import_apply", json!({})).unwrap()["new"].as_array().unwrap().len(), 1);
    assert_eq!(items(&w)[0]["title"], "Night swim");
}

#[test]
fn a_backup_changed_after_it_was_chosen_or_across_a_lock_is_not_restored() {
    let (dir, dialogs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (_app, w) = app_with_dialogs(dir.path(), dialogs.path());
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    let saved = call(&w, "backup_create", json!({})).unwrap();
    let backup = std::path::PathBuf::from(saved["path"].as_str().unwrap());
    let original = std::fs::read(&backup).unwrap();
    call(&w, "set_names", json!({ "me": "Ana", "partner": "Sam" })).unwrap();
    will_open(dialogs.path(), &backup);

    call(&w, "backup_choose", json!({})).unwrap();
    let mut changed = original.clone();
    *changed.last_mut().unwrap() ^= 1;
    std::fs::write(&backup, &changed).unwrap();
    assert_changed_refused(&call(&w, "backup_restore", json!({ "passphrase": PASS })).unwrap_err());
    // Nothing was restored: the vault is open and still has what came after the backup.
    assert_eq!(call(&w, "get_names", json!({})).unwrap()["me"], "Ana");

    std::fs::write(&backup, &original).unwrap();
    assert_lock_forgets_the_pick(&w, "backup_choose", "backup_restore", json!({ "passphrase": PASS }));
    assert_eq!(call(&w, "get_names", json!({})).unwrap()["me"], "Ana");

    // Chosen again and unchanged, it restores.
    call(&w, "backup_choose", json!({})).unwrap();
    call(&w, "backup_restore", json!({ "passphrase": PASS })).unwrap();
    assert_eq!(call(&w, "get_names", json!({})).unwrap()["me"], "Me");
}

#[test]
fn the_unlock_throttle_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let state = crate::state::AppState::new(dir.path().into(), Default::default());
    state.create(PASS, hearth_core::keyfile::KdfParams::FAST_FOR_TESTS, "").unwrap();
    state.lock();
    for _ in 0..hearth_core::throttle::FREE_TRIES {
        assert_eq!(state.unlock("not it at all").unwrap_err().kind, "wrong_passphrase");
    }
    drop(state);
    assert!(dir.path().join(hearth_core::throttle::FILE_NAME).exists(), "kept beside the key file");

    // Hearth starts again on the same folder: the wait still holds, right
    // passphrase or not.
    let state = crate::state::AppState::new(dir.path().into(), Default::default());
    let err = state.unlock(PASS).unwrap_err();
    assert_eq!(err.kind, "throttled", "{err:?}");
    assert!(!state.is_unlocked());
}

#[test]
fn wrong_current_passphrases_when_changing_it_are_throttled() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    let new = "copper kettle midnight swim";
    let change = |current: &str| {
        call(&w, "change_passphrase", json!({ "current": current, "new": new, "confirmation": new }))
    };
    for _ in 0..hearth_core::throttle::FREE_TRIES {
        assert_eq!(kind(&change("nope nope nope").unwrap_err()), "wrong_passphrase");
    }
    // The right current passphrase must wait too; nothing changed.
    let err = change(PASS).unwrap_err();
    assert_eq!(kind(&err), "throttled", "{err}");
    assert_eq!(err["retry_after_secs"], 2);
    // The same count guards the lock screen.
    call(&w, "lock", json!({})).unwrap();
    assert_eq!(kind(&call(&w, "unlock", json!({ "passphrase": PASS })).unwrap_err()), "throttled");
}

#[test]
fn unlocking_prunes_snapshots_and_the_delete_command_removes_them_all() {
    use hearth_core::snapshots::{self, stamp};
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path());
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    call(&w, "lock", json!({})).unwrap();
    let snaps = dir.path().join("snapshots");
    std::fs::create_dir_all(&snaps).unwrap();
    let now = hearth_core::time::now();
    let day = 24 * 60 * 60 * 1000;
    // Five young ones and one past the 30 days: the three newest stay.
    for days in [1, 2, 3, 4, 5, 40] {
        std::fs::write(snaps.join(format!("before-v6-from-v5-{}.vault", stamp(now - days * day))), b"x")
            .unwrap();
    }
    call(&w, "unlock", json!({ "passphrase": PASS })).unwrap();
    let mut left: Vec<String> =
        std::fs::read_dir(&snaps).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    left.sort();
    let expected: Vec<String> =
        [3, 2, 1].iter().map(|d| format!("before-v6-from-v5-{}.vault", stamp(now - d * day))).collect();
    assert_eq!(left, expected);

    assert_eq!(call(&w, "snapshots_delete", json!({})).unwrap(), json!(3));
    assert_eq!(snapshots::count(&snaps).unwrap(), 0);
    assert_eq!(call(&w, "snapshots_delete", json!({})).unwrap(), json!(0));
    call(&w, "lock", json!({})).unwrap();
    assert_eq!(kind(&call(&w, "snapshots_delete", json!({})).unwrap_err()), "locked");
}

/// Every plain-text export, with the arguments it takes.
const PLAIN_EXPORTS: [(&str, &str); 7] = [
    ("journal_export_json", "{}"),
    ("journal_export_markdown", "{}"),
    ("bucket_export", r#"{ "format": "json" }"#),
    ("bucket_export", r#"{ "format": "csv" }"#),
    ("selfcheck_export_share", r#"{ "id": "CHECK", "includeAnswers": true }"#),
    ("together_export", r#"{ "format": "markdown" }"#),
    ("together_export", r#"{ "format": "json" }"#),
];

/// A vault with one self-check, exporting into `dialogs`, whose unlock doesn't
/// count as having just given the passphrase (as a minute after unlocking).
fn vault_a_minute_after_unlocking(
    dir: &std::path::Path,
    dialogs: &std::path::Path,
) -> (App<tauri::test::MockRuntime>, WebviewWindow<tauri::test::MockRuntime>, String) {
    let hooks = crate::hooks::Hooks {
        fake_dialog_dir: Some(dialogs.to_path_buf()),
        ask_before_export: true,
        ..Default::default()
    };
    let (app, w) = app_with_hooks(dir, hooks);
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    let bank = call(&w, "selfcheck_bank", json!({})).unwrap();
    let answers: serde_json::Map<String, Value> = bank["bank"]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["items"].as_array().unwrap().iter())
        .map(|i| (i["id"].as_str().unwrap().to_owned(), json!({ "now": 2, "wish": 3 })))
        .collect();
    let check = call(&w, "selfcheck_complete", json!({ "answers": answers, "warningSigns": [] })).unwrap();
    (app, w, check["check"]["id"].as_str().unwrap().to_owned())
}

fn export_args(args: &str, check: &str) -> Value {
    serde_json::from_str(&args.replace("CHECK", check)).unwrap()
}

#[test]
fn plain_text_exports_ask_for_the_passphrase_and_write_nothing_until_it_is_right() {
    let (dir, dialogs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (_app, w, check) = vault_a_minute_after_unlocking(dir.path(), dialogs.path());
    for (cmd, args) in PLAIN_EXPORTS {
        let err = call(&w, cmd, export_args(args, &check)).unwrap_err();
        assert_eq!(kind(&err), "confirm_passphrase", "{cmd}: {err}");
        let about = err["message"].as_str().unwrap();
        assert!(about.contains("plain text") && about.contains("not encrypted"), "{cmd}: {about}");
    }
    assert_eq!(
        kind(&call(&w, "confirm_passphrase", json!({ "passphrase": "not it" })).unwrap_err()),
        "wrong_passphrase"
    );
    assert_eq!(kind(&call(&w, cmd_of(0), json!({})).unwrap_err()), "confirm_passphrase");
    assert_eq!(std::fs::read_dir(dialogs.path()).unwrap().count(), 0, "nothing was written");

    // The right passphrase lets every export go ahead.
    call(&w, "confirm_passphrase", json!({ "passphrase": PASS })).unwrap();
    for (cmd, args) in PLAIN_EXPORTS {
        call(&w, cmd, export_args(args, &check)).unwrap_or_else(|e| panic!("{cmd}: {e}"));
    }
    assert!(std::fs::read_dir(dialogs.path()).unwrap().count() >= PLAIN_EXPORTS.len());

    // Locking forgets it.
    call(&w, "lock", json!({})).unwrap();
    call(&w, "unlock", json!({ "passphrase": PASS })).unwrap();
    assert_eq!(kind(&call(&w, cmd_of(0), json!({})).unwrap_err()), "confirm_passphrase");
}

fn cmd_of(i: usize) -> &'static str {
    PLAIN_EXPORTS[i].0
}

#[test]
fn confirming_the_passphrase_is_throttled_as_unlocking_is() {
    let (dir, dialogs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (_app, w, _) = vault_a_minute_after_unlocking(dir.path(), dialogs.path());
    for _ in 0..hearth_core::throttle::FREE_TRIES {
        let err = call(&w, "confirm_passphrase", json!({ "passphrase": "not it at all" })).unwrap_err();
        assert_eq!(kind(&err), "wrong_passphrase");
    }
    let err = call(&w, "confirm_passphrase", json!({ "passphrase": PASS })).unwrap_err();
    assert_eq!(kind(&err), "throttled", "{err}");
    assert_eq!(kind(&call(&w, cmd_of(0), json!({})).unwrap_err()), "confirm_passphrase");
    call(&w, "lock", json!({})).unwrap();
    assert_eq!(kind(&call(&w, "confirm_passphrase", json!({ "passphrase": PASS })).unwrap_err()), "locked");
}

#[test]
fn an_unlock_within_the_last_minute_lets_exports_go_straight_through() {
    let (dir, dialogs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (_app, w) = app_with_dialogs(dir.path(), dialogs.path());
    call(&w, "create_vault", json!({ "passphrase": PASS, "confirmation": PASS })).unwrap();
    let done = call(&w, "journal_export_json", json!({})).unwrap();
    assert_eq!(done["count"], 0);
}

/// A photo added through the IPC as a raw body, listed, served by the
/// `hearth-photo` scheme (never while locked, never cached), and removed.
#[test]
fn photos_travel_as_raw_bodies_and_the_scheme_answers_only_while_unlocked() {
    use tauri::Manager;
    use tauri::http::{Request, StatusCode, header};
    let dir = tempfile::tempdir().unwrap();
    let (app, w) = app(dir.path());
    let state = app.state::<crate::state::AppState>();
    state.create(PASS, hearth_core::keyfile::KdfParams::FAST_FOR_TESTS, "").unwrap();
    let entry =
        call(&w, "journal_save", json!({ "entry": { "entry_date": "2024-06-01T10:00", "title": "Lake" } }))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let add = |owner: &str, body: Vec<u8>| {
        let mut headers = tauri::http::HeaderMap::new();
        headers.insert("x-hearth-owner", owner.parse().unwrap());
        get_ipc_response(
            &w,
            InvokeRequest {
                cmd: "photo_add".into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Raw(body),
                headers,
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    };
    let jpeg = hearth_core::photos::intake::samples::jpeg(60, 40);
    let added = add(&format!("entry:{entry}"), jpeg.clone()).unwrap();
    assert_eq!(added["first"], true, "the vault's first photo: the window says what was removed");
    let id = added["photo"]["id"].as_str().unwrap().to_owned();
    assert_eq!(add(&format!("entry:{entry}"), jpeg).unwrap()["first"], false);
    let err = add(&format!("entry:{entry}"), b"not a picture".to_vec()).unwrap_err();
    assert_eq!(kind(&err), "invalid_input", "{err}");
    let err = add("elsewhere:x", hearth_core::photos::intake::samples::jpeg(8, 8)).unwrap_err();
    assert_eq!(kind(&err), "invalid_input", "{err}");
    let list = call(&w, "photo_list", json!({ "kind": "entry", "id": entry })).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);

    let get = |path: &str| {
        let req = Request::get(format!("hearth-photo://localhost/{path}")).body(Vec::new()).unwrap();
        crate::commands::photos::answer(&state, &req)
    };
    for size in ["thumb", "full"] {
        let res = get(&format!("{size}-{id}"));
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "image/jpeg");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        assert!(res.body().starts_with(&[0xFF, 0xD8]));
    }
    assert_eq!(get("full-not-an-id").status(), StatusCode::NOT_FOUND);
    assert_eq!(get(&id).status(), StatusCode::NOT_FOUND);
    let post = Request::post(format!("hearth-photo://localhost/full-{id}")).body(Vec::new()).unwrap();
    assert_eq!(crate::commands::photos::answer(&state, &post).status(), StatusCode::METHOD_NOT_ALLOWED);

    call(&w, "lock", json!({})).unwrap();
    let res = get(&format!("full-{id}"));
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "nothing while locked");
    assert!(res.body().is_empty());
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(kind(&add(&format!("entry:{entry}"), vec![1, 2, 3]).unwrap_err()), "locked");

    call(&w, "unlock", json!({ "passphrase": PASS })).unwrap();
    assert_eq!(call(&w, "photo_remove", json!({ "id": id })).unwrap(), true);
    assert_eq!(get(&format!("full-{id}")).status(), StatusCode::NOT_FOUND);
}
