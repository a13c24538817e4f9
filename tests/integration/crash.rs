//! Crash safety: a writer process saving in bursts is killed with SIGKILL at random
//! moments; every save it had confirmed must be there afterwards, and SQLite's and
//! SQLCipher's integrity checks must pass.
//!
//! 200 cycles by default (about half a minute). For the long run:
//! `HEARTH_CRASH_CYCLES=1000 cargo test --release -p hearth-tests --test integration crash -- --nocapture`

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hearth_core::keyfile::KdfParams;
use hearth_core::{Vault, bucket, journal, selfcheck};

/// Key derivation is not what this test is about: cheap parameters keep each of
/// the hundreds of unlocks fast. The key file records them like any other.
const FAST: KdfParams = KdfParams::FAST_FOR_TESTS;
const PASS: &str = "crash test passphrase";

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

#[test]
fn confirmed_saves_survive_sigkill() {
    let cycles: u32 = std::env::var("HEARTH_CRASH_CYCLES").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    let seed: u64 =
        std::env::var("HEARTH_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_4ea7);
    let mut rng = XorShift(seed);
    let dir = tempfile::tempdir().unwrap();
    Vault::create(dir.path(), PASS, FAST).unwrap().close().unwrap();

    let mut confirmed: Vec<(String, String)> = Vec::new();
    let started = Instant::now();
    for cycle in 0..cycles {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hearth-crash-writer"))
            .arg(dir.path())
            .arg(PASS)
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
            panic!("cycle {cycle} (seed {seed}): the writer could not open the vault: {err}");
        }
        // Let it save for a random while, then kill it mid-burst.
        let reader = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<String>>());
        std::thread::sleep(Duration::from_micros(2_000 + rng.next() % 40_000));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        for line in reader.join().unwrap() {
            if let Some((kind, id)) = line.split_once(' ') {
                confirmed.push((kind.to_string(), id.to_string()));
            }
        }

        // Reopen and check.
        let vault = Vault::unlock(dir.path(), PASS)
            .unwrap_or_else(|e| panic!("cycle {cycle} (seed {seed}): the vault did not reopen: {e:?}"));
        let ok: String = vault.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok", "cycle {cycle} (seed {seed}): integrity_check");
        let cipher_errors: Vec<String> = vault
            .conn()
            .prepare("PRAGMA cipher_integrity_check")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            cipher_errors.is_empty(),
            "cycle {cycle} (seed {seed}): cipher_integrity_check: {cipher_errors:?}"
        );
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
    assert!(confirmed.len() as u32 >= cycles, "the writer confirmed only {} saves", confirmed.len());
    println!(
        "{cycles} SIGKILL cycles, {} confirmed saves all present, in {:.1} s (seed {seed})",
        confirmed.len(),
        started.elapsed().as_secs_f64()
    );
}
