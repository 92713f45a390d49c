//! `annexa`: see `annexa --help`. Everything lives in the library; this only runs the CLI.

fn main() -> std::process::ExitCode {
    annexa_api::cli::main()
}
