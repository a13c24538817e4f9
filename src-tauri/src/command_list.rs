//! The one list of the window's commands: the names in `generate_handler!` in
//! lib.rs. `build.rs` reads it from there (with this module) to generate each
//! command's `allow-…` permission, and the test below fails unless
//! `capabilities/main.json` grants exactly those commands, each once.

/// The command names registered in `generate_handler![…]` in the source of lib.rs.
pub fn registered(lib_rs: &str) -> Vec<String> {
    const OPEN: &str = "generate_handler![";
    let start = lib_rs.find(OPEN).expect("lib.rs registers its commands with generate_handler!") + OPEN.len();
    let end = start + lib_rs[start..].find(']').expect("generate_handler! is closed");
    lib_rs[start..end]
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .map(|path| path.rsplit("::").next().unwrap_or(path).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::registered;

    #[test]
    fn the_capability_grants_exactly_the_registered_commands_once() {
        let commands = registered(include_str!("lib.rs"));
        assert!(commands.len() > 50, "found only {commands:?}");
        let unique: BTreeSet<&str> = commands.iter().map(String::as_str).collect();
        assert_eq!(unique.len(), commands.len(), "a command is registered twice: {commands:?}");

        let cap: serde_json::Value = serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        let granted: Vec<String> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-").map(|c| c.replace('-', "_")))
            .collect();
        let mut seen = BTreeSet::new();
        for g in &granted {
            assert!(
                seen.insert(g.as_str()),
                "capabilities/main.json grants allow-{} twice",
                g.replace('_', "-")
            );
        }
        let missing: Vec<_> = unique.difference(&seen).collect();
        let unknown: Vec<_> = seen.difference(&unique).collect();
        assert!(missing.is_empty(), "registered but not granted to the window: {missing:?}");
        assert!(unknown.is_empty(), "granted but not registered in generate_handler!: {unknown:?}");
    }

    #[test]
    fn the_parser_reads_paths_commas_and_comments() {
        let src =
            "x.invoke_handler(tauri::generate_handler![\n  a::one, // the first\n  b::c::two,\n  three\n])";
        assert_eq!(registered(src), ["one", "two", "three"]);
    }
}
