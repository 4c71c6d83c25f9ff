//! The web app's entry point (built by trunk for wasm32). Natively it only explains itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<earthmover_app::App>::new().render();
}

#[cfg(target_arch = "wasm32")]
mod earthmover_app {
    use yew::prelude::*;

    /// The page shell; the Lab and the explainer panels mount here as they land.
    #[function_component(App)]
    pub fn app() -> Html {
        html! {
            <main class="shell">
                <h1>{ "Earthmover" }</h1>
                <p>{ "Train GANs, WGANs and WGAN-GP in your browser. The live Lab is being built; the training engine is ready and tested natively (see the README)." }</p>
            </main>
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in the browser: `make serve` builds it and serves it on localhost");
}
