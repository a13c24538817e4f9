//! Tauri's build step. Every app command gets an `allow-<command>` permission;
//! with an app manifest, commands that no capability grants are refused at the IPC
//! boundary (least privilege). The commands are read from `generate_handler!` in
//! src/lib.rs, their one list (see src/command_list.rs).

#[path = "src/command_list.rs"]
mod command_list;

fn main() {
    // ui/ is embedded into the binary by `generate_context!`; rebuild when it changes
    // (in debug builds tauri-build does not ask for this itself).
    println!("cargo:rerun-if-changed=../ui");
    println!("cargo:rerun-if-changed=src/lib.rs");
    let lib_rs = std::fs::read_to_string("src/lib.rs").expect("read src/lib.rs");
    // tauri-build wants a 'static list; a build script may leak it.
    let commands: Vec<&'static str> =
        command_list::registered(&lib_rs).into_iter().map(|c| &*Box::leak(c.into_boxed_str())).collect();
    let commands: &'static [&'static str] = Box::leak(commands.into_boxed_slice());
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("failed to run the Tauri build step");
}
