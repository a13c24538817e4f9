//! Measures the real app, as a person meets it, on a generated vault:
//! - launch to the lock screen drawn (from the app process's start, read from
//!   /proc at 10 ms resolution, to the `hearth:first-screen` mark the page sets),
//! - unlock, from pressing Unlock to the app shell drawn,
//! - the first journal page, from clicking Journal to the first rows drawn,
//! - search, from typing a word to the results drawn (includes the search box's
//!   120 ms debounce, reported separately),
//! - PSS of the whole process tree (the app and its WebKit processes) on the
//!   lock screen, idle after unlock, and again after some minutes of use (searching, opening entries,
//!   writing, moving between sections).
//!
//! ```sh
//! .ci/perf                 # 10,000 entries, 5 runs, 10 minutes of use
//! .ci/perf 10000 3 1       # entries, runs, minutes of use
//! ```
//!
//! Each run copies one generated vault into a fresh temp folder. Linux only (/proc).
//!
//! To place growth with use, two controls: `PERF_NOOP_USE=1` runs the same loop
//! of WebDriver scripts doing nothing (the harness's own cost), and
//! `PERF_USE_ONLY=1,2` cycles through only the listed steps of [`use_the_app`]
//! (0 journal, 1 search, 2 open an entry, 3 bucket list, 4 self-check, 5 home).
//! `PERF_STEP_JS='<script>'` runs that script as every step instead, to try one
//! page change on its own (how the editor's growth was placed, PERFORMANCE.md).

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hearth_core::Vault;
use hearth_core::journal::{self, EntryInput};
use hearth_core::keyfile::KdfParams;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{App, app_binary};
use hearth_tests::procs::{descendants, exe_is, share};
use serde_json::{Value, json};

const WORDS: &[&str] = &[
    "walk", "coffee", "laughed", "quiet", "rain", "dinner", "garden", "tired", "kitchen", "sunday", "talked",
    "missed", "music", "train", "letter", "sister", "market", "bread", "evening", "window", "river",
    "argued", "forgave", "plans", "holiday", "candle", "blanket", "promise", "morning", "slow", "hands",
    "gentle",
];

struct Run {
    launch_ms: f64,
    unlock_ms: f64,
    journal_ms: f64,
    search_ms: f64,
    pss_lock_mib: f64,
    pss_idle_mib: f64,
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>().expect("numbers: entries runs minutes"));
    let entries = args.next().unwrap_or(10_000);
    let runs = args.next().unwrap_or(5) as usize;
    let use_minutes = args.next().unwrap_or(10);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();

    let template = tempfile::tempdir().unwrap();
    let t = Instant::now();
    generate(template.path(), entries);
    println!("app: {}", app_binary().display());
    println!("vault: {entries} entries, generated in {:.1} s", t.elapsed().as_secs_f64());
    println!(
        "{:>4} {:>11} {:>10} {:>12} {:>11} {:>14} {:>14}",
        "run", "launch ms", "unlock ms", "journal ms", "search ms", "PSS lock MiB", "PSS idle MiB"
    );
    let mut all = Vec::new();
    for i in 1..=runs {
        let last = i == runs;
        let (r, after_use) = rt.block_on(measure(template.path(), if last { use_minutes } else { 0 }));
        println!(
            "{i:>4} {:>11.0} {:>10.0} {:>12.0} {:>11.0} {:>14.1} {:>14.1}",
            r.launch_ms, r.unlock_ms, r.journal_ms, r.search_ms, r.pss_lock_mib, r.pss_idle_mib
        );
        if let Some((pss, actions)) = after_use {
            println!("     after {use_minutes} min of use ({actions} actions): PSS {pss:.1} MiB");
        }
        all.push(r);
    }
    let stat = |f: fn(&Run) -> f64| {
        let mut v: Vec<f64> = all.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[0], v[v.len() - 1])
    };
    for (name, f) in [
        ("launch to lock screen (ms)", (|r: &Run| r.launch_ms) as fn(&Run) -> f64),
        ("unlock, Unlock pressed to shell drawn (ms)", |r| r.unlock_ms),
        ("first journal page drawn (ms)", |r| r.journal_ms),
        ("search typed to results drawn, incl. 120 ms debounce (ms)", |r| r.search_ms),
        ("PSS on the lock screen (MiB)", |r| r.pss_lock_mib),
        ("PSS idle after unlock (MiB)", |r| r.pss_idle_mib),
    ] {
        let (m, lo, hi) = stat(f);
        println!("median {name}: {m:.1} (min {lo:.1}, max {hi:.1}, n={runs})");
    }
}

