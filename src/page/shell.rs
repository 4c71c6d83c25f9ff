//! The page shell: the navigation between views, and the query helpers every tab uses.

use yew::prelude::*;

use crate::lab::Lab;
use crate::line::LineTab;
use crate::live::LiveLab;
use crate::mnist;
use crate::panels::PANELS;
use crate::race::Race;

/// The training views, before the registered explainer panels: (query value, tab label).
const TRAINING: &[(&str, &str)] = &[
    ("lab", "Lab"),
    ("race", "Race"),
    ("mnist", "MNIST"),
    ("line", "1D lab"),
];

/// Every view in the navigation, in tab order.
fn views() -> impl Iterator<Item = (&'static str, &'static str)> {
    TRAINING
        .iter()
        .copied()
        .chain(PANELS.iter().map(|p| (p.key, p.label)))
}

/// The value of `key=` in the page's query, if present.
pub(crate) fn query_param(key: &str) -> Option<String> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let prefix = format!("{key}=");
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix(prefix.as_str()).map(str::to_string))
}

/// The backend asked for in the query (`?backend=cpu` or `?backend=webgpu`), if any: the one
/// parser every tab uses.
pub(crate) fn backend_from_query() -> Option<earthmover_protocol::Backend> {
    query_param("backend").and_then(|v| earthmover_protocol::Backend::parse(&v))
}

/// Sets `key=value` in the query (or removes it), keeping the other parameters and the hash,
/// without a reload. Values must be query-safe as they are (ours are).
pub(crate) fn write_query_param(key: &str, value: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let prefix = format!("{key}=");
    let mut params: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with(prefix.as_str()))
        .map(str::to_string)
        .collect();
    if let Some(v) = value {
        params.push(format!("{key}={v}"));
    }
    let query = if params.is_empty() {
        String::new()
    } else {
        format!("?{}", params.join("&"))
    };
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        query,
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The view named by the query's `view=`, or the Lab.
fn view_from_query() -> &'static str {
    query_param("view")
        .and_then(|v| views().find(|(k, _)| *k == v).map(|(k, _)| k))
        .unwrap_or("lab")
}

/// Rewrites `view=` in the query (absent for the Lab).
fn write_view(view: &str) {
    write_query_param("view", (view != "lab").then_some(view));
}

/// The page shell: navigation, the Lab and the explainer panels.
#[function_component(App)]
pub fn app() -> Html {
    let view = use_state(view_from_query);
    let live = use_memo((), |_| LiveLab::default());
    // The race starts two more workers: only once the student opens it, then it stays.
    let race_opened = use_mut_ref(|| false);
    if *view == "race" {
        *race_opened.borrow_mut() = true;
    }
    let race = *race_opened.borrow();
    // MNIST fetches 2 MB of digits and starts its own worker: only once the tab is opened.
    let mnist_opened = use_mut_ref(|| false);
    if *view == "mnist" {
        *mnist_opened.borrow_mut() = true;
    }
    let mnist = *mnist_opened.borrow();
    // The 1D lab starts its own worker: only once the tab is opened.
    let line_opened = use_mut_ref(|| false);
    if *view == "line" {
        *line_opened.borrow_mut() = true;
    }
    let line = *line_opened.borrow();
    let tab = |key: &'static str, label: &'static str| {
        let active = *view == key;
        let view = view.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            write_view(key);
            view.set(key);
        });
        html! {
            <button id={format!("tab-{key}")} class={classes!("tab", active.then_some("active"))} {onclick}>{ label }</button>
        }
    };
    let shown = |key: &str| *view == key;
    html! {
        <>
            <header class="top">
                <h1>{ "Earthmover" }</h1>
                <p class="tagline">{ "Train GANs, WGAN and WGAN-GP live in your browser: see why the Wasserstein loss with a 1-Lipschitz critic works." }</p>
                <nav class="tabs">{ for views().map(|(k, l)| tab(k, l)) }</nav>
            </header>
            <main>
                <div hidden={!shown("lab")}><Lab live={(*live).clone()} visible={shown("lab")} /></div>
                if race { <div hidden={!shown("race")}><Race /></div> }
                if mnist { <div hidden={!shown("mnist")}><mnist::MnistTab /></div> }
                if line { <div hidden={!shown("line")}><LineTab /></div> }
                { for PANELS.iter().map(|p| html! { <div hidden={!shown(p.key)}>{ (p.render)(&live) }</div> }) }
            </main>
        </>
    }
}
