//! Together's commands (issue 13): question decks answered by both and shown once
//! both are in, the weekly check-in, the jar of appreciation notes, care profiles,
//! search and export; and Home, about the two of you.
//!
//! The reveal rule lives in the core ([`hearth_core::together::Asked::view`]): no
//! command here returns a person's answer before the other's is in.

use hearth_core::bucket::{self, Person};
use hearth_core::journal::{self, EntrySummary};
use hearth_core::settings::{self, Names};
use hearth_core::time;
use hearth_core::together::content::{self, Content, Question};
use hearth_core::together::export::{self, Format};
use hearth_core::together::week::{self, Streak};
use hearth_core::together::{self, AskedView, CareAnswer, CheckInAnswers, CheckInView, Found, Note, store};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::bucket::{Rotation, rotation};
use super::with_vault;
use crate::dialogs;
use crate::error::CmdResult;
use crate::state::AppState;

/// Together's own words (decks, questions, check-in, care items, the repair
/// guide). Hearth's text, not the person's: fetched once.
#[tauri::command]
pub fn together_content() -> &'static Content {
    content::content()
}

#[derive(Debug, Serialize)]
pub struct DeckView {
    pub id: &'static str,
    pub title: &'static str,
    pub blurb: &'static str,
    pub opt_in: bool,
    pub offered: bool,
    pub questions: usize,
}

#[derive(Debug, Serialize)]
pub struct Overview {
    pub names: Names,
    pub opt_ins: bool,
    pub decks: Vec<DeckView>,
    pub tonight: Option<&'static Question>,
    pub checkin: CheckInView,
    pub streak: Streak,
    /// Paired with the partner's Hearth: each answers on their own, and what they
    /// share arrives through the shared space (no passing the laptop).
    pub paired: bool,
}

fn overview(v: &hearth_core::Vault) -> hearth_core::Result<Overview> {
    let (conn, today) = (v.conn(), time::today());
    let opt_ins = store::opt_ins(conn)?;
    let c = content::content();
    Ok(Overview {
        names: settings::names(conn)?,
        opt_ins,
        decks: c
            .decks
            .iter()
            .map(|d| DeckView {
                id: &d.id,
                title: &d.title,
                blurb: &d.blurb,
                opt_in: d.opt_in,
                offered: content::offered(d, opt_ins),
                questions: c.questions.iter().filter(|q| q.deck == d.id).count(),
            })
            .collect(),
        tonight: store::next_question(conn, None, today)?,
        checkin: store::checkin(conn, &week::week_of(today))?.view(),
        streak: store::streak(conn, today)?,
        paired: store::paired(conn)?,
    })
}

/// What Together's first page draws, in one call.
#[tauri::command]
pub fn together_overview(state: State<'_, AppState>) -> CmdResult<Overview> {
    with_vault(&state, |v| overview(v))
}

/// Switches the opt-in decks (spicy but kind) on or off.
#[tauri::command]
pub fn together_set_opt_ins(state: State<'_, AppState>, on: bool) -> CmdResult<Overview> {
    with_vault(&state, |v| {
        store::set_opt_ins(v.conn(), on)?;
        overview(v)
    })
}

/// A question not asked yet from `deck` (or any deck offered), asked at once.
/// `None` when the deck has been asked through.
#[tauri::command]
pub fn together_next(state: State<'_, AppState>, deck: Option<String>) -> CmdResult<Option<AskedView>> {
    with_vault(&state, |v| {
        let Some(q) = store::next_question(v.conn(), deck.as_deref(), time::today())? else {
            return Ok(None);
        };
        let asked = store::ask(v.conn(), &q.id)?;
        store::view(v.conn(), &asked).map(Some)
    })
}

/// Asks a question by id (from the history, a favourite or the search).
#[tauri::command]
pub fn together_ask(state: State<'_, AppState>, question_id: String) -> CmdResult<AskedView> {
    with_vault(&state, |v| {
        let asked = store::ask(v.conn(), &question_id)?;
        store::view(v.conn(), &asked)
    })
}

#[tauri::command]
pub fn together_get(state: State<'_, AppState>, id: String) -> CmdResult<Option<AskedView>> {
    with_vault(&state, |v| match store::get(v.conn(), together::parse_id(&id)?)? {
        Some(asked) => store::view(v.conn(), &asked).map(Some),
        None => Ok(None),
    })
}

/// Keeps `who`'s answer and says what may be shown: the other's answer only if
/// it is in too.
#[tauri::command]
pub fn together_answer(
    state: State<'_, AppState>,
    id: String,
    who: Person,
    text: String,
) -> CmdResult<AskedView> {
    with_vault(&state, |v| {
        let asked = store::answer(v.conn(), together::parse_id(&id)?, who, &text)?;
        store::view(v.conn(), &asked)
    })
}

#[tauri::command]
pub fn together_skip(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_vault(&state, |v| store::skip(v.conn(), together::parse_id(&id)?))
}

