//! The first screen as a person sees it, read from the window's pixels, and the
//! memory of the whole process tree while it is shown.
//!
//! Each run starts a fresh Xvfb (1280×800×24) and the app with a fresh HOME and
//! XDG folders and its own data folder (empty for the first-run "create" screen,
//! a copy of a small vault for the "unlock" screen), then
//! - polls the X tree every 10 ms for the first viewable top-level window (mapped),
//! - grabs the screen every 50 ms until 5 s after launch (`FIRST_SCREEN_SECS`
//!   sets another span), the last grab being the final screen, and finds the first frame that is not one flat colour
//!   (non-blank) and the first that matches the final screen (settled: within
//!   256 differing pixels, for a blinking caret, not counting the window's right
//!   12 px where an overlay scrollbar fades),
//! - reads PSS of the app and all its descendants (the WebKit web and network
//!   processes) from /proc 5 s after the screen settled.
//!
//! Several binaries are measured alternately in one run (e.g. before and after a
//! change); the first run of each is a discarded warm-up.
//!
//! ```sh
//! cargo run --release -p hearth-tests --example first_screen -- [runs=5] [binary...]
//! ```
//!
//! Without binaries it measures `HEARTH_APP` (or target/debug/hearth). The final
//! frame of each binary and screen is written as a PPM next to the results, in
//! `$PERF_OUT` (default target/perf/first-screen). `.ci/perf` runs it on the
//! release build. Linux only (X11, /proc).

use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::ptr;
use std::time::{Duration, Instant};

use hearth_core::Vault;
use hearth_core::keyfile::KdfParams;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::app_binary;
use hearth_tests::procs::{descendants, share};
use x11_dl::xlib;

