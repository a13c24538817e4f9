//! Keyboard shortcuts, per operating system: the one table the window both binds
//! and shows. Cmd (⌘) on macOS, Ctrl on Windows and Linux.
//!
//! The window receives [`for_os`]`(Os::current())` with `app_status` at start-up
//! (see `ui/js/shortcuts.js`): its key handlers match events against this table,
//! and every tooltip, placeholder, `<kbd>` hint and `aria-keyshortcuts` attribute
//! that names a shortcut is filled from it. So what the window says is what it
//! does, on every system, and the rule lives here, where it is unit-tested for
//! each system without needing that system.

use serde::Serialize;

/// The systems Hearth is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    Macos,
    Windows,
    Linux,
}

impl Os {
    /// The system this binary was built for.
    pub const fn current() -> Os {
        if cfg!(target_os = "macos") {
            Os::Macos
        } else if cfg!(target_os = "windows") {
            Os::Windows
        } else {
            Os::Linux
        }
    }
}

/// Every shortcut the window offers: (action, letter, what it does). The window
/// looks shortcuts up by action; the letter is the same on every system.
const TABLE: &[(&str, char, &str)] = &[
    ("lock", 'L', "Lock now"),
    ("new-entry", 'N', "New entry"),
    ("search", 'F', "Search your journal"),
    ("save", 'S', "Save the entry"),
];

/// One shortcut as the window needs it, for one system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortcut {
    /// What it does, as the window names it: `lock`, `new-entry`, `search`, `save`.
    pub action: &'static str,
    /// What it does, in words, for a tooltip: "Lock now".
    pub description: &'static str,
    /// `KeyboardEvent.key` of the letter, in lower case: `l`.
    pub key: String,
    /// The modifier that must be held, named as `KeyboardEvent`'s flag without
    /// `Key`: `meta` (⌘) on macOS, `ctrl` elsewhere. No other modifier may be held.
    pub modifier: &'static str,
    /// The keys as shown, one `<kbd>` each: `["⌘", "L"]` or `["Ctrl", "L"]`.
    pub keys: Vec<String>,
    /// What goes between the keys when shown: nothing on macOS (⌘L), `+` elsewhere.
    pub separator: &'static str,
    /// The whole shortcut as text, for a tooltip or placeholder: `⌘L`, `Ctrl+L`.
    pub label: String,
    /// The value for `aria-keyshortcuts`: `Meta+L`, `Control+L`.
    pub aria: String,
}

/// The window's shortcuts on `os`.
pub fn for_os(os: Os) -> Vec<Shortcut> {
    let (modifier, shown, separator, aria) = match os {
        Os::Macos => ("meta", "⌘", "", "Meta"),
        Os::Windows | Os::Linux => ("ctrl", "Ctrl", "+", "Control"),
    };
    TABLE
        .iter()
        .map(|&(action, letter, description)| Shortcut {
            action,
            description,
            key: letter.to_ascii_lowercase().to_string(),
            modifier,
            keys: vec![shown.to_string(), letter.to_string()],
            separator,
            label: format!("{shown}{separator}{letter}"),
            aria: format!("{aria}+{letter}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(os: Os, action: &str) -> Shortcut {
        for_os(os).into_iter().find(|s| s.action == action).unwrap_or_else(|| panic!("no {action} on {os:?}"))
    }

    #[test]
    fn cmd_on_macos_ctrl_elsewhere_for_every_action() {
        // (os, action, key, modifier, shown keys, label, aria)
        let table: &[(Os, &str, &str, &str, [&str; 2], &str, &str)] = &[
            (Os::Macos, "lock", "l", "meta", ["⌘", "L"], "⌘L", "Meta+L"),
            (Os::Macos, "new-entry", "n", "meta", ["⌘", "N"], "⌘N", "Meta+N"),
            (Os::Macos, "search", "f", "meta", ["⌘", "F"], "⌘F", "Meta+F"),
            (Os::Macos, "save", "s", "meta", ["⌘", "S"], "⌘S", "Meta+S"),
            (Os::Windows, "lock", "l", "ctrl", ["Ctrl", "L"], "Ctrl+L", "Control+L"),
            (Os::Windows, "new-entry", "n", "ctrl", ["Ctrl", "N"], "Ctrl+N", "Control+N"),
            (Os::Windows, "search", "f", "ctrl", ["Ctrl", "F"], "Ctrl+F", "Control+F"),
            (Os::Windows, "save", "s", "ctrl", ["Ctrl", "S"], "Ctrl+S", "Control+S"),
            (Os::Linux, "lock", "l", "ctrl", ["Ctrl", "L"], "Ctrl+L", "Control+L"),
            (Os::Linux, "new-entry", "n", "ctrl", ["Ctrl", "N"], "Ctrl+N", "Control+N"),
            (Os::Linux, "search", "f", "ctrl", ["Ctrl", "F"], "Ctrl+F", "Control+F"),
            (Os::Linux, "save", "s", "ctrl", ["Ctrl", "S"], "Ctrl+S", "Control+S"),
        ];
        for &(os, action, key, modifier, keys, label, aria) in table {
            let s = find(os, action);
            assert_eq!(s.key, key, "{os:?} {action}");
            assert_eq!(s.modifier, modifier, "{os:?} {action}");
            assert_eq!(s.keys, keys, "{os:?} {action}");
            assert_eq!(s.label, label, "{os:?} {action}");
            assert_eq!(s.aria, aria, "{os:?} {action}");
            // What is shown is the keys joined by the separator, so a <kbd> hint
            // and a tooltip can never disagree.
            assert_eq!(s.keys.join(s.separator), s.label, "{os:?} {action}");
        }
    }

    #[test]
    fn every_system_offers_the_same_actions_each_on_its_own_letter() {
        for os in [Os::Macos, Os::Windows, Os::Linux] {
            let all = for_os(os);
            let actions: Vec<_> = all.iter().map(|s| s.action).collect();
            assert_eq!(actions, ["lock", "new-entry", "search", "save"], "{os:?}");
            let keys: std::collections::HashSet<_> = all.iter().map(|s| s.key.as_str()).collect();
            assert_eq!(keys.len(), all.len(), "two actions share a key on {os:?}");
            // None takes a key that the system itself reserves with that modifier:
            // ⌘Q/⌘W/⌘H/⌘M on macOS; Ctrl+C/V/X/Z/A/Q/W everywhere for editing.
            for s in &all {
                assert!(!"qwhmcvxza".contains(s.key.as_str()), "{os:?} {} takes {}", s.action, s.key);
            }
        }
    }

    #[test]
    fn the_build_knows_its_system() {
        #[cfg(target_os = "linux")]
        assert_eq!(Os::current(), Os::Linux);
        #[cfg(target_os = "macos")]
        assert_eq!(Os::current(), Os::Macos);
        #[cfg(target_os = "windows")]
        assert_eq!(Os::current(), Os::Windows);
    }
}