/// A vault of `n` entries of 50-300 words, over several years, in one import.
fn generate(dir: &Path, n: u64) {
    let fast = KdfParams::default();
    let mut vault = Vault::create(dir, PASSPHRASE, fast).unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut rnd = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    let mut list = Vec::with_capacity(n as usize);
    for i in 0..n {
        let words = 50 + rnd(251);
        let mut body = String::new();
        for k in 0..words {
            body.push_str(WORDS[rnd(WORDS.len() as u64) as usize]);
            body.push(if k % 12 == 11 { '.' } else { ' ' });
        }
        if i % 250 == 7 {
            body.push_str(" lighthouse");
        }
        let date = chrono::NaiveDate::from_num_days_from_ce_opt(738_000 + (i * 3 / 4) as i32).unwrap();
        let input = EntryInput {
            entry_date: format!("{date}T{:02}:{:02}", 6 + rnd(17), rnd(60)),
            title: format!("{} {}", WORDS[rnd(32) as usize], WORDS[rnd(32) as usize]),
            body,
            mood: Some(1 + rnd(5) as u8),
            tags: vec![format!("tag{}", rnd(20))],
            ..Default::default()
        };
        list.push(json!({
            "id": format!("00000000-0000-4000-8000-{i:012}"), "entry_date": input.entry_date, "title": input.title,
            "body": input.body, "mood": input.mood, "tags": input.tags, "prompt": null,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }));
    }
    let file = json!({ "format": "hearth-journal", "version": 1, "exported_at": "2026-01-01T00:00:00Z", "entries": list });
    let parsed = journal::exchange::parse(serde_json::to_string(&file).unwrap().as_bytes()).unwrap();
    journal::exchange::apply(vault.conn_mut(), &parsed).unwrap();
    // The use loop clicks through JavaScript, which the idle clock doesn't count as
    // activity; the longest auto-lock keeps it from ending the session midway (the
    // release binary measured here has no test hooks to shorten or lengthen it).
    hearth_core::settings::set_auto_lock_minutes(vault.conn(), 60).unwrap();
    vault.close().unwrap();
}

/// Runs `body` in the page as an async function with `done(value)`.
async fn timed(app: &App, body: &str) -> f64 {
    let script =
        format!("const done = arguments[0]; (async () => {{ {body} }})().then(done, e => done(-1));");
    let v = app.client.execute_async(&script, vec![]).await.unwrap();
    let ms = v.as_f64().unwrap_or(-1.0);
    assert!(ms >= 0.0, "the measurement failed: {v}");
    ms
}

/// JS: waits (by animation frames) until `cond` is true; up to 60 s.
const UNTIL: &str = "const until = async (cond) => { const t = performance.now(); \
    while (!cond()) { if (performance.now() - t > 60000) throw new Error('timeout'); \
    await new Promise(r => requestAnimationFrame(r)); } };";

