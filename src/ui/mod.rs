//! The page: yew components. Each panel owns its state and view; training happens in the worker.

mod lab;
mod plot;
mod worker_link;

use yew::prelude::*;

pub use lab::Lab;

/// The page shell.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <>
            <header class="top">
                <h1>{ "Earthmover" }</h1>
                <p class="tagline">{ "Train GANs, WGAN and WGAN-GP live in your browser: see why the Wasserstein loss with a 1-Lipschitz critic works." }</p>
            </header>
            <main>
                <Lab />
            </main>
        </>
    }
}
