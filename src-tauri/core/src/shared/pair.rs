//! Pairing, once: one device shows a code, the other types it in, and the two run
//! SPAKE2 (a password-authenticated key exchange) over files in the shared folder.
//!
//! ```text
//! offering device                 Hearth-pairing/            joining device
//!   start: code, SPAKE2 msg A  ->  <id>.offer
//!                                  <id>.answer   <-  code typed, msg B, proof B
//!   check proof B, write proof A -> <id>.confirm
//!                                                ->  check proof A: paired
//! ```
//!
//! Someone who can read and write the folder sees only SPAKE2 messages: they can't
//! learn the code from them, and can't test guesses offline. A wrong code shows up
//! as a failed proof, and the offer is then withdrawn, so each offer allows one
//! guess at an eight-digit code. Both proofs are HMACs over everything exchanged
//! (the pairing id, both devices, both members, both messages), so no part can be
//! swapped. The couple key is HKDF-SHA256 of SPAKE2's shared secret.

use std::fs;
use std::path::{Path, PathBuf};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use spake2::{Ed25519Group, Identity, Password, Spake2};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{Couple, Members};
use crate::{Error, Result, files};

const DIR: &str = "Hearth-pairing";
const MAX_MESSAGE: u64 = 64 * 1024;
pub const CODE_DIGITS: usize = 8;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferFile {
    hearth_pairing: u32,
    pairing: Uuid,
    device: Uuid,
    member: Uuid,
    msg: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerFile {
    device: Uuid,
    member: Uuid,
    msg: String,
    proof: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmFile {
    proof: String,
}

fn dir(root: &Path) -> PathBuf {
    root.join(DIR)
}

fn path(root: &Path, pairing: Uuid, ext: &str) -> PathBuf {
    dir(root).join(format!("{}.{ext}", pairing.simple()))
}

/// Removes a pairing's three one-time files, whichever exist.
fn remove_all(root: &Path, pairing: Uuid) {
    for ext in ["offer", "answer", "confirm"] {
        let _ = fs::remove_file(path(root, pairing, ext));
    }
}

fn no_match() -> Error {
    Error::invalid_input(
        "The code didn't match, so the two Hearths were not paired. Start again for a new code.",
    )
}

fn unreadable() -> Error {
    Error::invalid_input(
        "A pairing file in that folder can't be read. Start pairing again on both computers.",
    )
}

fn spake(pairing: Uuid, code: &str, offering: bool) -> (Spake2<Ed25519Group>, Vec<u8>) {
    let a = Identity::new(format!("hearth-offer:{pairing}").as_bytes());
    let b = Identity::new(format!("hearth-join:{pairing}").as_bytes());
    let pw = Password::new(code.as_bytes());
    if offering {
        Spake2::<Ed25519Group>::start_a(&pw, &a, &b)
    } else {
        Spake2::<Ed25519Group>::start_b(&pw, &a, &b)
    }
}

fn parse<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|_| unreadable())
}

fn read<T: for<'de> Deserialize<'de>>(p: &Path) -> Result<Option<T>> {
    match files::read_bounded(p, MAX_MESSAGE) {
        Ok(bytes) => parse(&bytes).map(Some),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn write<T: Serialize>(p: &Path, value: &T) -> Result<()> {
    let d = p.parent().expect("pairing files live in a folder");
    fs::create_dir_all(d).map_err(Error::io(d))?;
    files::write_atomic(p, &serde_json::to_vec(value).expect("plain structs serialise"))
}

/// Everything both proofs cover.
struct Transcript<'a> {
    pairing: Uuid,
    offer: (&'a Uuid, &'a Uuid, &'a [u8]),
    answer: (&'a Uuid, &'a Uuid, &'a [u8]),
}

impl Transcript<'_> {
    fn mac(&self, secret: &[u8], role: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(b"hearth pairing proof v1\0");
        mac.update(role.as_bytes());
        mac.update(self.pairing.as_bytes());
        for (device, member, msg) in [self.offer, self.answer] {
            mac.update(device.as_bytes());
            mac.update(member.as_bytes());
            mac.update(&(msg.len() as u64).to_le_bytes());
            mac.update(msg);
        }
        mac
    }

    fn proof(&self, secret: &[u8], role: &str) -> Vec<u8> {
        self.mac(secret, role).finalize().into_bytes().to_vec()
    }

    fn check(&self, secret: &[u8], role: &str, proof_hex: &str) -> Result<()> {
        let proof = hex::decode(proof_hex).map_err(|_| unreadable())?;
        self.mac(secret, role).verify_slice(&proof).map_err(|_| no_match())
    }
}

fn couple_key(secret: &[u8], pairing: Uuid) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(pairing.as_bytes()), secret)
        .expand(b"hearth couple key v1", key.as_mut())
        .expect("32 bytes is a valid HKDF length");
    key
}

