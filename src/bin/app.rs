//! The web app's entry point (built by trunk for wasm32, without burn). Natively it only says
//! where to find the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<earthmover::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in the browser: `make serve` builds it and serves it on localhost");
}
