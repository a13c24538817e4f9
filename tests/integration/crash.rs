//! Crash safety: a writer process saving in bursts is killed with SIGKILL at random
//! moments; every save it had confirmed must be there afterwards, and SQLite's and
//! SQLCipher's integrity checks must pass.
//!
//! 200 cycles by default (about half a minute). For the long run:
//! `HEARTH_CRASH_CYCLES=1000 cargo test --release -p hearth-tests --test integration crash -- --nocapture`
//!
//! The re-key cycles (`rekey_survives_sigkill`, 100 by default,
//! `HEARTH_REKEY_CYCLES`) kill a writer that changes the passphrase, and with it the
//! database key, over and over: each time the vault must open with the last
//! passphrase the writer confirmed or the one it was changing to, never an older
//! one, never neither, and pass the integrity checks.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hearth_core::keyfile::KdfParams;
use hearth_core::{Vault, VaultPaths, bucket, journal, selfcheck};

/// Key derivation is not what this test is about: cheap parameters keep each of
/// the hundreds of unlocks fast. The key file records them like any other.
const FAST: KdfParams = KdfParams::FAST_FOR_TESTS;
const PASS: &str = "crash test passphrase";

/// The two tests here run one at a time. A child process holds a copy of every
/// file descriptor of this process between its fork and its exec, the vault's
/// lock file included; a child spawned by one test could then hold the other
/// test's lock for an instant, and its next open would find the vault in use.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner())
}