/// A new one-time code: eight random digits.
fn new_code() -> Result<String> {
    let mut code = String::with_capacity(CODE_DIGITS);
    while code.len() < CODE_DIGITS {
        let mut b = [0u8; 1];
        getrandom::fill(&mut b).map_err(|_| Error::Random)?;
        if b[0] < 250 {
            code.push(char::from(b'0' + b[0] % 10));
        }
    }
    Ok(code)
}

/// The code as typed: digits only (spaces and dashes allowed between them).
pub fn clean_code(typed: &str) -> Result<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.len() != CODE_DIGITS || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::invalid_input(format!(
            "The pairing code is {CODE_DIGITS} digits, as shown on your partner's screen."
        )));
    }
    Ok(digits)
}

/// The offering side, waiting for the other device's answer.
pub struct Offer {
    root: PathBuf,
    pairing: Uuid,
    code: Zeroizing<String>,
    state: Option<Spake2<Ed25519Group>>,
    msg: Vec<u8>,
    device: Uuid,
    member: Uuid,
}

impl Offer {
    /// Starts pairing in `root` (the shared folder) and returns the offer, whose
    /// [`Offer::code`] this device shows.
    pub fn start(root: &Path, device: Uuid, member: Uuid) -> Result<Offer> {
        if !root.is_dir() {
            return Err(Error::invalid_input("That folder can't be reached."));
        }
        let pairing = Uuid::new_v4();
        let code = Zeroizing::new(new_code()?);
        let (state, msg) = spake(pairing, &code, true);
        write(
            &path(root, pairing, "offer"),
            &OfferFile { hearth_pairing: 1, pairing, device, member, msg: hex::encode(&msg) },
        )?;
        Ok(Offer { root: root.to_path_buf(), pairing, code, state: Some(state), msg, device, member })
    }

    /// The code to show, in two groups of four.
    pub fn code(&self) -> String {
        format!("{} {}", &self.code[..4], &self.code[4..])
    }

    /// Checks for the other device's answer. `Ok(None)`: not yet. On a wrong code
    /// the offer is withdrawn and an error says so.
    pub fn poll(&mut self) -> Result<Option<Couple>> {
        let Some(answer) = read::<AnswerFile>(&path(&self.root, self.pairing, "answer"))? else {
            return Ok(None);
        };
        let Some(state) = self.state.take() else { return Err(no_match()) };
        let theirs = hex::decode(&answer.msg).map_err(|_| unreadable());
        let secret = theirs.and_then(|m| Ok((state.finish(&m).map_err(|_| no_match())?, m)));
        let result = secret.and_then(|(secret, their_msg)| {
            let secret = Zeroizing::new(secret);
            let t = Transcript {
                pairing: self.pairing,
                offer: (&self.device, &self.member, &self.msg),
                answer: (&answer.device, &answer.member, &their_msg),
            };
            t.check(&secret, "join", &answer.proof)?;
            write(
                &path(&self.root, self.pairing, "confirm"),
                &ConfirmFile { proof: hex::encode(t.proof(&secret, "offer")) },
            )?;
            Ok(Couple {
                couple_id: self.pairing,
                key: couple_key(&secret, self.pairing),
                device: self.device,
                partner_device: answer.device,
                members: Members { me: self.member, partner: answer.member },
            })
        });
        if result.is_err() {
            self.cancel();
        }
        result.map(Some)
    }

    /// Withdraws the offer (its files go).
    pub fn cancel(&self) {
        remove_all(&self.root, self.pairing);
    }
}

