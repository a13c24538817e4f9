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
//!
//! WebKit's DMA-BUF renderer is off too ([`before_start`]): it is how WebKitGTK
//! hands accelerated frames from the web process to the window, which Hearth never
//! has with acceleration off, yet deciding whether it can be used sets up an EGL
//! display in the app and web processes at start. And JavaScriptCore runs the
//! page's script without its JIT compilers, which cost memory that grew with use.
//! The app process itself loads no GL driver at all ([`before_start`]): only the
//! web process draws.
//!
//! The window also stays on Hearth's own page ([`stay_home`]): navigation to any
//! other origin is refused and no new window is ever opened. The content security
//! policy does not cover top-level navigation, so without this a script that ever
//! ran in the page could carry data out through `location.href` or `window.open`.

use std::time::Duration;

use tauri::webview::{NewWindowResponse, PageLoadEvent};
use tauri::{Manager, Runtime, Url, WebviewWindow, WebviewWindowBuilder};

/// The window shows by then even if its page never reports loaded.
const SHOW_AT_LATEST: Duration = Duration::from_secs(3);
/// After a lock, WebKit is asked to drop what it keeps in memory once the page
/// has let go of it (its views end at once; this leaves them time to).
const FORGET_AFTER: Duration = Duration::from_millis(500);

