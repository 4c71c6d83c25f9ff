//! The training worker with WebGPU (a Web Worker, built by trunk as a no-modules script).
//!
//! The page starts this build only where the browser gives it a WebGPU adapter: burn's wgpu
//! runtime makes it four times the size of the CPU-only build (`cpu.rs`). The body is
//! `serve.rs`, shared by both.

include!("entry.rs");
