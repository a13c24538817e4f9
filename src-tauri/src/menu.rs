//! The macOS menu bar: Hearth (About, Services, Hide, Quit), Edit (undo, redo, cut,
//! copy, paste, select all) and Window (minimize, zoom, close).
//!
//! On macOS, text fields in a web view only get ⌘C, ⌘V, ⌘Z and the rest from the
//! Edit menu's items, so without this menu they would not work as Mac users expect.
//! Windows and Linux show no menu bar: their web views handle those keys themselves.
//!
//! **Invariant:** every way out goes through the same lock. "Quit Hearth" (⌘Q) is
//! Hearth's own item, not the system's predefined Quit (which would end the app
//! without a `CloseRequested`), and runs [`crate::finish_then_quit`], as closing the
//! window does: the page saves, then the vault is locked and the app exits. Closing
//! the window (⌘W) quits too, on every system: Hearth is one window over one vault,
//! and Apple's guidance for single-window apps is to quit when that window closes;
//! an app left running with no window would only keep a private app's icon in the
//! Dock and add a path (reopen from the Dock) that no test here could run.
//!
//! The menu and [`install`] are compiled on every system, so Linux CI type-checks
//! them and the unit test checks the installed menu's shape on the mock runtime
//! (on Linux and Windows: AppKit makes menus on the main thread only); only macOS
//! calls [`install`] (`run` in lib.rs, `cfg(target_os = "macos")`).

use tauri::menu::{AboutMetadata, Menu, MenuBuilder, MenuEvent, MenuItem, SubmenuBuilder, WINDOW_SUBMENU_ID};
use tauri::{AppHandle, Runtime};

/// The id of Hearth's own "Quit Hearth" item.
pub const QUIT_ID: &str = "hearth-quit";

/// Builds the menu bar (installed on macOS only).
pub fn app_menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let about = AboutMetadata {
        name: Some("Hearth".into()),
        version: Some(app.package_info().version.to_string()),
        comments: Some("A private companion for couples. Everything stays on this computer.".into()),
        ..Default::default()
    };
    let quit = MenuItem::with_id(app, QUIT_ID, "Quit Hearth", true, Some("CmdOrCtrl+Q"))?;
    let hearth = SubmenuBuilder::new(app, "Hearth")
        .about(Some(about))
        .separator()
        .services()
        .separator()
        .hide()
        .hide_others()
        .show_all()
        .separator()
        .item(&quit)
        .build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    // With this id Tauri makes it the system's Window menu (the list of windows).
    let window = SubmenuBuilder::with_id(app, WINDOW_SUBMENU_ID, "Window")
        .minimize()
        .maximize()
        .separator()
        .close_window()
        .build()?;
    MenuBuilder::new(app).items(&[&hearth, &edit, &window]).build()
}

/// Gives the app this menu bar and its handler. Compiled everywhere; `run` calls
/// it on macOS only.
pub fn install<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.menu(app_menu).on_menu_event(on_menu_event)
}

/// Handles a click on one of the menu's own items (the predefined ones are the
/// system's business).
pub fn on_menu_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    if event.id() == QUIT_ID {
        crate::finish_then_quit(app);
    }
}

// Not on macOS: AppKit makes menus on the main thread only (muda panics on any
// other), and the test harness runs each test on a thread of its own.
#[cfg(all(test, not(target_os = "macos")))]
mod tests {
    use super::*;

    fn texts<R: Runtime>(items: &[tauri::menu::MenuItemKind<R>]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                tauri::menu::MenuItemKind::Submenu(s) => s.text().unwrap(),
                tauri::menu::MenuItemKind::MenuItem(i) => i.text().unwrap(),
                tauri::menu::MenuItemKind::Predefined(p) => p.text().unwrap(),
                other => panic!("unexpected item {:?}", other.id()),
            })
            .collect()
    }

    #[test]
    fn hearth_edit_and_window_with_hearths_own_quit() {
        let app = install(tauri::test::mock_builder()).build(tauri::generate_context!()).unwrap();
        let menu = app.menu().expect("the menu bar is installed");
        let bar = menu.items().unwrap();
        assert_eq!(texts(&bar), ["Hearth", "Edit", "Window"]);
        let submenu = |i: usize| bar[i].as_submenu().unwrap().items().unwrap();

        let hearth = submenu(0);
        let quit = hearth.last().unwrap().as_menuitem().expect("Quit is Hearth's own item, not the system's");
        assert_eq!(quit.id(), QUIT_ID);
        assert_eq!(quit.text().unwrap(), "Quit Hearth");

        let edit = texts(&submenu(1));
        for wanted in ["Undo", "Redo", "Cut", "Copy", "Paste", "Select All"] {
            assert!(
                edit.iter().any(|t| t.replace('&', "").replace('_', "") == wanted),
                "no {wanted} in {edit:?}"
            );
        }
        assert_eq!(bar[2].id(), WINDOW_SUBMENU_ID, "the system's Window menu");
        assert_eq!(submenu(2).len(), 4, "minimize, zoom, a separator, close");
    }
}
