//! WebKit settings for Hearth's one local window, chosen by measurement
//! (PERFORMANCE.md). Linux only (WebKitGTK); other systems keep their defaults.
//!
//! Hardware acceleration is off: Hearth draws forms, lists and a few small charts,
//! which WebKit's CPU path draws at once. With it on, the web process sets up GL
//! compositing (on machines without a usable GPU, Mesa's software renderer) before
//! the first frame: under Xvfb on the 2-core test machine that held the first
//! screen back by seconds and cost 70-140 MiB more PSS in the web process.
//! Other settings were measured and left at their defaults because they made no
//! difference that stood out from the noise.

use tauri::{Runtime, WebviewWindow};

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