/// Turns WebKit's DMA-BUF renderer and JavaScriptCore's JIT off for this process
/// and the WebKit processes it starts (they inherit its environment), unless the
/// person set those variables themselves, and keeps GL drivers out of this process
/// ([`no_gl_here`]). Call first thing in `run`, before GTK or WebKit start and
/// before any other thread exists (it sets environment variables). Linux only.
///
/// Measured (2026-12-04, release build, Xvfb, the create screen 6 s after launch,
/// n=3 alternated, load 1.4): PSS of the process tree 236.7 MiB (236.6-237.2)
/// without, 227.2 MiB (227.0-227.6) with: the app process 88.7 → 85.3 MiB and the
/// web process 119.5 → 113.3 MiB. Frames are drawn as before (hardware
/// acceleration is off either way, [`tune`]).
///
/// JavaScriptCore's JIT compilers are off in the web process too (`JSC_useJIT`,
/// unless set): Hearth's page runs little script, which the interpreter runs fast
/// enough, and compiled code and its bookkeeping were the larger part of the web
/// process's growth with use. Measured with `tests/perf/app.rs` (10,000 entries,
/// 2 minutes of use, n=1 each, load 1.0-1.5), with the DMA-BUF renderer already
/// off: JIT on / off, PSS of the tree on the lock screen 225.8 / 216.7 MiB, idle
/// after unlock 239.7 / 229.5 MiB, after use 259.8 / 243.9 MiB (web process
/// 139.5 / 125.0 MiB); launch 459 / 511 ms, unlock 785 / 817 ms, first journal
/// page 217 / 217 ms, search 146 / 149 ms. Fewer pages that are both writable and
/// executable is a hardening of its own.
pub fn before_start() {
    #[cfg(target_os = "linux")]
    {
        set_unless_set("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        set_unless_set("JSC_useJIT", "false");
        no_gl_here();
    }
}

/// Sets an environment variable unless the person has set it. Only from
/// [`before_start`], while this is the only thread.
#[cfg(target_os = "linux")]
fn set_unless_set(name: &str, value: &str) {
    if std::env::var_os(name).is_none() {
        // SAFETY: called at the start of `run`, while this is the only thread.
        unsafe { std::env::set_var(name, value) };
    }
}

/// Keeps GL drivers out of this process (the web process, which starts later,
/// keeps them). Nothing the app process draws uses GL: hardware acceleration is
/// off ([`tune`]) and so is the DMA-BUF renderer, yet GDK (GLX, on X11) and WebKit
/// (EGL) each set up a display at start, which loads Mesa's driver and, for the
/// software one, LLVM: about 18 MiB of PSS here, 8 of them anonymous (LLVM's
/// relocations).
///
/// GDK is told with `GDK_GL=disable`. For EGL, glvnd's libEGL reads the vendor
/// list once per process, at its first call: that call is made here, with
/// `__EGL_VENDOR_LIBRARY_FILENAMES` naming no file, and the variable is removed
/// again at once, so this process knows no EGL vendor while the WebKit processes
/// it starts see the system's as usual. A person who sets either variable keeps
/// their own setting (and then Mesa loads here as before). Without glvnd, the call
/// only asks libEGL for its extensions.
///
/// Measured (2026-12-04, release build, `tests/perf/app.rs` 10,000 entries, n=2
/// alternated, Mesa kept / kept out): PSS of the tree on the lock screen
/// 214.9-215.2 / 197.1-197.4 MiB, idle after unlock 228.5-229.0 / 210.9-211.3 MiB
/// (the app process 89.1-89.7 / 64.5-65.0 MiB; the web process's file-backed part
/// rises 75.7 → 82.6 MiB, as it no longer shares LLVM's pages with this process);
/// launch 333-342 / 280-286 ms, unlock 751-758 / 709-714 ms.
#[cfg(target_os = "linux")]
fn no_gl_here() {
    use std::ffi::{c_char, c_int, c_void};
    unsafe extern "C" {
        fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
        fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    }
    const RTLD_NOW: c_int = 2;
    const VENDORS: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";
    if std::env::var_os(VENDORS).is_some() {
        return;
    }
    set_unless_set("GDK_GL", "disable");
    // SAFETY: at the start of `run`, the only thread (environment). libEGL stays
    // loaded for the life of the process; eglQueryString has this signature and
    // takes EGL_NO_DISPLAY (null) with EGL_EXTENSIONS.
    unsafe {
        std::env::set_var(VENDORS, "/nonexistent/hearth-no-egl-vendor.json");
        let lib = dlopen(c"libEGL.so.1".as_ptr(), RTLD_NOW);
        if !lib.is_null() {
            let query = dlsym(lib, c"eglQueryString".as_ptr());
            if !query.is_null() {
                type QueryString = unsafe extern "C" fn(*mut c_void, c_int) -> *const c_char;
                let query = std::mem::transmute::<*mut c_void, QueryString>(query);
                const EGL_EXTENSIONS: c_int = 0x3055;
                query(std::ptr::null_mut(), EGL_EXTENSIONS);
            }
        }
        std::env::remove_var(VENDORS);
    }
}

/// After a lock: asks WebKit to empty its memory cache, where pictures the page
/// showed (photos decoded from the vault) may stay after the page let go of them.
/// Linux (WebKitGTK) only; other systems keep theirs until they evict it.
pub fn forget_shown_soon<R: Runtime>(app: &tauri::AppHandle<R>) {
    #[cfg(target_os = "linux")]
    {
        let app = app.clone();
        std::thread::spawn(move || {
            std::thread::sleep(FORGET_AFTER);
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.with_webview(|webview| {
                    use webkit2gtk::{WebContextExt, WebViewExt};
                    if let Some(context) = WebViewExt::context(&webview.inner()) {
                        context.clear_cache();
                    }
                });
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

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

/// Keeps the window on the app's own origin: every navigation elsewhere (another
/// site, a `data:`, `file:` or `javascript:` address) is cancelled, and every
/// request for a new window (`window.open`, a link with `target=_blank`) is denied.
pub fn stay_home<'a, R: Runtime, M: Manager<R>>(
    builder: WebviewWindowBuilder<'a, R, M>,
) -> WebviewWindowBuilder<'a, R, M> {
    builder.on_navigation(is_own_origin).on_new_window(|_, _| NewWindowResponse::Deny)
}

/// Whether `url` is one of Hearth's own pages: `tauri://localhost` (Linux, macOS)
/// or `http(s)://tauri.localhost` (Windows), with no user name, password or port.
fn is_own_origin(url: &Url) -> bool {
    let host = match url.scheme() {
        "tauri" => "localhost",
        "http" | "https" => "tauri.localhost",
        _ => return false,
    };
    url.host_str() == Some(host)
        && url.port().is_none()
        && url.username().is_empty()
        && url.password().is_none()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_origin_is_home() {
        for own in [
            "tauri://localhost",
            "tauri://localhost/index.html#journal",
            "http://tauri.localhost/",
            "https://tauri.localhost/x?y=1",
        ] {
            assert!(is_own_origin(&Url::parse(own).unwrap()), "{own}");
        }
        for other in [
            "https://example.com/",
            "http://localhost/",
            "tauri://example.com/",
            "https://tauri.localhost.example.com/",
            "http://tauri.localhost:8080/",
            "http://evil@tauri.localhost/",
            "data:text/html,<p>hi</p>",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "about:blank",
            "ipc://localhost/journal_list",
        ] {
            assert!(!is_own_origin(&Url::parse(other).unwrap()), "{other}");
        }
    }
}