/// The joining side's checks of an offer read from the folder, and its SPAKE2
/// step: the other device's message, this device's message and the shared secret.
fn take_offer(offer: &OfferFile, code: &str, device: Uuid) -> Result<(Vec<u8>, Vec<u8>, Zeroizing<Vec<u8>>)> {
    if offer.hearth_pairing != 1 {
        return Err(Error::invalid_input(
            "Your partner's Hearth is a different version; update both, then pair again.",
        ));
    }
    if offer.device == device {
        return Err(Error::invalid_input(
            "That pairing was started on this computer. Type the code on your partner's Hearth instead.",
        ));
    }
    let their_msg = hex::decode(&offer.msg).map_err(|_| unreadable())?;
    let (state, msg) = spake(offer.pairing, code, false);
    let secret = Zeroizing::new(state.finish(&their_msg).map_err(|_| unreadable())?);
    Ok((their_msg, msg, secret))
}

/// Reads `bytes` as each of the three pairing files in turn, through what the two
/// sides do with it before any file is written: an offer as [`Join::start`] takes
/// it, an answer as [`Offer::poll`] checks it, a confirmation as [`Join::poll`]
/// checks it (against a fixed pairing and code). For the `pair_files` fuzz target:
/// whatever the bytes, an error and never a panic. Says which of the three parsed.
#[doc(hidden)]
pub fn read_pairing_files(bytes: &[u8]) -> [bool; 3] {
    let pairing = Uuid::from_u128(1);
    let (me, other) = (Uuid::from_u128(2), Uuid::from_u128(3));
    let code = "12345678";
    let offer = parse::<OfferFile>(bytes).map(|o| {
        let _ = take_offer(&o, code, me);
    });
    // The offering side's state, as if it had written an offer for this pairing.
    let (state, offer_msg) = spake(pairing, code, true);
    let answer = parse::<AnswerFile>(bytes).map(|answer| {
        let Ok(theirs) = hex::decode(&answer.msg) else { return };
        let Ok(secret) = state.finish(&theirs) else { return };
        let t = Transcript {
            pairing,
            offer: (&me, &me, &offer_msg),
            answer: (&answer.device, &answer.member, &theirs),
        };
        let _ = t.check(&secret, "join", &answer.proof);
    });
    let confirm = parse::<ConfirmFile>(bytes).map(|confirm| {
        let t = Transcript { pairing, offer: (&other, &other, &offer_msg), answer: (&me, &me, &offer_msg) };
        let _ = t.check(&[9u8; 32], "offer", &confirm.proof);
    });
    [offer.is_ok(), answer.is_ok(), confirm.is_ok()]
}

/// The joining side, once it has answered, waiting for the offering side's proof.
pub struct Join {
    root: PathBuf,
    pairing: Uuid,
    secret: Zeroizing<Vec<u8>>,
    offer: OfferFile,
    their_msg: Vec<u8>,
    msg: Vec<u8>,
    device: Uuid,
    member: Uuid,
}

