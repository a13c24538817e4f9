//! Measures the real app: time from launch to the lock screen drawn, unlock time as
//! the window sees it, and memory (PSS) of the whole process tree (the app plus its
//! WebKit processes) idle after unlock. Prints each run and the median.
//!
//! ```sh
//! cargo build --release --locked -p hearth --features custom-protocol
//! HEARTH_APP=$PWD/target/release/hearth xvfb-run -a -s "-screen 0 1280x800x24" \
//!   cargo run -p hearth-tests --example startup -- 7
//! ```
//!
//! Launch time runs from the app process's start (from /proc, 10 ms resolution) to
//! the `hearth:first-screen` performance mark the page sets after drawing the lock
//! screen. Each run uses a fresh temp vault. Linux only (/proc).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hearth_core::Vault;
use hearth_core::keyfile::KdfParams;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{App, app_binary};
use hearth_tests::procs::{descendants, exe_is};
use serde_json::json;

struct Run {
    launch_ms: f64,
    unlock_ms: f64,
    pss_mib: f64,
    processes: usize,
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    println!("app: {}", app_binary().display());
    println!("{:>4} {:>12} {:>11} {:>12} {:>6}", "run", "launch (ms)", "unlock (ms)", "PSS (MiB)", "procs");
    let mut all = Vec::new();
    for i in 1..=runs {
        let r = rt.block_on(measure());
        println!("{i:>4} {:>12.0} {:>11.0} {:>12.1} {:>6}", r.launch_ms, r.unlock_ms, r.pss_mib, r.processes);
        all.push(r);
    }
    let med = |f: fn(&Run) -> f64| {
        let mut v: Vec<f64> = all.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[0], v[v.len() - 1])
    };
    for (name, f) in [
        ("launch to lock screen (ms)", (|r: &Run| r.launch_ms) as fn(&Run) -> f64),
        ("unlock, as the window sees it (ms)", |r| r.unlock_ms),
        ("PSS idle after unlock (MiB)", |r| r.pss_mib),
    ] {
        let (m, lo, hi) = med(f);
        println!("median {name}: {m:.1} (min {lo:.1}, max {hi:.1}, n={runs})");
    }
}

async fn measure() -> Run {
    let dir = tempfile::tempdir().unwrap();
    Vault::create(dir.path(), PASSPHRASE, KdfParams::default()).unwrap().close().unwrap();
    let app = App::launch(dir.path(), &[]).await;
    app.wait_for("#unlock-pass").await;

    let app_pid = descendants(app.driver_pid())
        .into_iter()
        .find(|pid| exe_is(*pid, &app_binary()))
        .expect("the app process below tauri-driver");
    let drawn_epoch_ms = app
        .js("return performance.timeOrigin + performance.getEntriesByName('hearth:first-screen')[0].startTime")
        .await
        .as_f64()
        .unwrap();
    let launch_ms = drawn_epoch_ms - process_start_epoch_ms(app_pid);

    let unlock_ms = app
        .client
        .execute_async(
            "const [pass, done] = arguments; const t = performance.now();
             window.__TAURI__.core.invoke('unlock', { passphrase: pass })
               .then(() => done(performance.now() - t), e => done(-1));",
            vec![json!(PASSPHRASE)],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(unlock_ms >= 0.0, "unlock failed");

    // Idle after unlock: let WebKit settle, then sum PSS over the app and its children.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let tree: Vec<u32> = std::iter::once(app_pid).chain(descendants(app_pid)).collect();
    let pss_kib: u64 = tree.iter().map(|p| pss_kib(*p)).sum();
    app.close().await;
    Run { launch_ms, unlock_ms, pss_mib: pss_kib as f64 / 1024.0, processes: tree.len() }
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("Pss:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// When `pid` started, in ms since the Unix epoch, from its start time in clock
/// ticks after boot and the current uptime.
fn process_start_epoch_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    // starttime is field 22 overall, the 20th after the command name.
    let start_ticks: f64 = rest.split(' ').nth(19).unwrap().parse().unwrap();
    let ticks_per_sec = 100.0; // USER_HZ on Linux
    let uptime: f64 =
        std::fs::read_to_string("/proc/uptime").unwrap().split(' ').next().unwrap().parse().unwrap();
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64() * 1000.0;
    now_ms - (uptime - start_ticks / ticks_per_sec) * 1000.0
}