#[tauri::command]
pub fn together_favourite(state: State<'_, AppState>, question_id: String, on: bool) -> CmdResult<()> {
    with_vault(&state, |v| store::set_favourite(v.conn(), &question_id, on))
}

#[tauri::command]
pub fn together_history(state: State<'_, AppState>) -> CmdResult<Vec<AskedView>> {
    with_vault(&state, |v| store::history(v.conn()))
}

/// Keeps `who`'s check-in for this week.
#[tauri::command]
pub fn together_checkin_save(
    state: State<'_, AppState>,
    who: Person,
    answers: CheckInAnswers,
) -> CmdResult<CheckInView> {
    with_vault(&state, |v| Ok(store::checkin_save(v.conn(), time::today(), who, &answers)?.view()))
}

/// Check-ins both of you did, newest first.
#[tauri::command]
pub fn together_checkins(state: State<'_, AppState>) -> CmdResult<Vec<CheckInView>> {
    with_vault(&state, |v| Ok(store::checkins_done(v.conn())?.iter().map(|c| c.view()).collect()))
}

#[tauri::command]
pub fn together_note_add(state: State<'_, AppState>, author: Person, text: String) -> CmdResult<Note> {
    with_vault(&state, |v| store::add_note(v.conn(), author, &text))
}

#[tauri::command]
pub fn together_notes(state: State<'_, AppState>) -> CmdResult<Vec<Note>> {
    with_vault(&state, |v| store::notes(v.conn()))
}

#[tauri::command]
pub fn together_care(state: State<'_, AppState>) -> CmdResult<Vec<CareAnswer>> {
    with_vault(&state, |v| store::care(v.conn()))
}

#[tauri::command]
pub fn together_care_set(
    state: State<'_, AppState>,
    person: Person,
    item: String,
    level: String,
    note: String,
) -> CmdResult<CareAnswer> {
    with_vault(&state, |v| store::set_care(v.conn(), person, &item, &level, &note))
}

#[tauri::command]
pub fn together_search(state: State<'_, AppState>, query: String) -> CmdResult<Vec<Found>> {
    with_vault(&state, |v| store::search(v.conn(), &query))
}

/// What an export of Together holds, said when the passphrase is asked for.
const EXPORT_ABOUT: &str = "This file will hold what the two of you have shared in Together: the answers \
    you have both given, your check-ins, the notes in your jar and your care profiles, as plain text. It is \
    not encrypted: anyone who gets hold of it can read it.";

/// Exports Together in `format` to a file the person picks. Returns the file's
/// name, or `None` if they cancelled. Refused with `confirm_passphrase` unless the
/// passphrase was given within the last minute.
#[tauri::command(async)]
pub fn together_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: Format,
) -> CmdResult<Option<String>> {
    state.ensure_confirmed(EXPORT_ABOUT)?;
    let file = with_vault(&state, |v| export::gather(v.conn(), time::now()))?;
    let text = match format {
        Format::Markdown => export::markdown(&file),
        Format::Json => export::json(&file),
    };
    let name = export::file_name(format, time::today());
    dialogs::save_file(&app, "Export Together", &name, (format.label(), format.extensions()), text.as_bytes())
}

#[derive(Debug, Serialize)]
pub struct NextDate {
    pub id: String,
    pub title: String,
    pub date: String,
}

/// Home, about the two of you.
#[derive(Debug, Serialize)]
pub struct Home {
    pub names: Names,
    pub next_date: Option<NextDate>,
    pub rotation: Rotation,
    pub checkin: CheckInView,
    pub streak: Streak,
    pub tonight: Option<&'static Question>,
    /// Journal entries from this day in earlier years: private, this vault's own.
    pub on_this_day: Vec<EntrySummary>,
    /// When paired: the pairing's status, with the latest news from the partner.
    pub shared: Option<hearth_core::shared::store::PairStatus>,
    /// What waits between the two of you in Together (counts only).
    pub waiting: store::Waiting,
}

#[tauri::command]
pub fn home_overview(state: State<'_, AppState>) -> CmdResult<Home> {
    with_vault(&state, |v| {
        let (conn, today) = (v.conn(), time::today());
        let next_date = bucket::store::list(conn)?
            .into_iter()
            .filter(|i| i.status == bucket::Status::Planned)
            .filter_map(|i| i.planned_for.filter(|d| *d >= today).map(|d| (d, i)))
            .min_by_key(|(d, _)| *d)
            .map(|(d, i)| NextDate { id: i.id.to_string(), title: i.title, date: d.to_string() });
        let mut on_this_day = journal::on_this_day(conn, today)?;
        on_this_day.truncate(3);
        Ok(Home {
            names: settings::names(conn)?,
            next_date,
            rotation: rotation(v)?,
            checkin: store::checkin(conn, &week::week_of(today))?.view(),
            streak: store::streak(conn, today)?,
            tonight: store::next_question(conn, None, today)?,
            on_this_day,
            shared: hearth_core::shared::store::status(conn)?,
            waiting: store::waiting(conn, time::now())?,
        })
    })
}
