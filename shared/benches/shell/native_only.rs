// Included by each bench of annexa-shared. Criterion is a native dev-dependency only: on wasm32
// a bench is an empty program; natively it runs the `benches` group of the bench's `mod native`.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);
