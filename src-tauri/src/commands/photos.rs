//! Photos: adding one (its bytes as the raw body of the call, never a path),
//! listing an entry's or a memory's, removing one; and the `hearth-photo` scheme
//! the window loads them through.
//!
//! The scheme reads from the open vault on every request and answers `403` with
//! no body while Hearth is locked, `404` for anything else it doesn't know. Every
//! answer says `Cache-Control: no-store`, so WebKit keeps no copy on disk. URLs:
//! `hearth-photo://localhost/<size>-<id>` on Linux and macOS,
//! `http://hearth-photo.localhost/<size>-<id>` on Windows (the window builds them
//! with Tauri's `convertFileSrc`); `<size>` is `thumb` or `full`.

use hearth_core::photos::{self, Owner, Photo, intake};
use serde::Serialize;
use tauri::http::{Request, Response, StatusCode, header};
use tauri::ipc::InvokeBody;
use tauri::{Manager, Runtime, State, UriSchemeContext, UriSchemeResponder};

use super::with_vault;
use crate::error::CmdResult;
use crate::state::AppState;

/// The window's scheme for photos (tauri.conf.json's `img-src` names it).
pub const SCHEME: &str = "hearth-photo";
/// The header naming what a photo is added to: `entry:<id>` or `memory:<id>`.
const OWNER_HEADER: &str = "x-hearth-owner";

#[derive(Debug, Serialize)]
pub struct Added {
    pub photo: Photo,
    /// The vault's first photo: the window says once that location and camera
    /// details were taken out.
    pub first: bool,
}

fn owner_of<'a>(kind: &str, id: &'a str) -> Result<Owner<'a>, hearth_core::Error> {
    match kind {
        "entry" => Ok(Owner::Entry(id)),
        "memory" => Ok(Owner::Memory(id)),
        _ => Err(hearth_core::Error::invalid_input("Photos go in a journal entry or a memory.")),
    }
}

/// Adds the photo in the call's body to what the `x-hearth-owner` header names.
/// The picture is checked, stripped and thumbnailed before the vault is held.
#[tauri::command(async)]
pub fn photo_add(state: State<'_, AppState>, request: tauri::ipc::Request<'_>) -> CmdResult<Added> {
    state.ensure_unlocked()?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(hearth_core::Error::invalid_input("Hearth expected a photo here.").into());
    };
    let (kind, id) = request
        .headers()
        .get(OWNER_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(':'))
        .ok_or_else(|| hearth_core::Error::invalid_input("Photos go in a journal entry or a memory."))?;
    let owner = owner_of(kind, id)?;
    let prepared = intake::prepare(bytes)?;
    with_vault(&state, |v| {
        let photo = photos::add_prepared(v.conn_mut(), owner, &prepared)?;
        Ok(Added { photo, first: photos::count(v.conn())? == 1 })
    })
}

/// An entry's (`kind` "entry") or a memory's ("memory") photos, in order.
#[tauri::command]
pub fn photo_list(state: State<'_, AppState>, kind: String, id: String) -> CmdResult<Vec<Photo>> {
    with_vault(&state, |v| photos::list(v.conn(), owner_of(&kind, &id)?))
}

/// Removes one photo for good (the window asks first).
#[tauri::command]
pub fn photo_remove(state: State<'_, AppState>, id: String) -> CmdResult<bool> {
    with_vault(&state, |v| photos::remove(v.conn(), &id))
}

/// The `hearth-photo` scheme: answered off the main thread.
pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    // Only Hearth's own window asks for photos.
    if ctx.webview_label() != "main" {
        responder.respond(empty(StatusCode::FORBIDDEN));
        return;
    }
    let app = ctx.app_handle().clone();
    std::thread::spawn(move || responder.respond(answer(&app.state::<AppState>(), &request)));
}

fn empty(status: StatusCode) -> Response<Vec<u8>> {
    with_headers(Response::builder().status(status)).body(Vec::new()).unwrap_or_default()
}

fn with_headers(b: tauri::http::response::Builder) -> tauri::http::response::Builder {
    b.header(header::CACHE_CONTROL, "no-store").header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
}

/// What the scheme answers for `request`: the picture, or an empty refusal.
pub fn answer(state: &AppState, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    if request.method() != tauri::http::Method::GET {
        return empty(StatusCode::METHOD_NOT_ALLOWED);
    }
    let path = request.uri().path().trim_start_matches('/');
    let (full, id) = match path.split_once('-') {
        Some(("thumb", id)) => (false, id),
        Some(("full", id)) => (true, id),
        _ => return empty(StatusCode::NOT_FOUND),
    };
    let found = state
        .with_vault(|v| if full { photos::image(v.conn(), id) } else { photos::thumbnail(v.conn(), id) });
    match found {
        Ok(Some((mime, bytes))) => with_headers(Response::builder())
            .header(header::CONTENT_TYPE, mime.as_str())
            .body(bytes)
            .unwrap_or_else(|_| empty(StatusCode::INTERNAL_SERVER_ERROR)),
        Ok(None) => empty(StatusCode::NOT_FOUND),
        Err(e) if e.kind == "locked" => empty(StatusCode::FORBIDDEN),
        Err(_) => empty(StatusCode::INTERNAL_SERVER_ERROR),
    }
}
