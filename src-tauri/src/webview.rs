//! WebKit settings for Hearth's one local window, chosen by measurement
//! (PERFORMANCE.md). Linux only (WebKitGTK); other systems keep their defaults.
//!
//! Hardware acceleration is off: Hearth draws forms, lists and a few small charts,
//! which WebKit's CPU path draws at once. With it on, the web process sets up GL
//! compositing (on machines without a usable GPU, Mesa's software renderer) before
//! the first frame: under Xvfb on the 2-core test machine that held the first
//! screen back by seconds and cost 80-100 MiB more PSS in the web process.
//! Other settings were measured and left at their defaults because they made no
//! difference that stood out from the noise.

use std::time::Duration;

use tauri::webview::PageLoadEvent;
use tauri::{Manager, Runtime, WebviewWindow, WebviewWindowBuilder};

/// The window shows by then even if its page never reports loaded.
const SHOW_AT_LATEST: Duration = Duration::from_secs(3);

/// Keeps the window hidden until its page has loaded, so nobody looks at an empty
/// window while WebKit starts: it maps with the lock screen about to draw. If the
/// page never finishes loading, the window shows after [`SHOW_AT_LATEST`] anyway.
pub fn show_when_loaded<'a, R: Runtime, M: Manager<R>>(
    builder: WebviewWindowBuilder<'a, R, M>,
) -> WebviewWindowBuilder<'a, R, M> {
    builder.visible(false).on_page_load(|window, payload| {
        if payload.event() == PageLoadEvent::Finished {
            let _ = window.show();
        }
    })
}

/// The fallback of [`show_when_loaded`]: shows `window` after [`SHOW_AT_LATEST`].
pub fn show_at_latest<R: Runtime>(window: &WebviewWindow<R>) {
    let window = window.clone();
    std::thread::spawn(move || {
        std::thread::sleep(SHOW_AT_LATEST);
        if !window.is_visible().unwrap_or(true) {
            let _ = window.show();
        }
    });
}

/// Applies the settings through the window's web view handle. Call once, right
/// after the window is built.
pub fn tune<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&webview.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
}