async fn measure(template: &Path, use_minutes: u64) -> (Run, Option<(f64, u64)>) {
    let dir = tempfile::tempdir().unwrap();
    for name in ["hearth.vault", "hearth.key"] {
        std::fs::copy(template.join(name), dir.path().join(name)).unwrap();
    }
    let app = App::launch(dir.path(), &[]).await;
    app.wait_for("#unlock-pass").await;
    let app_pid = descendants(app.driver_pid())
        .into_iter()
        .find(|pid| exe_is(*pid, &app_binary()))
        .expect("the app process below tauri-driver");
    let drawn = app
        .js("return performance.timeOrigin + performance.getEntriesByName('hearth:first-screen')[0].startTime")
        .await
        .as_f64()
        .unwrap();
    let launch_ms = drawn - process_start_epoch_ms(app_pid);
    tokio::time::sleep(Duration::from_secs(5)).await;
    let pss_lock_mib = print_breakdown("lock screen", app_pid);

    let unlock_ms = timed(
        &app,
        &format!(
            "{UNTIL} document.querySelector('#unlock-pass').value = {PASSPHRASE:?}; const t = performance.now();
             document.querySelector('form[data-form=unlock]').requestSubmit();
             await until(() => document.querySelector('.shell')); return performance.now() - t;"
        ),
    )
    .await;
    let journal_ms = timed(
        &app,
        &format!(
            "{UNTIL} const t = performance.now(); document.querySelector('[data-section=journal]').click();
             await until(() => document.querySelectorAll('[data-list] li').length > 0); return performance.now() - t;"
        ),
    )
    .await;
    let search_ms = search(&app, "lighthouse").await;

    tokio::time::sleep(Duration::from_secs(5)).await;
    let pss_idle_mib = print_breakdown("idle after unlock", app_pid);

    let after_use = if use_minutes > 0 {
        let start = Instant::now();
        let until = start + Duration::from_secs(use_minutes * 60);
        let mut actions = 0u64;
        let mut next_report = 1u64;
        while Instant::now() < until {
            use_the_app(&app, actions).await;
            actions += 1;
            if start.elapsed() >= Duration::from_secs(next_report * 60) && next_report < use_minutes {
                print_breakdown(&format!("during use, minute {next_report} ({actions} actions)"), app_pid);
                next_report += 1;
            }
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
        let pss = print_breakdown(&format!("after {use_minutes} min of use ({actions} actions)"), app_pid);
        Some((pss, actions))
    } else {
        None
    };
    app.close().await;
    (Run { launch_ms, unlock_ms, journal_ms, search_ms, pss_lock_mib, pss_idle_mib }, after_use)
}

async fn search(app: &App, word: &str) -> f64 {
    timed(
        app,
        &format!(
            "{UNTIL} const box = document.querySelector('#journal-search'); const summary = document.querySelector('[data-summary]');
             box.value = ''; box.dispatchEvent(new Event('input')); await until(() => !summary.textContent.includes('found'));
             const t = performance.now(); box.value = {word:?}; box.dispatchEvent(new Event('input'));
             await until(() => summary.textContent.includes('found')); return performance.now() - t;"
        ),
    )
    .await
}

/// One step of ordinary use, varied by `n`.
async fn use_the_app(app: &App, n: u64) {
    let noop = std::env::var_os("PERF_NOOP_USE").is_some();
    let only: Vec<u64> = std::env::var("PERF_USE_ONLY")
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default();
    let step = if noop {
        99
    } else if only.is_empty() {
        n % 6
    } else {
        only[n as usize % only.len()]
    };
    let script = match std::env::var("PERF_STEP_JS") {
        Ok(js) => js,
        Err(_) => match step {
        99 => "return 1;".to_string(),
        0 => "document.querySelector('[data-section=journal]').click();".to_string(),
        1 => format!(
            "const b = document.querySelector('#journal-search'); if (b) {{ b.value = {:?}; b.dispatchEvent(new Event('input')); }}",
            WORDS[(n as usize / 6) % WORDS.len()]
        ),
        2 => "const rows = document.querySelectorAll('.entry-row'); if (rows.length) rows[rows.length > 3 ? 3 : 0].click();".into(),
        3 => "document.querySelector('[data-section=bucket]').click();".into(),
        4 => "document.querySelector('[data-section=selfcheck]').click();".into(),
        _ => "document.querySelector('[data-section=home]').click();".into(),
        },
    };
    let _: Value = app.js(&script).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
}

/// Prints each process of the tree with its PSS and that PSS's anonymous,
/// file-backed and shared-memory parts (MiB), so growth can be placed: the app
/// itself, WebKit's web process or its network process. The file-backed part is
/// mostly shared libraries, and shrinks when other processes map the same ones.
/// Returns the PSS of the whole tree (MiB), from the same reading.
fn print_breakdown(when: &str, pid: u32) -> f64 {
    let mib = |k: u64| k as f64 / 1024.0;
    let shares: Vec<_> =
        std::iter::once(pid).chain(descendants(pid)).map(share).filter(|s| s.pss > 0).collect();
    let parts: Vec<String> = shares
        .iter()
        .map(|s| {
            format!(
                "{} {:.1} (anon {:.1}, file {:.1}, shmem {:.1})",
                s.name,
                mib(s.pss),
                mib(s.anon),
                mib(s.file),
                mib(s.shmem)
            )
        })
        .collect();
    println!("     PSS by process, {when}: {}", parts.join("; "));
    mib(shares.iter().map(|s| s.pss).sum())
}

/// When `pid` started, in ms since the Unix epoch, from its start time in clock
/// ticks after boot and the current uptime.
fn process_start_epoch_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    // starttime is field 22 overall, the 20th after the command name.
    let start_ticks: f64 = rest.split(' ').nth(19).unwrap().parse().unwrap();
    let uptime: f64 =
        std::fs::read_to_string("/proc/uptime").unwrap().split(' ').next().unwrap().parse().unwrap();
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64() * 1000.0;
    now_ms - (uptime - start_ticks / 100.0) * 1000.0
}