/// A number from the environment variable `name`, or `default`.
fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// A small deterministic generator, so a failing run can be repeated by its seed.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Starts the writer on `dir` with `args` after the vault dir and waits for its
/// "ready"; panics with its error output if it never gets there.
fn start_writer(
    dir: &std::path::Path,
    args: &[&str],
    context: &str,
) -> (std::process::Child, std::io::Lines<BufReader<std::process::ChildStdout>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearth-crash-writer"))
        .arg(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().map(|l| l.unwrap());
    if first.as_deref() != Some("ready") {
        let _ = child.kill();
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        panic!("{context}: the writer could not open the vault: {err}");
    }
    (child, lines)
}

/// SQLite's and SQLCipher's own integrity checks.
fn assert_intact(vault: &Vault, context: &str) {
    let ok: String = vault.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok", "{context}: integrity_check");
    let cipher_errors: Vec<String> = vault
        .conn()
        .prepare("PRAGMA cipher_integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(cipher_errors.is_empty(), "{context}: cipher_integrity_check: {cipher_errors:?}");
}

#[test]
fn rekey_survives_sigkill() {
    let _alone = one_at_a_time();
    let cycles: u32 = setting("HEARTH_REKEY_CYCLES", 100);
    let seed: u64 = setting("HEARTH_CRASH_SEED", 0x4e4e_cafe);
    let mut rng = XorShift(seed);
    // Three passphrases in turn, so "the old one" is told apart from "the one before".
    let passes = ["first rekey passphrase", "second rekey passphrase", "third rekey passphrase"];
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), passes[0], FAST).unwrap();
    // Some pages to rewrite, so a kill often lands inside the re-encryption.
    for i in 0..150 {
        let input: journal::EntryInput = serde_json::from_value(serde_json::json!({
            "entry_date": "2026-02-01T20:00", "title": format!("Before {i}"),
            "body": "A page or so of words to re-encrypt. ".repeat(40)
        }))
        .unwrap();
        journal::save(vault.conn_mut(), &input).unwrap();
    }
    vault.close().unwrap();

    let mut current = 0usize;
    let (mut changes, mut finished_by_open) = (0u32, 0u32);
    // How long one change takes here and now (it varies with the machine's load),
    // so the kill can land anywhere inside one.
    let mut one_change = Duration::from_millis(20);
    let started = Instant::now();
    for cycle in 0..cycles {
        let context = format!("re-key cycle {cycle} (seed {seed})");
        let mut args = vec![passes[current], "rekey"];
        args.extend(passes);
        let (mut child, lines) = start_writer(dir.path(), &args, &context);
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = tx.send((Instant::now(), line));
            }
        });
        // Let 0, 1 or 2 changes finish (measuring them), then kill at a random
        // moment within about one more.
        let mut confirmed = Vec::new();
        let mut since = Instant::now();
        for _ in 0..rng.next() % 3 {
            let (at, line) = rx
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("{context}: the writer stopped changing the passphrase"));
            one_change = at - since;
            since = at;
            confirmed.push(line);
        }
        let window = one_change.as_micros().max(1_000) as u64 * 3 / 2;
        std::thread::sleep(Duration::from_micros(rng.next() % window));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        confirmed.extend(rx.try_iter().map(|(_, line)| line));
        for line in confirmed {
            if let Some(i) = line.strip_prefix("passphrase ") {
                current = i.parse().unwrap();
                changes += 1;
            }
        }

        // The confirmed passphrase or the next one opens it; the one before never does.
        let next = (current + 1) % passes.len();
        let before = (current + passes.len() - 1) % passes.len();
        let vault = match Vault::unlock(dir.path(), passes[current]) {
            Ok(v) => v,
            Err(first) => {
                let v = Vault::unlock(dir.path(), passes[next]).unwrap_or_else(|e| {
                    panic!("{context}: opens with neither passphrase: {first:?}, then {e:?}")
                });
                current = next;
                finished_by_open += 1;
                v
            }
        };
        assert_intact(&vault, &context);
        assert!(
            !VaultPaths::new(dir.path()).pending_key.exists(),
            "{context}: the pending key file is settled"
        );
        vault.close().unwrap();
        let err = Vault::unlock(dir.path(), passes[before]).unwrap_err();
        assert_eq!(err.kind(), "wrong_passphrase", "{context}: an older passphrase: {err:?}");
    }
    // A third of the cycles wait for none, yet changes do finish.
    assert!(changes >= cycles / 2, "the writer confirmed only {changes} changes");
    println!(
        "{cycles} SIGKILL re-key cycles, {changes} confirmed changes, {finished_by_open} finished on opening, in {:.1} s (seed {seed})",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn confirmed_saves_survive_sigkill() {
    let _alone = one_at_a_time();
    let cycles: u32 = setting("HEARTH_CRASH_CYCLES", 200);
    let seed: u64 = setting("HEARTH_CRASH_SEED", 0x5eed_4ea7);
    let mut rng = XorShift(seed);
    let dir = tempfile::tempdir().unwrap();
    Vault::create(dir.path(), PASS, FAST).unwrap().close().unwrap();

    let mut confirmed: Vec<(String, String)> = Vec::new();
    let started = Instant::now();
    for cycle in 0..cycles {
        let context = format!("cycle {cycle} (seed {seed})");
        let (mut child, lines) = start_writer(dir.path(), &[PASS], &context);
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // Three cycles in four wait for the writer's "ready" (the vault is open), so
        // the kill lands among saves however slowly a loaded machine starts the
        // writer; the fourth counts from the start, while the vault may still be
        // opening. Then a random while more, and the kill comes mid-burst.
        let mut lines_seen = Vec::new();
        if rng.next() % 4 != 0 {
            let first = rx
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("{context}: the writer did not open the vault in 60 s"));
            lines_seen.push(first);
        }
        std::thread::sleep(Duration::from_micros(2_000 + rng.next() % 40_000));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        lines_seen.extend(rx.try_iter());
        for line in lines_seen {
            if let Some((kind, id)) = line.split_once(' ') {
                confirmed.push((kind.to_string(), id.to_string()));
            }
        }

        // Reopen and check.
        let vault = Vault::unlock(dir.path(), PASS)
            .unwrap_or_else(|e| panic!("cycle {cycle} (seed {seed}): the vault did not reopen: {e:?}"));
        assert_intact(&vault, &format!("cycle {cycle} (seed {seed})"));
        for (kind, id) in &confirmed {
            let present = match kind.as_str() {
                "bucket" => bucket::store::get(vault.conn(), id.parse().unwrap()).unwrap().is_some(),
                "selfcheck" => selfcheck::store::get(vault.conn(), id).unwrap().is_some(),
                "journal" => journal::get(vault.conn(), id).unwrap().is_some(),
                other => panic!("unknown save kind {other}"),
            };
            assert!(present, "cycle {cycle} (seed {seed}): confirmed {kind} {id} is missing");
        }
        vault.close().unwrap();
    }
    // Most cycles had the vault open for a while before the kill: a run with fewer
    // confirmed saves than that tested little.
    assert!(confirmed.len() as u32 >= cycles * 3 / 4, "the writer confirmed only {} saves", confirmed.len());
    println!(
        "{cycles} SIGKILL cycles, {} confirmed saves all present, in {:.1} s (seed {seed})",
        confirmed.len(),
        started.elapsed().as_secs_f64()
    );
}
