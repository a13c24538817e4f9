//! End-to-end tests: the real app window, driven over WebDriver.
//! Run under Xvfb with one test thread: `.ci/test` does both.

mod a11y;
mod backups;
mod bucket;
mod crosslinks;
mod first_screen;
// Uses network.rs's checks, which expect WebKitGTK's tauri:// origin and read /proc.
#[cfg(target_os = "linux")]
mod hostile;
mod journal;
mod lifecycle;
mod lock_screen;
// Uses network.rs's checks (Linux only).
#[cfg(target_os = "linux")]
mod navigation;
// Reads /proc and expects WebKitGTK's tauri:// origin: Linux only.
#[cfg(target_os = "linux")]
mod network;
// Uses network.rs's checks (Linux only).
#[cfg(target_os = "linux")]
mod photos;
mod safety;
mod selfcheck;
mod shared;
mod shortcuts;
mod together;
mod together_shared;
