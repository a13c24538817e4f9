//! The app's processes and their network sockets, read from /proc (Linux only):
//! the app binary runs below tauri-driver and WebKitWebDriver, and WebKit's web and
//! network processes run below the app.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;

pub fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(p) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) {
            // Fields after the parenthesised command name: state, ppid, ...
            let rest = &stat[stat.rfind(')').unwrap() + 2..];
            if rest.split(' ').nth(1).and_then(|s| s.parse::<u32>().ok()) == Some(pid) {
                out.push(p);
            }
        }
    }
    out
}

pub fn descendants(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut stack = vec![pid];
    while let Some(p) = stack.pop() {
        for c in children(p) {
            out.push(c);
            stack.push(c);
        }
    }
    out
}

/// One process's share of memory, from /proc/<pid>/smaps_rollup, in KiB: PSS
/// and its anonymous (heap, stacks), file-backed (libraries, mapped files) and
/// shared-memory parts.
#[derive(Debug, Clone, Default)]
pub struct Share {
    pub pid: u32,
    pub name: String,
    pub pss: u64,
    pub anon: u64,
    pub file: u64,
    pub shmem: u64,
}

/// [`Share`] of `pid`; all zero once it is gone.
pub fn share(pid: u32) -> Share {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let field = |name: &str| {
        rollup
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or(0)
    };
    let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim().to_string();
    Share {
        pid,
        name,
        pss: field("Pss:"),
        anon: field("Pss_Anon:"),
        file: field("Pss_File:"),
        shmem: field("Pss_Shmem:"),
    }
}

pub fn exe_is(pid: u32, exe: &Path) -> bool {
    std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|e| e == exe)
}

/// The app process below `driver_pid` (tauri-driver), and every process below it.
pub fn app_tree(driver_pid: u32, app_exe: &Path) -> Vec<u32> {
    let app = descendants(driver_pid)
        .into_iter()
        .find(|pid| exe_is(*pid, app_exe))
        .expect("the app process below tauri-driver");
    std::iter::once(app).chain(descendants(app)).collect()
}

/// One TCP or UDP socket held by a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Socket {
    pub pid: u32,
    pub proto: &'static str,
    pub local: (IpAddr, u16),
    pub remote: (IpAddr, u16),
    /// The kernel's state number (TCP: 1 established, 10 listen, ...).
    pub state: u8,
}

impl Socket {
    /// Whether the socket reaches, or can be reached from, beyond this machine: a
    /// remote address that is set and not loopback, or a local one bound to a port
    /// on anything but loopback (0.0.0.0 and :: included).
    pub fn leaves_the_machine(&self) -> bool {
        (!self.remote.0.is_unspecified() && !is_loopback(&self.remote.0))
            || (self.local.1 != 0 && !is_loopback(&self.local.0))
    }
}

fn is_loopback(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
    }
}

/// The socket inodes among `pid`'s open files.
fn socket_inodes(pid: u32) -> HashSet<u64> {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else { return HashSet::new() };
    fds.flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter_map(|link| {
            let link = link.to_string_lossy().into_owned();
            link.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
        })
        .collect()
}

/// "0100007F:1F90" (IPv4) or 32 hex digits (IPv6), each 32-bit word in host order.
fn parse_addr(s: &str) -> (IpAddr, u16) {
    let (ip, port) = s.split_once(':').unwrap();
    let port = u16::from_str_radix(port, 16).unwrap();
    let words: Vec<u32> =
        (0..ip.len() / 8).map(|i| u32::from_str_radix(&ip[i * 8..i * 8 + 8], 16).unwrap()).collect();
    let ip = match words.as_slice() {
        [w] => IpAddr::V4(Ipv4Addr::from(w.swap_bytes())),
        [a, b, c, d] => {
            let mut bytes = [0u8; 16];
            for (i, w) in [a, b, c, d].into_iter().enumerate() {
                bytes[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
            }
            IpAddr::V6(Ipv6Addr::from(bytes))
        }
        _ => panic!("an address in /proc/net that is neither IPv4 nor IPv6: {s}"),
    };
    (ip, port)
}

/// Every TCP and UDP socket (IPv4 and IPv6) that one of `pids` holds open.
pub fn inet_sockets(pids: &[u32]) -> Vec<Socket> {
    let mut out = Vec::new();
    for &pid in pids {
        let inodes = socket_inodes(pid);
        if inodes.is_empty() {
            continue;
        }
        for proto in ["tcp", "tcp6", "udp", "udp6"] {
            let Ok(table) = std::fs::read_to_string(format!("/proc/{pid}/net/{proto}")) else { continue };
            for line in table.lines().skip(1) {
                let f: Vec<&str> = line.split_whitespace().collect();
                if f.len() < 10 || !f[9].parse::<u64>().is_ok_and(|i| inodes.contains(&i)) {
                    continue;
                }
                out.push(Socket {
                    pid,
                    proto,
                    local: parse_addr(f[1]),
                    remote: parse_addr(f[2]),
                    state: u8::from_str_radix(f[3], 16).unwrap_or(0),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_from_proc_net() {
        assert_eq!(parse_addr("0100007F:1F90"), (IpAddr::V4(Ipv4Addr::LOCALHOST), 8080));
        assert_eq!(
            parse_addr("00000000000000000000000001000000:0035"),
            (IpAddr::V6(Ipv6Addr::LOCALHOST), 53)
        );
        let mapped = parse_addr("0000000000000000FFFF00000100007F:0050").0;
        assert!(is_loopback(&mapped), "{mapped}");
        let remote = Socket {
            pid: 1,
            proto: "tcp",
            local: parse_addr("0100007F:C000"),
            remote: parse_addr("08080808:01BB"),
            state: 1,
        };
        assert!(remote.leaves_the_machine());
        let local = Socket { remote: parse_addr("0100007F:1F90"), ..remote.clone() };
        assert!(!local.leaves_the_machine());
        let listening_everywhere =
            Socket { local: parse_addr("00000000:1F90"), remote: parse_addr("00000000:0000"), ..remote };
        assert!(listening_everywhere.leaves_the_machine(), "0.0.0.0 can be reached from outside");
    }
}
