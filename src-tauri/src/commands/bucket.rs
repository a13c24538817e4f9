//! The bucket list's commands: the list, editing, the date-night rotation, starter
//! ideas, exports and merging the partner's file.
//!
//! Exports and imports are `async`: they open a native dialog and do file work.
//! The window never sends a path. An import is two steps: the preview asks for the
//! file, reads and checks all of it and remembers only a [`PendingFile`] (its path
//! and a digest of its bytes; no partner data stays in memory); applying reads the
//! same file again, refuses it if it changed since the preview, and applies it in
//! one transaction.

use hearth_core::bucket::export::{self, Format, PrintView};
use hearth_core::bucket::ideas::{self, StarterIdea};
use hearth_core::bucket::merge::MergePreview;
use hearth_core::bucket::store::{self, Progress};
use hearth_core::bucket::vocabulary::{self, Vocabulary};
use hearth_core::bucket::{self, BucketItem, Interest, ItemInput, Person};
use hearth_core::settings::{self, Names};
use hearth_core::time;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::with_vault;
use crate::dialogs;
use crate::error::CmdResult;
use crate::pending::{PendingFile, Purpose};
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct Rotation {
    pub turn: Person,
    pub name: String,
}

/// An item as the list draws it: the item, and whether you both want it
/// ([`BucketItem::both_want`], so the window has no copy of that rule).
#[derive(Debug, Serialize)]
pub struct ItemView {
    #[serde(flatten)]
    pub item: BucketItem,
    pub both_want: bool,
}

impl From<BucketItem> for ItemView {
    fn from(item: BucketItem) -> Self {
        ItemView { both_want: item.both_want(), item }
    }
}

/// Everything the list view draws, in one call.
#[derive(Debug, Serialize)]
pub struct Overview {
    pub items: Vec<ItemView>,
    pub names: Names,
    pub rotation: Rotation,
    pub progress: Progress,
    pub today: String,
}

#[derive(Debug, Serialize)]
pub struct Starter {
    #[serde(flatten)]
    pub idea: &'static StarterIdea,
    pub on_list: bool,
    /// Who else the idea suits, in words (`ideas::Suits::label`).
    pub suits_labels: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ImportPreview {
    #[serde(flatten)]
    pub changes: MergePreview,
    /// The names in the file, as its owner has them.
    pub from: Names,
    /// The file is this vault's own export (a backup), not the partner's.
    pub own_file: bool,
}

pub(crate) fn rotation(v: &hearth_core::Vault) -> hearth_core::Result<Rotation> {
    let turn = store::turn(v.conn())?;
    Ok(Rotation { turn, name: turn.name(&settings::names(v.conn())?).to_string() })
}

#[tauri::command]
pub fn bucket_list(state: State<'_, AppState>) -> CmdResult<Overview> {
    with_vault(&state, |v| {
        let today = time::today();
        Ok(Overview {
            items: store::list(v.conn())?.into_iter().map(ItemView::from).collect(),
            names: settings::names(v.conn())?,
            rotation: rotation(v)?,
            progress: store::progress(v.conn(), today)?,
            today: today.to_string(),
        })
    })
}

/// The labels of every id the list uses and a new idea's defaults: the window
/// draws its choices from this and holds no copy of its own.
#[tauri::command]
pub fn bucket_vocabulary() -> Vocabulary {
    vocabulary::vocabulary()
}

/// The list as the print view shows it (the same as the HTML export's page).
#[tauri::command]
pub fn bucket_print_view(state: State<'_, AppState>) -> CmdResult<PrintView> {
    with_vault(&state, |v| {
        Ok(export::print_view(&store::list(v.conn())?, &settings::names(v.conn())?, time::now()))
    })
}

/// Adds an item (no `id`) or changes one.
#[tauri::command]
pub fn bucket_save(
    state: State<'_, AppState>,
    id: Option<String>,
    input: ItemInput,
) -> CmdResult<BucketItem> {
    with_vault(&state, |v| match id {
        Some(id) => store::update(v.conn(), bucket::parse_id(&id)?, &input),
        None => store::create(v.conn(), &input),
    })
}

#[tauri::command]
pub fn bucket_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_vault(&state, |v| store::delete(v.conn(), bucket::parse_id(&id)?))
}

/// Plans an item for `date` (YYYY-MM-DD), or with no date puts it back among the ideas.
#[tauri::command]
pub fn bucket_plan(state: State<'_, AppState>, id: String, date: Option<String>) -> CmdResult<BucketItem> {
    with_vault(&state, |v| {
        let date = date.filter(|d| !d.trim().is_empty()).map(|d| bucket::parse_date(&d)).transpose()?;
        store::plan(v.conn(), bucket::parse_id(&id)?, date)
    })
}

#[tauri::command]
pub fn bucket_mark_done(
    state: State<'_, AppState>,
    id: String,
    date: String,
    memory: String,
) -> CmdResult<BucketItem> {
    with_vault(&state, |v| {
        store::mark_done(v.conn(), bucket::parse_id(&id)?, bucket::parse_date(&date)?, &memory)
    })
}

