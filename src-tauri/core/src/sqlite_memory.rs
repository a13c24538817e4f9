//! SQLite's memory, wiped when freed.
//!
//! SQLite keeps decrypted pages, rows and statement values in memory it allocates;
//! none of it may linger in freed memory after a lock. SQLCipher offers this as
//! `cipher_memory_security`, but it also `mlock`s and `munlock`s every single
//! allocation, two system calls each that split and merge the heap's mappings:
//! with it on, half the time of a sync round went to the kernel (`perf record` on
//! `cargo bench -p hearth-core --bench shared`: taking in 1,000 edits 453 ms with
//! it, 229 ms without; 10,000 items arriving 3.1 s against 1.2 s). The locking
//! also stops short of what it promises: past `RLIMIT_MEMLOCK` (8 MiB by default
//! on Linux) `mlock` fails and SQLCipher carries on unlocked.
//!
//! So Hearth gives SQLite its own allocator: every block is wiped (with `zeroize`,
//! which the compiler can't leave out) before it goes back to the system, and
//! nothing is locked. SQLCipher's own key material stays in its separate locked
//! and wiped heap either way.
//!
//! The allocator can only be set before SQLite's first use in the process. Every
//! connection Hearth makes calls [`wipe_on_free`] first; if something else used
//! SQLite before (a test opening a plain database, say), it returns `false` and
//! the vault turns SQLCipher's memory security on instead, so freed memory is
//! wiped in both cases.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_int, c_void};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use rusqlite::ffi;
use zeroize::Zeroize;

/// Room in front of every block for its size, keeping the 16-byte alignment the
/// system allocator gives (SQLite needs 8).
const HEADER: usize = 16;

/// Blocks handed out and not yet freed, for tests.
static LIVE: AtomicUsize = AtomicUsize::new(0);

fn layout(n: usize) -> Option<Layout> {
    Layout::from_size_align(n.checked_add(HEADER)?, HEADER).ok()
}

unsafe extern "C" fn x_malloc(n: c_int) -> *mut c_void {
    let Ok(n) = usize::try_from(n) else { return std::ptr::null_mut() };
    let Some(layout) = layout(n).filter(|_| n > 0) else { return std::ptr::null_mut() };
    // SAFETY: the layout has a non-zero size.
    let base = unsafe { System.alloc(layout) };
    if base.is_null() {
        return std::ptr::null_mut();
    }
    LIVE.fetch_add(1, Ordering::Relaxed);
    // SAFETY: the block is HEADER + n bytes, aligned for a usize.
    unsafe {
        base.cast::<usize>().write(n);
        base.add(HEADER).cast()
    }
}

/// The size asked for when the block `p` (from [`x_malloc`]) was made.
unsafe extern "C" fn x_size(p: *mut c_void) -> c_int {
    if p.is_null() {
        return 0;
    }
    // SAFETY: `p` came from x_malloc, so its size sits HEADER bytes before it.
    unsafe { p.cast::<u8>().sub(HEADER).cast::<usize>().read() as c_int }
}

unsafe extern "C" fn x_free(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: `p` came from x_malloc: HEADER bytes before it is the block's start,
    // holding its size, and the size bytes after it are the caller's to wipe.
    unsafe {
        let base = p.cast::<u8>().sub(HEADER);
        let n = base.cast::<usize>().read();
        std::slice::from_raw_parts_mut(p.cast::<u8>(), n).zeroize();
        System.dealloc(base, layout(n).expect("the layout it was made with"));
    }
    LIVE.fetch_sub(1, Ordering::Relaxed);
}

/// Grows by moving (the old block wiped as it is freed); never shrinks in place,
/// as SQLCipher's own wiping allocator does. SQLite calls it with a block and a
/// size above zero only.
unsafe extern "C" fn x_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    // SAFETY: SQLite passes a block from x_malloc.
    let old = unsafe { x_size(p) };
    if n <= old {
        return p;
    }
    // SAFETY: as above; the new block is larger than the old one.
    unsafe {
        let q = x_malloc(n);
        if !q.is_null() {
            std::ptr::copy_nonoverlapping(p.cast::<u8>(), q.cast::<u8>(), old as usize);
            x_free(p);
        }
        q
    }
}

unsafe extern "C" fn x_roundup(n: c_int) -> c_int {
    n.saturating_add(7) & !7
}

unsafe extern "C" fn x_init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_shutdown(_: *mut c_void) {}

/// Sets Hearth's wiping allocator for SQLite if SQLite hasn't been used yet in
/// this process; says whether it is SQLite's allocator now. Cheap after the first
/// call.
pub fn wipe_on_free() -> bool {
    static SET: OnceLock<bool> = OnceLock::new();
    *SET.get_or_init(|| {
        let methods = ffi::sqlite3_mem_methods {
            xMalloc: Some(x_malloc),
            xFree: Some(x_free),
            xRealloc: Some(x_realloc),
            xSize: Some(x_size),
            xRoundup: Some(x_roundup),
            xInit: Some(x_init),
            xShutdown: Some(x_shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: SQLite copies the methods; it refuses (SQLITE_MISUSE) once it
        // has been initialised, which leaves everything as it was.
        let rc = unsafe {
            ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &methods as *const ffi::sqlite3_mem_methods)
        };
        rc == ffi::SQLITE_OK
    })
}

/// How many blocks SQLite holds from Hearth's allocator (0 if it isn't in use).
pub fn live_blocks() -> usize {
    LIVE.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_size_and_contents_when_they_grow() {
        unsafe {
            let p = x_malloc(10).cast::<u8>();
            assert!(!p.is_null());
            assert_eq!(p as usize % 8, 0, "aligned for SQLite");
            assert_eq!(x_size(p.cast()), 10);
            p.copy_from_nonoverlapping(b"0123456789".as_ptr(), 10);
            assert_eq!(x_realloc(p.cast(), 4), p.cast(), "never shrinks by moving");
            let q = x_realloc(p.cast(), 1000).cast::<u8>();
            assert_eq!(x_size(q.cast()), 1000);
            assert_eq!(std::slice::from_raw_parts(q, 10), b"0123456789");
            x_free(q.cast());
            assert!(x_malloc(0).is_null() && x_malloc(-1).is_null());
            assert_eq!(x_size(std::ptr::null_mut()), 0);
            assert_eq!((x_roundup(1), x_roundup(8), x_roundup(9)), (8, 8, 16));
        }
    }

    #[test]
    fn sqlite_allocates_through_it_when_hearth_connects_first() {
        // Every connection the core's tests make goes through `wipe_on_free` first
        // (`schema::test_conn`, `vault::open_connection`), so it is SQLite's.
        let conn = crate::schema::test_conn();
        assert!(wipe_on_free(), "set before SQLite's first use");
        assert!(live_blocks() > 0, "SQLite holds blocks from it");
        let on: String = conn.query_row("PRAGMA cipher_memory_security", [], |r| r.get(0)).unwrap();
        assert_eq!(on, "0", "SQLCipher's locking allocator is left off");
    }
}
