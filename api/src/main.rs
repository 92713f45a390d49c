//! `annexa`: see `annexa --help`. Everything lives in the library; this only runs the CLI.

/// mimalloc instead of the C library's allocator: a verification makes about 86 allocations and
/// a `/healthz` request 33, and glibc's `malloc` and `free` were 15 % of a verification's
/// instructions. With mimalloc a verification takes 11 % fewer instructions and `/healthz` 9 %
/// fewer (callgrind, docs/BENCHMARKS.md, "Issue 17, eleventh round").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    annexa_api::cli::main()
}
