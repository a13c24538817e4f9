#![no_main]
//! A file from the partner's side of the shared folder, through
//! `shared::store::take_in_file` (what a sync round does with each new file: open
//! the seal, check the format byte, apply the changes), then reading back every
//! item and Together record it touched as the vault would. Whatever the bytes: refused or applied,
//! never a panic.
//!
//! The first byte picks the file's kind (bits 1-2: changes, snapshot, farewell)
//! and whether the rest is the file as read from the folder (bit 0 clear: almost
//! always refused by the seal) or a payload sealed here first under the fuzz
//! couple's key (bit 0 set), so the format check and Automerge's reader get
//! arbitrary bytes too.
use hearth_core::shared::seal::{self, Kind, Label};
use hearth_core::shared::space::Space;
use hearth_core::shared::space::together::Record;
use hearth_core::shared::store::{self, Taken};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let couple = store::fuzz_couple();
    let kind = [Kind::Changes, Kind::Snapshot, Kind::Farewell][usize::from(mode >> 1) % 3];
    let seq = 1;
    let label = Label { couple: couple.couple_id, device: couple.partner_device, kind, seq };
    let sealed;
    let bytes = if mode & 1 == 1 {
        sealed = seal::seal(&couple.key, &label, rest).expect("a fuzz input fits in a file");
        &sealed[..]
    } else {
        rest
    };
    let mut space = Space::new(couple.members).unwrap();
    if let Taken::Applied(applied) = store::take_in_file(&mut space, &couple, kind, seq, bytes) {
        for id in applied.items {
            let _ = space.item(id);
        }
        let _ = space.turn();
        let _ = space.items();
        // Together's records, read as `shared::together::materialize` reads them.
        for record in applied.together {
            match record {
                Record::Asked(id) => drop(space.asked(id)),
                Record::CheckIn(week) => drop(space.checkin(&week)),
                Record::Note(id) => drop(space.note(id)),
                Record::Care(item) => drop(space.care(&item)),
            }
        }
    }
});