impl Join {
    /// Answers the newest offer in `root` with the code the person typed.
    pub fn start(root: &Path, typed_code: &str, device: Uuid, member: Uuid) -> Result<Join> {
        let code = Zeroizing::new(clean_code(typed_code)?);
        let none = || {
            Error::invalid_input(
                "No pairing was found in that folder. Check that your partner has started pairing, and that the folder has finished syncing.",
            )
        };
        let read_dir = fs::read_dir(dir(root)).map_err(|_| none())?;
        let newest = read_dir
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".offer"))
            .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
            .ok_or_else(none)?;
        let offer: OfferFile = read(&newest.path())?.ok_or_else(none)?;
        let (their_msg, msg, secret) = take_offer(&offer, &code, device)?;
        let t = Transcript {
            pairing: offer.pairing,
            offer: (&offer.device, &offer.member, &their_msg),
            answer: (&device, &member, &msg),
        };
        let proof = hex::encode(t.proof(&secret, "join"));
        write(
            &path(root, offer.pairing, "answer"),
            &AnswerFile { device, member, msg: hex::encode(&msg), proof },
        )?;
        Ok(Join {
            root: root.to_path_buf(),
            pairing: offer.pairing,
            secret,
            offer,
            their_msg,
            msg,
            device,
            member,
        })
    }

    /// Checks for the offering side's proof. `Ok(None)`: not yet. An error if the
    /// offer was withdrawn (a wrong code) or the proof fails.
    pub fn poll(&mut self) -> Result<Option<Couple>> {
        let confirm = read::<ConfirmFile>(&path(&self.root, self.pairing, "confirm"))?;
        let Some(confirm) = confirm else {
            if !path(&self.root, self.pairing, "offer").exists() {
                return Err(no_match());
            }
            return Ok(None);
        };
        let t = Transcript {
            pairing: self.pairing,
            offer: (&self.offer.device, &self.offer.member, &self.their_msg),
            answer: (&self.device, &self.member, &self.msg),
        };
        t.check(&self.secret, "offer", &confirm.proof)?;
        // Both sides are done: the one-time messages can go.
        remove_all(&self.root, self.pairing);
        Ok(Some(Couple {
            couple_id: self.pairing,
            key: couple_key(&self.secret, self.pairing),
            device: self.device,
            partner_device: self.offer.device,
            members: Members { me: self.member, partner: self.offer.member },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_code_gives_both_devices_the_same_key() {
        let tmp = tempfile::tempdir().unwrap();
        let (da, ma, db, mb) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let mut offer = Offer::start(tmp.path(), da, ma).unwrap();
        assert!(offer.poll().unwrap().is_none());
        let mut join = Join::start(tmp.path(), &offer.code(), db, mb).unwrap();
        assert!(join.poll().unwrap().is_none());
        let a = offer.poll().unwrap().unwrap();
        let b = join.poll().unwrap().unwrap();
        assert_eq!(*a.key, *b.key);
        assert_eq!(a.couple_id, b.couple_id);
        assert_eq!((a.device, a.partner_device), (da, db));
        assert_eq!((b.device, b.partner_device), (db, da));
        assert_eq!(a.members, Members { me: ma, partner: mb });
        assert_eq!(b.members, Members { me: mb, partner: ma });
        assert_eq!(fs::read_dir(dir(tmp.path())).unwrap().count(), 0, "the one-time files are gone");
    }

    #[test]
    fn a_wrong_code_pairs_nobody_and_withdraws_the_offer() {
        let tmp = tempfile::tempdir().unwrap();
        let mut offer = Offer::start(tmp.path(), Uuid::new_v4(), Uuid::new_v4()).unwrap();
        let wrong = if offer.code() == "0000 0000" { "1111 1111" } else { "0000 0000" };
        let mut join = Join::start(tmp.path(), wrong, Uuid::new_v4(), Uuid::new_v4()).unwrap();
        let err = offer.poll().unwrap_err();
        assert!(err.to_string().contains("didn't match"), "{err}");
        let err = join.poll().unwrap_err();
        assert!(err.to_string().contains("didn't match"), "{err}");
        // The offer is gone: a second guess has nothing to answer.
        assert!(Join::start(tmp.path(), &offer.code(), Uuid::new_v4(), Uuid::new_v4()).is_err());
    }

    #[test]
    fn codes_are_checked_for_shape_and_a_device_cant_join_itself() {
        assert_eq!(clean_code(" 1234-5678 ").unwrap(), "12345678");
        for bad in ["1234", "1234 567a", "123456789", ""] {
            assert!(clean_code(bad).is_err(), "{bad}");
        }
        let tmp = tempfile::tempdir().unwrap();
        let device = Uuid::new_v4();
        let offer = Offer::start(tmp.path(), device, Uuid::new_v4()).unwrap();
        assert!(Join::start(tmp.path(), &offer.code(), device, Uuid::new_v4()).is_err());
        assert!(Join::start(&tmp.path().join("nowhere"), "12345678", device, Uuid::new_v4()).is_err());
    }

    #[test]
    fn a_tampered_answer_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let mut offer = Offer::start(tmp.path(), Uuid::new_v4(), Uuid::new_v4()).unwrap();
        let _join = Join::start(tmp.path(), &offer.code(), Uuid::new_v4(), Uuid::new_v4()).unwrap();
        // Someone with the folder swaps in their own member id.
        let p = path(tmp.path(), offer.pairing, "answer");
        let mut a: AnswerFile = serde_json::from_slice(&fs::read(&p).unwrap()).unwrap();
        a.member = Uuid::new_v4();
        fs::write(&p, serde_json::to_vec(&a).unwrap()).unwrap();
        assert!(offer.poll().is_err());
    }
}