#[tauri::command]
pub fn bucket_set_interest(
    state: State<'_, AppState>,
    id: String,
    who: Person,
    interest: Interest,
) -> CmdResult<BucketItem> {
    with_vault(&state, |v| store::set_interest(v.conn(), bucket::parse_id(&id)?, who, interest))
}

#[tauri::command]
pub fn bucket_link_journal(
    state: State<'_, AppState>,
    id: String,
    entry_id: String,
) -> CmdResult<BucketItem> {
    with_vault(&state, |v| store::link_journal(v.conn(), bucket::parse_id(&id)?, &entry_id))
}

#[tauri::command]
pub fn bucket_starter_ideas(state: State<'_, AppState>) -> CmdResult<Vec<Starter>> {
    with_vault(&state, |v| {
        let on_list: std::collections::HashSet<_> =
            store::list(v.conn())?.into_iter().map(|i| i.id).collect();
        Ok(ideas::starter_ideas()
            .iter()
            .map(|idea| Starter {
                idea,
                on_list: on_list.contains(&idea.item_id()),
                suits_labels: idea.suits.iter().map(|s| s.label()).collect(),
            })
            .collect())
    })
}

#[tauri::command]
pub fn bucket_add_starters(state: State<'_, AppState>, ids: Vec<String>) -> CmdResult<usize> {
    with_vault(&state, |v| {
        let tx = v.conn_mut().transaction()?;
        let n = store::add_starters(&tx, &ids)?;
        tx.commit()?;
        Ok(n)
    })
}

#[tauri::command]
pub fn bucket_pick_for_us(state: State<'_, AppState>) -> CmdResult<Option<BucketItem>> {
    with_vault(&state, |v| store::pick_for_us(v.conn()))
}

#[tauri::command]
pub fn bucket_rotation(state: State<'_, AppState>) -> CmdResult<Rotation> {
    with_vault(&state, |v| rotation(v))
}

#[tauri::command]
pub fn bucket_progress(state: State<'_, AppState>) -> CmdResult<Progress> {
    with_vault(&state, |v| store::progress(v.conn(), time::today()))
}

/// What an export of the list holds, said when the passphrase is asked for.
const EXPORT_ABOUT: &str = "This file will hold your bucket list, with its notes, plans and memories, as \
    plain text. It is not encrypted: anyone who gets hold of it can read it.";

/// Exports the list in `format` to a file the person picks. Returns the file's
/// name, or `None` if they cancelled. Refused with `confirm_passphrase` unless the
/// passphrase was given within the last minute.
#[tauri::command(async)]
pub fn bucket_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: Format,
    with_ideas: Option<bool>,
) -> CmdResult<Option<String>> {
    state.ensure_confirmed(EXPORT_ABOUT)?;
    // Render first (holding the vault only briefly), then ask where to save.
    let text = with_vault(&state, |v| {
        bucket::store::export_from(v.conn(), format, with_ideas.unwrap_or(false), time::now())
    })?;
    let name = export::file_name(format, time::today());
    let filter = (format.label(), format.extensions());
    dialogs::save_file(&app, "Export the bucket list", &name, filter, text.as_bytes())
}

fn read_file(path: &std::path::Path) -> hearth_core::Result<Vec<u8>> {
    hearth_core::files::read_bounded(path, export::MAX_IMPORT_BYTES as u64)
}

/// Asks for the partner's JSON export, checks all of it and says what importing it
/// would change. Nothing is written. `None` if the person cancelled.
#[tauri::command(async)]
pub fn bucket_import_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<ImportPreview>> {
    state.forget(Purpose::BucketImport);
    let Some(path) = dialogs::open_path(
        &app,
        "Import your partner's bucket list",
        &[("Hearth bucket list (JSON)", &["json"])],
    )?
    else {
        return Ok(None);
    };
    let bytes = read_file(&path)?;
    let file = export::read_json(&bytes)?;
    let preview = with_vault(&state, |v| {
        Ok(ImportPreview {
            changes: bucket::store::import_plan(v.conn(), &file)?.preview(),
            from: file.names.clone(),
            own_file: file.vault_id == store::vault_id(v.conn())?,
        })
    })?;
    state.pick(Purpose::BucketImport, PendingFile::new(path, &bytes))?;
    Ok(Some(preview))
}

/// Applies the import previewed last, in one transaction, and says what changed.
#[tauri::command(async)]
pub fn bucket_import_apply(state: State<'_, AppState>) -> CmdResult<MergePreview> {
    let bytes = state.take_picked(Purpose::BucketImport)?.read_again(read_file)?;
    let file = export::read_json(&bytes)?;
    with_vault(&state, |v| bucket::store::import_apply(v.conn_mut(), &file))
}

/// Forgets a previewed import the person decided against.
#[tauri::command]
pub fn bucket_import_cancel(state: State<'_, AppState>) {
    state.forget(Purpose::BucketImport);
}
