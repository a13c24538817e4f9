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
//!
//! The sync cycles (`sync_survives_sigkill`, 30 by default, `HEARTH_SYNC_CYCLES`;
//! each cycle costs more as the shared document grows, 50 took two minutes)
//! kill a writer whose vault is paired, while it adds and plans ideas and runs
//! rounds of sync through a shared folder the partner's vault (here, in this
//! process) reads and writes too. Each time: every confirmed change is in the
//! writer's vault, its shared document loads, everything confirmed before its last
//! confirmed round reaches the partner from the folder alone, and a few rounds on
//! both sides bring the two lists to the same.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hearth_core::bucket::{BucketItem, NaiveDate, Uuid};
use hearth_core::keyfile::KdfParams;
use hearth_core::shared::pair::{Join, Offer};
use hearth_core::shared::store::{self as shared, Session};
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

/// Lets a random number (below `most`) of the writer's lines come, measuring how
/// long one step takes in `step`, then SIGKILLs it at a random moment within
/// about one more step, so a kill can land anywhere inside one. Returns every
/// line the writer wrote: what it confirmed.
fn kill_within_a_step(
    (mut child, lines): (std::process::Child, std::io::Lines<BufReader<std::process::ChildStdout>>),
    rng: &mut XorShift,
    most: u64,
    step: &mut Duration,
    context: &str,
) -> Vec<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let _ = tx.send((Instant::now(), line));
        }
    });
    let mut said = Vec::new();
    let mut since = Instant::now();
    for _ in 0..rng.next() % most {
        let (at, line) = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("{context}: the writer stopped"));
        *step = at - since;
        since = at;
        said.push(line);
    }
    let window = step.as_micros().max(1_000) as u64 * 3 / 2;
    std::thread::sleep(Duration::from_micros(rng.next() % window));
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    reader.join().unwrap();
    said.extend(rx.try_iter().map(|(_, line)| line));
    said
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
        let writer = start_writer(dir.path(), &args, &context);
        // Let 0, 1 or 2 changes finish, then kill within about one more.
        let confirmed = kill_within_a_step(writer, &mut rng, 3, &mut one_change, &context);
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

/// What the sync writer confirmed: ideas added, and each idea's latest plan.
#[derive(Default, Clone)]
struct SyncConfirmed {
    ideas: Vec<Uuid>,
    plans: std::collections::HashMap<Uuid, NaiveDate>,
}

impl SyncConfirmed {
    /// Takes in one line of the writer's; `true` for a finished round of sync.
    fn take(&mut self, line: &str) -> bool {
        let words: Vec<&str> = line.split(' ').collect();
        match words[..] {
            ["bucket", id] => self.ideas.push(id.parse().unwrap()),
            ["planned", id, day] => {
                self.plans.insert(id.parse().unwrap(), day.parse().unwrap());
            }
            ["synced"] => return true,
            _ => panic!("the writer said {line:?}"),
        }
        false
    }

    /// Checks that `conn`'s list holds all of it; `seen` names the vault.
    fn assert_in(&self, conn: &rusqlite::Connection, seen: &str) {
        for id in &self.ideas {
            let item = bucket::store::get(conn, *id).unwrap();
            assert!(item.is_some_and(|i| i.deleted_at.is_none()), "{seen}: confirmed idea {id} is missing");
        }
        for (id, day) in &self.plans {
            let item = bucket::store::get(conn, *id).unwrap().unwrap();
            assert!(
                item.planned_for.is_some_and(|d| d >= *day),
                "{seen}: idea {id} was confirmed planned for {day}, holds {:?}",
                item.planned_for
            );
        }
    }
}

/// A vault's list as the other side would hold it, journal links left out (they
/// stay local), in id order.
fn list_as_partner_sees(conn: &rusqlite::Connection, flip: bool) -> Vec<BucketItem> {
    let mut l: Vec<BucketItem> = bucket::store::all_with_tombstones(conn)
        .unwrap()
        .into_iter()
        .map(|i| BucketItem { journal_entry_id: None, ..if flip { i.seen_from_other_side() } else { i } })
        .collect();
    l.sort_by_key(|i| i.id);
    l
}

