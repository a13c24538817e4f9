//! The journal's commands: thin wrappers over `hearth_core::journal`.
//!
//! Exports and imports are `async` (they show a native dialog and touch files);
//! the dialog is shown before the vault is borrowed, so an open dialog never holds
//! the vault's lock. The file chosen for an import is kept in [`AppState`] between
//! the preview and the apply as a [`PendingFile`]: the window never names a path.

use hearth_core::journal::{
    self, Cursor, Entry, EntryInput, EntrySummary, Filter, Page, TagCount, exchange, insights, print,
    prompts, render, search,
};
use hearth_core::time;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::with_vault;
use crate::dialogs;
use crate::error::CmdResult;
use crate::pending::{PendingFile, Purpose};
use crate::state::AppState;

/// An entry with its body rendered to sanitised HTML.
#[derive(Debug, Serialize)]
pub struct EntryView {
    pub entry: Entry,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct ExportDone {
    /// Where the export was written, to tell the person.
    pub path: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct ImportPreview {
    pub file_name: String,
    /// "a Day One export": what the file was found to be.
    pub kind: &'static str,
    #[serde(flatten)]
    pub preview: exchange::Preview,
}

#[tauri::command]
pub fn journal_list(
    state: State<'_, AppState>,
    filter: Option<Filter>,
    after: Option<Cursor>,
    limit: Option<u32>,
) -> CmdResult<Page> {
    with_vault(&state, |v| {
        journal::list(v.conn(), &filter.unwrap_or_default(), after.as_ref(), limit.unwrap_or(50))
    })
}

#[tauri::command]
pub fn journal_get(state: State<'_, AppState>, id: String) -> CmdResult<Option<EntryView>> {
    with_vault(&state, |v| {
        Ok(journal::get(v.conn(), &id)?.map(|entry| EntryView { html: render::to_html(&entry.body), entry }))
    })
}

/// Saves an entry and returns its row as the list shows it (excerpt included), for
/// the editor to redraw that row in place.
#[tauri::command]
pub fn journal_save(state: State<'_, AppState>, entry: EntryInput) -> CmdResult<EntrySummary> {
    with_vault(&state, |v| Ok(EntrySummary::of(&journal::save(v.conn_mut(), &entry)?)))
}

/// `tags` with `tag` added, cleaned as saving cleans it (nothing added if it is
/// empty or already there).
#[tauri::command]
pub fn journal_add_tag(tags: Vec<String>, tag: String) -> Vec<String> {
    journal::add_tag(&tags, &tag)
}

/// Renders Markdown for the editor's preview.
#[tauri::command]
pub fn journal_render(body: String) -> String {
    render::to_html(&body)
}

/// Moves an entry to the trash.
#[tauri::command]
pub fn journal_delete(state: State<'_, AppState>, id: String) -> CmdResult<bool> {
    with_vault(&state, |v| journal::trash(v.conn(), &id))
}

#[tauri::command]
pub fn journal_trash(state: State<'_, AppState>) -> CmdResult<Vec<EntrySummary>> {
    with_vault(&state, |v| journal::list_trash(v.conn()))
}

#[tauri::command]
pub fn journal_restore(state: State<'_, AppState>, id: String) -> CmdResult<bool> {
    with_vault(&state, |v| journal::restore(v.conn(), &id))
}

#[tauri::command]
pub fn journal_empty_trash(state: State<'_, AppState>) -> CmdResult<usize> {
    with_vault(&state, |v| journal::empty_trash(v.conn_mut()))
}

#[tauri::command]
pub fn journal_search(
    state: State<'_, AppState>,
    query: String,
    filter: Option<Filter>,
    limit: Option<u32>,
) -> CmdResult<Vec<search::Hit>> {
    with_vault(&state, |v| search::search(v.conn(), &query, &filter.unwrap_or_default(), limit.unwrap_or(50)))
}

#[tauri::command]
pub fn journal_calendar(
    state: State<'_, AppState>,
    year: i32,
    month: u32,
) -> CmdResult<Vec<journal::DayCount>> {
    with_vault(&state, |v| journal::calendar(v.conn(), year, month))
}

#[tauri::command]
pub fn journal_on_this_day(state: State<'_, AppState>) -> CmdResult<Vec<EntrySummary>> {
    with_vault(&state, |v| journal::on_this_day(v.conn(), time::today()))
}

#[tauri::command]
pub fn journal_tags(state: State<'_, AppState>, prefix: Option<String>) -> CmdResult<Vec<TagCount>> {
    with_vault(&state, |v| journal::tags(v.conn(), prefix.as_deref()))
}

/// Offers a reflection prompt not offered recently (never `skip`).
#[tauri::command]
pub fn journal_prompt(state: State<'_, AppState>, skip: Option<u32>) -> CmdResult<prompts::Prompt> {
    with_vault(&state, |v| prompts::offer(v.conn(), skip))
}

#[tauri::command]
pub fn journal_insights(state: State<'_, AppState>) -> CmdResult<insights::Insights> {
    with_vault(&state, |v| insights::insights(v.conn(), time::today()))
}

/// One entry as the print view draws it; `None` if it is gone or in the trash.
#[tauri::command]
pub fn journal_print_entry(state: State<'_, AppState>, id: String) -> CmdResult<Option<print::PrintView>> {
    with_vault(&state, |v| print::entry(v.conn(), &id))
}

/// Every entry from one day to another (`YYYY-MM-DD`, both included), oldest
/// first, as the print view draws them.
#[tauri::command]
pub fn journal_print_range(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CmdResult<print::PrintView> {
    with_vault(&state, |v| print::range(v.conn(), &from, &to))
}

/// What a JSON export of the journal holds, said when the passphrase is asked for.
const JSON_ABOUT: &str = "This file will hold every entry of your journal, the ones in the trash too, \
    and their photos, as plain text. It is not encrypted: anyone who gets hold of it can read it all \
    and see the photos.";
/// What a Markdown export of the journal holds.
const MARKDOWN_ABOUT: &str = "This zip file will hold every entry of your journal (not the trash), one \
    Markdown file each, as plain text, with your entries' photos beside them. It is not encrypted: \
    anyone who gets hold of it can read it all and see the photos.";

/// Asks where to save, then writes the whole journal (trash included) as JSON.
/// `None`: the person cancelled. Refused with `confirm_passphrase` unless the
/// passphrase was given within the last minute.
#[tauri::command(async)]
pub fn journal_export_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<ExportDone>> {
    state.ensure_confirmed(JSON_ABOUT)?;
    let name = format!("hearth-journal-{}.json", time::today().format("%Y-%m-%d"));
    let Some(path) = dialogs::save_path(&app, "Export the journal as JSON", &name, ("JSON", &["json"]))?
    else {
        return Ok(None);
    };
    let count = with_vault(&state, |v| {
        let (json, count) = exchange::export_json(v.conn())?;
        hearth_core::files::write_atomic(&path, json.as_bytes())?;
        Ok(count)
    })?;
    Ok(Some(ExportDone { path: path.display().to_string(), count }))
}

/// Asks where to save, then writes one `.zip` of Markdown files, one per entry,
/// with the entries' photos in `photos/`. Asks for the passphrase first, as the
/// JSON export does.
#[tauri::command(async)]
pub fn journal_export_markdown<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<ExportDone>> {
    state.ensure_confirmed(MARKDOWN_ABOUT)?;
    let name = format!("hearth-journal-{}.zip", time::today().format("%Y-%m-%d"));
    let Some(path) = dialogs::save_path(&app, "Export the journal as Markdown", &name, ("Zip", &["zip"]))?
    else {
        return Ok(None);
    };
    let count = with_vault(&state, |v| {
        let (zip, count) = exchange::export_markdown(v.conn())?;
        hearth_core::files::write_atomic(&path, &zip)?;
        Ok(count)
    })?;
    Ok(Some(ExportDone { path: path.display().to_string(), count }))
}

/// Asks which file to import, reads and checks all of it, and says how many
/// entries it would add. Nothing is written. `None`: the person cancelled.
#[tauri::command(async)]
pub fn journal_import_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<ImportPreview>> {
    state.forget(Purpose::JournalImport);
    let Some(path) = dialogs::open_path(
        &app,
        "Import a journal",
        &[("Journal export (JSON, or Day One's .zip)", &["json", "zip"])],
    )?
    else {
        return Ok(None);
    };
    let bytes = exchange::read_import(&path)?;
    let parsed = exchange::parse(&bytes)?;
    let preview = with_vault(&state, |v| exchange::preview(v.conn(), &parsed))?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    state.pick(Purpose::JournalImport, PendingFile::new(path, &bytes))?;
    Ok(Some(ImportPreview { file_name, kind: preview.format.describe(), preview }))
}

/// Imports the file last previewed: read again (refused if it changed since the
/// preview) and checked again, then every new entry is written in one transaction.
#[tauri::command(async)]
pub fn journal_import_apply(state: State<'_, AppState>) -> CmdResult<exchange::Applied> {
    let bytes = state.take_picked(Purpose::JournalImport)?.read_again(exchange::read_import)?;
    let parsed = exchange::parse(&bytes)?;
    with_vault(&state, |v| exchange::apply(v.conn_mut(), &parsed))
}
