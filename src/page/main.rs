//! The page: yew components. Each panel owns its state and view; training happens in the worker.
//!
//! The Lab stays mounted when another view is shown, so training and its history carry on while
//! the teacher switches to an explainer and back. The view lives in the query (`?view=emd`), so a
//! link opens a panel directly without touching the Lab's state in the hash.

// Everything below is the browser's: natively the binary only says where the app is, and
// does not compile yew or web-sys at all.
macro_rules! web_only {
    ($($item:item)*) => { $( #[cfg(target_arch = "wasm32")] $item )* };
}

// The page's two languages: plain data and two macros, compiled natively too so a test can
// check every message. First, so the macros exist for every module below.
#[macro_use]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_macros))]
mod i18n;

// The lecture's slides, keys and tasks are data, tested natively; its components are web-only.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod lecture;

// The presets' words: plain data, so a native test checks every preset has them.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod preset_text;

// How a tab follows a lecture slide (play on entry, pause on exit): data, tested natively.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod cue;

web_only! {
    mod download;
    mod lab;
    mod line;
    mod live;
    mod mnist;
    mod names;
    mod offline;
    mod panels;
    mod plot;
    mod race;
    mod run;
    mod shell;
    mod svg;
    mod tab;
    mod text;
    mod worker_link;
}

// The meaningful colours: plain data, so a native test checks them for colour-blind students.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod palette;

#[cfg(target_arch = "wasm32")]
fn main() {
    offline::register();
    // The tabs start their workers as they mount, so which worker build this browser needs is
    // known first (a few milliseconds; at most three seconds where the browser hangs).
    wasm_bindgen_futures::spawn_local(async {
        worker_link::probe_webgpu().await;
        yew::Renderer::<shell::App>::new().render();
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in the browser: `make serve` builds it and serves it on localhost");
}