#[test]
fn sync_survives_sigkill() {
    let _alone = one_at_a_time();
    let cycles: u32 = setting("HEARTH_SYNC_CYCLES", 30);
    let seed: u64 = setting("HEARTH_CRASH_SEED", 0x5ca1_ab1e);
    let mut rng = XorShift(seed);
    let (dir, partner_dir, folder) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());

    // Pair the two vaults through the folder, as the window does.
    let mut vault = Vault::create(dir.path(), PASS, FAST).unwrap();
    let mut partner = Vault::create(partner_dir.path(), PASS, FAST).unwrap();
    let mut offer =
        Offer::start(folder.path(), Uuid::new_v4(), bucket::store::vault_id(vault.conn()).unwrap()).unwrap();
    let mut join = Join::start(
        folder.path(),
        &offer.code(),
        Uuid::new_v4(),
        bucket::store::vault_id(partner.conn()).unwrap(),
    )
    .unwrap();
    let couple = offer.poll().unwrap().unwrap();
    let partner_couple = join.poll().unwrap().unwrap();
    shared::begin(vault.conn_mut(), couple, folder.path()).unwrap();
    vault.close().unwrap();
    let mut partner_session: Session =
        shared::begin(partner.conn_mut(), partner_couple, folder.path()).unwrap();
    let partner_idea = |partner: &Vault, n: u32| {
        let input =
            bucket::ItemInput { title: format!("From the partner {n}"), ..bucket::vocabulary::new_item() };
        bucket::store::create(partner.conn(), &input).unwrap();
    };

    let mut confirmed = SyncConfirmed::default();
    let (mut rounds, mut partner_ideas) = (0u32, 0u32);
    // How long one change or round takes here and now (it varies with the
    // machine's load and the list's size), so a kill can land anywhere in one.
    let mut one_step = Duration::from_millis(20);
    let started = Instant::now();
    for cycle in 0..cycles {
        let context = format!("sync cycle {cycle} (seed {seed})");
        // Now and then the partner has news waiting in the folder for the writer.
        if cycle % 3 == 0 {
            partner_idea(&partner, cycle);
            partner_ideas += 1;
            shared::sync(partner.conn_mut(), &mut partner_session).unwrap();
        }
        let writer = start_writer(dir.path(), &[PASS, "sync"], &context);
        // Let up to seven changes and rounds finish, then kill within about one more.
        let said = kill_within_a_step(writer, &mut rng, 8, &mut one_step, &context);
        // What was confirmed before the last finished round reaches the partner
        // from the folder alone.
        let mut before_round = confirmed.clone();
        for line in said {
            if confirmed.take(&line) {
                rounds += 1;
                before_round = confirmed.clone();
            }
        }

        // The writer's vault holds every confirmed change, and its document loads.
        let mut vault = Vault::unlock(dir.path(), PASS)
            .unwrap_or_else(|e| panic!("{context}: the vault did not reopen: {e:?}"));
        assert_intact(&vault, &context);
        confirmed.assert_in(vault.conn(), &format!("{context}, the writer's vault"));
        let mut session = shared::open(vault.conn())
            .unwrap_or_else(|e| panic!("{context}: the shared document does not load: {e:?}"))
            .unwrap_or_else(|| panic!("{context}: the vault forgot its pairing"));

        let report = shared::sync(partner.conn_mut(), &mut partner_session).unwrap();
        assert!(report.notices.is_empty(), "{context}: the partner was told {:?}", report.notices);
        before_round.assert_in(
            partner.conn(),
            &format!("{context}, the partner's vault before syncing the writer's"),
        );

        // A few rounds on both sides and the two lists are the same.
        let settled = (0..6).any(|_| {
            let (x, y) = (
                shared::sync(vault.conn_mut(), &mut session).unwrap(),
                shared::sync(partner.conn_mut(), &mut partner_session).unwrap(),
            );
            assert!(
                x.notices.is_empty() && y.notices.is_empty(),
                "{context}: {:?} {:?}",
                x.notices,
                y.notices
            );
            !x.sent && !y.sent && x.received.is_empty() && y.received.is_empty()
        });
        assert!(settled, "{context}: the two sides did not settle in six rounds");
        assert!(
            list_as_partner_sees(vault.conn(), false) == list_as_partner_sees(partner.conn(), true),
            "{context}: the two lists differ after settling"
        );
        confirmed.assert_in(partner.conn(), &format!("{context}, the partner's vault"));
        drop(session);
        vault.close().unwrap();
    }
    assert!(confirmed.ideas.len() >= 10, "the writer confirmed only {} ideas", confirmed.ideas.len());
    assert!(rounds as usize >= cycles as usize / 2, "the writer finished only {rounds} rounds of sync");
    println!(
        "{cycles} SIGKILL sync cycles, {} ideas and {} plans confirmed, {rounds} rounds finished, {partner_ideas} ideas from the partner, all in both vaults, in {:.1} s (seed {seed})",
        confirmed.ideas.len(),
        confirmed.plans.len(),
        started.elapsed().as_secs_f64()
    );
    drop(partner_session);
    partner.close().unwrap();
}