const W: usize = 1280;
const H: usize = 800;
const SHOT_EVERY: Duration = Duration::from_millis(50);
const MAP_EVERY: Duration = Duration::from_millis(10);
/// How long the screen is watched; `FIRST_SCREEN_SECS` lengthens it on a slow machine.
fn capture_for() -> Duration {
    Duration::from_secs(std::env::var("FIRST_SCREEN_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(5))
}
const MEMORY_AFTER_SETTLED: Duration = Duration::from_secs(5);
/// Differing pixels still counted as "the final screen" (a blinking caret).
const TOLERANCE_PX: usize = 256;
/// The right edge of each window left out of the comparison (overlay scrollbar fade).
const SCROLL_STRIP: usize = 12;

#[derive(Clone, Copy, PartialEq)]
enum Screen {
    Create,
    Unlock,
}

impl Screen {
    fn name(self) -> &'static str {
        match self {
            Screen::Create => "create",
            Screen::Unlock => "unlock",
        }
    }
}

#[derive(Default)]
struct Run {
    mapped: Option<f64>,
    nonblank: Option<f64>,
    settled: Option<f64>,
    pss_mib: f64,
    web_pss_mib: f64,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize =
        args.next().map(|a| a.parse().expect("the first argument is the number of runs")).unwrap_or(5);
    let mut bins: Vec<PathBuf> =
        args.map(|a| std::fs::canonicalize(&a).expect("a binary to measure")).collect();
    if bins.is_empty() {
        bins.push(app_binary());
    }
    let out =
        PathBuf::from(std::env::var_os("PERF_OUT").unwrap_or_else(|| "target/perf/first-screen".into()));
    std::fs::create_dir_all(&out).unwrap();
    let vault = tempfile::tempdir().unwrap();
    Vault::create(vault.path(), PASSPHRASE, KdfParams::default()).unwrap().close().unwrap();

    let mut results: Vec<(usize, Screen, Run)> = Vec::new();
    for round in 0..=runs {
        for screen in [Screen::Create, Screen::Unlock] {
            for (b, bin) in bins.iter().enumerate() {
                let (r, last) = one_run(bin, screen, vault.path());
                let label = format!("{}-{}", short(b, bin), screen.name());
                if let Some(frame) = last {
                    write_ppm(&out.join(format!("{label}.ppm")), &frame);
                }
                // "-": not seen within the seconds captured.
                let f = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.3}"));
                println!(
                    "{} {label:>24}: mapped {} non-blank {} settled {} s, PSS {:.1} MiB (web process {:.1})",
                    if round == 0 { "warm-up" } else { "run    " },
                    f(r.mapped),
                    f(r.nonblank),
                    f(r.settled),
                    r.pss_mib,
                    r.web_pss_mib
                );
                if round > 0 {
                    results.push((b, screen, r));
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }

    println!("\nmedian (min-max), n={runs}, seconds from launch:");
    for (b, bin) in bins.iter().enumerate() {
        println!("{}: {}", short(b, bin), bin.display());
        for screen in [Screen::Create, Screen::Unlock] {
            let of = |f: fn(&Run) -> Option<f64>| {
                let v: Vec<f64> = results
                    .iter()
                    .filter(|(i, s, _)| *i == b && *s == screen)
                    .filter_map(|(_, _, r)| f(r))
                    .collect();
                stat(v)
            };
            println!(
                "  {:6} window mapped {} | first non-blank {} | settled {} | PSS tree {} MiB | PSS web process {} MiB",
                screen.name(),
                of(|r| r.mapped),
                of(|r| r.nonblank),
                of(|r| r.settled),
                of(|r| Some(r.pss_mib)),
                of(|r| Some(r.web_pss_mib)),
            );
        }
    }
}

fn short(i: usize, bin: &Path) -> String {
    format!("{}#{i}", bin.file_name().unwrap().to_string_lossy())
}

fn stat(mut v: Vec<f64>) -> String {
    if v.is_empty() {
        return "n/a".into();
    }
    v.sort_by(f64::total_cmp);
    let median = if v.len() % 2 == 1 { v[v.len() / 2] } else { (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0 };
    format!("{median:.3} ({:.3}-{:.3})", v[0], v[v.len() - 1])
}

/// One launch, measured. Returns the run and its final frame.
fn one_run(bin: &Path, screen: Screen, vault: &Path) -> (Run, Option<Vec<u32>>) {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    let data = root.path().join("data");
    let mut env: Vec<(String, PathBuf)> = vec![
        ("HOME".into(), home.clone()),
        ("XDG_DATA_HOME".into(), home.join(".local/share")),
        ("XDG_CONFIG_HOME".into(), home.join(".config")),
        ("XDG_CACHE_HOME".into(), home.join(".cache")),
        ("XDG_STATE_HOME".into(), home.join(".local/state")),
        ("XDG_RUNTIME_DIR".into(), root.path().join("runtime")),
        ("HEARTH_DATA_DIR".into(), data.clone()),
    ];
    for (_, dir) in &env {
        std::fs::create_dir_all(dir).unwrap();
    }
    if screen == Screen::Unlock {
        for name in ["hearth.vault", "hearth.key"] {
            std::fs::copy(vault.join(name), data.join(name)).unwrap();
        }
    }
    let x = Xvfb::start();
    env.push(("DISPLAY".into(), x.display.clone().into()));

    let mut cmd = Command::new(bin);
    for (k, _) in std::env::vars() {
        if k.starts_with("DBUS_") || k.starts_with("XDG_") || k.starts_with("WAYLAND") {
            cmd.env_remove(k);
        }
    }
    cmd.envs(env).current_dir(root.path()).stdout(Stdio::null()).stderr(Stdio::null());
    let t0 = Instant::now();
    let mut app = Kill(cmd.spawn().expect("start the app"));

    let mut run = Run::default();
    // Distinct frames only: (time grabbed, index into `frames`).
    let mut frames: Vec<Vec<u32>> = Vec::new();
    let mut times: Vec<(f64, usize)> = Vec::new();
    let mut next_shot = t0;
    while t0.elapsed() < capture_for() {
        if let Ok(Some(status)) = app.0.try_wait() {
            panic!("{} exited early: {status}", bin.display());
        }
        if run.mapped.is_none() && !x.viewable_windows().is_empty() {
            run.mapped = Some(t0.elapsed().as_secs_f64());
        }
        if Instant::now() >= next_shot {
            let frame = x.grab();
            let t = t0.elapsed().as_secs_f64();
            if frames.last() != Some(&frame) {
                frames.push(frame);
            }
            times.push((t, frames.len() - 1));
            while next_shot <= Instant::now() {
                next_shot += SHOT_EVERY;
            }
        }
        let wait = if run.mapped.is_none() {
            MAP_EVERY
        } else {
            next_shot.saturating_duration_since(Instant::now())
        };
        std::thread::sleep(wait.min(MAP_EVERY));
    }
    let final_frame = x.grab();
    let windows = x.viewable_windows();
    // Pixels that count: everything but each window's right strip. Blank: the
    // windows' area is one colour.
    let mut counts = vec![true; W * H];
    let mut in_window = vec![false; W * H];
    for &(wx, wy, ww, wh) in &windows {
        for y in wy.max(0)..(wy + wh).clamp(0, H as i32) {
            for xx in wx.max(0)..(wx + ww).clamp(0, W as i32) {
                let i = y as usize * W + xx as usize;
                in_window[i] = true;
                if xx >= wx + ww - SCROLL_STRIP as i32 {
                    counts[i] = false;
                }
            }
        }
    }
    let blank = |f: &[u32]| {
        let mut colours = f.iter().zip(&in_window).filter(|(_, w)| **w).map(|(p, _)| p & 0x00ff_ffff);
        let first = colours.next();
        first.is_none_or(|c| colours.all(|p| p == c))
    };
    let near_final = |f: &[u32]| {
        f.iter()
            .zip(&final_frame)
            .zip(&counts)
            .filter(|((a, b), c)| **c && (**a ^ **b) & 0x00ff_ffff != 0)
            .count()
            <= TOLERANCE_PX
    };
    let blanks: Vec<bool> = frames.iter().map(|f| blank(f)).collect();
    let nears: Vec<bool> = frames.iter().map(|f| near_final(f)).collect();
    run.nonblank = times.iter().find(|(_, i)| !blanks[*i]).map(|(t, _)| *t);
    run.settled = times.iter().find(|(_, i)| !blanks[*i] && nears[*i]).map(|(t, _)| *t);
    drop(frames);

    let memory_at =
        Duration::from_secs_f64(run.settled.unwrap_or(capture_for().as_secs_f64())) + MEMORY_AFTER_SETTLED;
    while t0.elapsed() < memory_at {
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = app.0.id();
    for p in std::iter::once(pid).chain(descendants(pid)) {
        let share = share(p);
        let pss = share.pss as f64 / 1024.0;
        run.pss_mib += pss;
        if share.name == "WebKitWebProces" {
            run.web_pss_mib += pss;
        }
    }
    drop(app);
    drop(x);
    (run, (!blank(&final_frame)).then_some(final_frame))
}

/// The app process, and everything it started, ended by PID when dropped.
struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let pid = self.0.id();
        let tree: Vec<u32> = std::iter::once(pid).chain(descendants(pid)).collect();
        for p in &tree {
            let _ = Command::new("kill").arg("-TERM").arg(p.to_string()).status();
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && tree.iter().any(|p| Path::new(&format!("/proc/{p}")).exists()) {
            let _ = self.0.try_wait();
            std::thread::sleep(Duration::from_millis(50));
        }
        for p in &tree {
            if Path::new(&format!("/proc/{p}")).exists() {
                let _ = Command::new("kill").arg("-KILL").arg(p.to_string()).status();
            }
        }
        let _ = self.0.wait();
    }
}

/// A private Xvfb and a connection to it.
struct Xvfb {
    server: Child,
    display: String,
    x: xlib::Xlib,
    dpy: *mut xlib::Display,
}

unsafe extern "C" fn ignore_x_errors(_: *mut xlib::Display, _: *mut xlib::XErrorEvent) -> i32 {
    0 // windows may vanish between two calls
}

impl Xvfb {
    fn start() -> Xvfb {
        let n =
            (140..400).find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists()).expect("a free display");
        let display = format!(":{n}");
        let server = Command::new("Xvfb")
            .args([&display, "-screen", "0", &format!("{W}x{H}x24"), "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb (apt install xvfb)");
        let x = xlib::Xlib::open().expect("libX11 could not be loaded");
        let name = CString::new(display.clone()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // SAFETY: a plain Xlib call with a C string that outlives it.
            let dpy = unsafe { (x.XOpenDisplay)(name.as_ptr()) };
            if !dpy.is_null() {
                // SAFETY: installs a handler with the signature Xlib expects.
                unsafe { (x.XSetErrorHandler)(Some(ignore_x_errors)) };
                return Xvfb { server, display, x, dpy };
            }
            assert!(Instant::now() < deadline, "Xvfb {display} did not start");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The top-level windows that are viewable: (x, y, width, height).
    fn viewable_windows(&self) -> Vec<(i32, i32, i32, i32)> {
        let mut out = Vec::new();
        // SAFETY: Xlib calls on the open display; the children list is freed here.
        unsafe {
            let root = (self.x.XDefaultRootWindow)(self.dpy);
            let (mut r, mut p) = (0, 0);
            let mut children: *mut xlib::Window = ptr::null_mut();
            let mut n = 0u32;
            if (self.x.XQueryTree)(self.dpy, root, &mut r, &mut p, &mut children, &mut n) == 0 {
                return out;
            }
            for i in 0..n as usize {
                let mut a: xlib::XWindowAttributes = std::mem::zeroed();
                if (self.x.XGetWindowAttributes)(self.dpy, *children.add(i), &mut a) != 0
                    && a.map_state == xlib::IsViewable
                    && a.width * a.height > 1
                {
                    out.push((a.x, a.y, a.width, a.height));
                }
            }
            if !children.is_null() {
                (self.x.XFree)(children.cast());
            }
        }
        out
    }

    /// The whole screen, one pixel per u32 (0x..RRGGBB: compare under 0x00ff_ffff).
    fn grab(&self) -> Vec<u32> {
        // SAFETY: XGetImage returns an image Xlib owns until XDestroyImage; it is
        // read within its bytes_per_line × height bytes.
        unsafe {
            let root = (self.x.XDefaultRootWindow)(self.dpy);
            let img = (self.x.XGetImage)(self.dpy, root, 0, 0, W as u32, H as u32, !0, xlib::ZPixmap);
            assert!(!img.is_null(), "XGetImage failed");
            let im = &*img;
            assert_eq!(im.bits_per_pixel, 32, "a 24-bit Xvfb screen has 32-bit pixels");
            let mut out = vec![0u32; W * H];
            for y in 0..H {
                let row = im.data.add(y * im.bytes_per_line as usize) as *const u8;
                ptr::copy_nonoverlapping(row, out.as_mut_ptr().add(y * W).cast::<u8>(), W * 4);
            }
            (self.x.XDestroyImage)(img);
            out
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // SAFETY: closes the display opened in start().
        unsafe { (self.x.XCloseDisplay)(self.dpy) };
        // SIGTERM, so Xvfb removes its lock file.
        let _ = Command::new("kill").arg("-TERM").arg(self.server.id().to_string()).status();
        let _ = self.server.wait();
    }
}

fn write_ppm(path: &Path, frame: &[u32]) {
    let mut bytes = format!("P6\n{W} {H}\n255\n").into_bytes();
    for p in frame {
        bytes.extend([(p >> 16) as u8, (p >> 8) as u8, *p as u8]);
    }
    std::fs::write(path, bytes).unwrap();
}
