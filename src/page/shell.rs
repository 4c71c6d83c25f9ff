//! The page shell: the navigation between views, and the query helpers every tab uses.

use yew::prelude::*;

use crate::i18n::{self, Lang};
use crate::lab::LabTab;
use crate::lecture::{self, Lecture, Place, Presenter};
use crate::line::LineTab;
use crate::live::LiveLab;
use crate::mnist;
use crate::panels::PANELS;
use crate::race::Race;

/// The training views and the lecture, before the registered explainer panels: (query value,
/// tab label in the page's language).
/// A label in the page's language.
type Label = fn() -> &'static str;

const TRAINING: &[(&str, Label)] = &[
    ("lecture", || tr!("Lecture", "강의")),
    ("lab", || tr!("Lab", "실험실")),
    ("race", || tr!("Race", "경주")),
    ("mnist", || tr!("MNIST", "MNIST")),
    ("line", || tr!("1D lab", "1차원 실험실")),
];

/// Every view in the navigation, in tab order.
fn views() -> impl Iterator<Item = (&'static str, Label)> {
    TRAINING
        .iter()
        .copied()
        .chain(PANELS.iter().map(|p| (p.key, p.label)))
}

/// What the shell gives every training tab besides the Lab.
#[derive(Properties, PartialEq)]
pub struct TabProps {
    /// The page's language: a change re-renders the tab in it.
    #[prop_or_default]
    pub lang: Lang,
    /// The lecture slide that shows this tab as its live widget, if one does now.
    #[prop_or_default]
    pub cue: Option<usize>,
    /// Where the tab publishes what the explainer panels may borrow (the 1D lab's critic).
    #[prop_or_default]
    pub live: Option<LiveLab>,
}

/// The language to start in: `?lang=`, else the remembered choice, else the browser's.
fn initial_lang() -> Lang {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let browser: Vec<String> = window
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    Lang::choose(query_param("lang").as_deref(), stored.as_deref(), &browser)
}

/// Where the student's language choice is remembered.
const LANG_KEY: &str = "earthmover-lang";

/// Makes `l` the page's language: the strings, `<html lang>`, storage and the link.
fn apply_lang(l: Lang, remember: bool) {
    i18n::set_lang(l);
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", l.code());
    }
    if remember {
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(LANG_KEY, l.code());
        }
        write_query_param("lang", Some(l.code()));
    }
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
    set_query_params(&[(key, value)], false);
}

/// Sets several query parameters at once; `push` makes a new history entry (Back returns to
/// the old URL), otherwise the current one is replaced.
pub(crate) fn set_query_params(changes: &[(&str, Option<&str>)], push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let mut params: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| {
            !kv.is_empty()
                && !changes
                    .iter()
                    .any(|(key, _)| kv.split('=').next() == Some(*key))
        })
        .map(str::to_string)
        .collect();
    for (key, value) in changes {
        if let Some(v) = value {
            params.push(format!("{key}={v}"));
        }
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
        let _ = if push {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}

/// The view named by the query's `view=`, or the Lab.
fn view_from_query() -> &'static str {
    query_param("view")
        .and_then(|v| views().find(|(k, _)| *k == v).map(|(k, _)| k))
        .unwrap_or("lab")
}

/// The page shell: navigation, the language switch, the lecture, the Lab and the other views.
#[function_component(App)]
pub fn app() -> Html {
    let lang = use_state(|| {
        let l = initial_lang();
        apply_lang(l, false);
        l
    });
    // The presenter's window shows notes and the next slide, and trains nothing.
    if query_param("presenter").as_deref() == Some("1") {
        return html! { <ContextProvider<Lang> context={*lang}><Presenter /></ContextProvider<Lang>> };
    }
    let view = use_state(view_from_query);
    let place = use_state(lecture::place_from_query);
    let live = use_memo((), |_| LiveLab::default());
    // Back and Forward move between slides and views without a reload.
    {
        let (view, place) = (view.clone(), place.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo_events::EventListener::new(&w, "popstate", move |_| {
                    view.set(view_from_query());
                    place.set(lecture::place_from_query());
                })
            });
            move || drop(listener)
        });
    }
    let lecturing = *view == "lecture";
    // What the lecture's current slide shows live, if the lecture is open.
    let widget = lecturing.then(|| place.widget()).flatten();
    let shows = |key: &str| *view == key || widget.as_ref().is_some_and(|w| w.view() == key);
    // The race, MNIST and the 1D lab each start workers: only once they are first shown.
    let opened = use_mut_ref(Vec::<&'static str>::new);
    for key in ["race", "mnist", "line"] {
        if shows(key) && !opened.borrow().contains(&key) {
            opened.borrow_mut().push(key);
        }
    }
    let mounted = |key: &str| opened.borrow().contains(&key);
    let cue = |key: &str| {
        widget
            .as_ref()
            .filter(|w| w.view() == key)
            .map(|_| place.slide)
    };
    let lab_cue = widget.and_then(|w| lecture::lab_cue(w, place.slide));
    let tab = |key: &'static str, label: Label| {
        let active = *view == key;
        let view = view.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            // A new history entry, so Back returns to the view before.
            set_query_params(&[("view", (key != "lab").then_some(key))], true);
            view.set(key);
        });
        html! {
            <button id={format!("tab-{key}")} class={classes!("tab", active.then_some("active"))} {onclick}>{ label() }</button>
        }
    };
    let switch = |l: Lang| {
        let pressed = *lang == l;
        let lang = lang.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            apply_lang(l, true);
            lang.set(l);
        });
        html! {
            <button id={format!("lang-{}", l.code())} class="lang" lang={l.code()}
                aria-pressed={pressed.to_string()} {onclick}>{ l.name() }</button>
        }
    };
    let go = {
        let place = place.clone();
        Callback::from(move |p: Place| {
            // The URL is always current (a callback kept by the sync may be older than the
            // state it would compare with).
            if p != lecture::place_from_query() || query_param("view").as_deref() != Some("lecture")
            {
                lecture::write_place(p, true);
            }
            place.set(p);
        })
    };
    let l = *lang;
    html! {
        <ContextProvider<Lang> context={l}>
            <header class={classes!("top", lecturing.then_some("lecturing"))}>
                <h1>{ "Earthmover" }</h1>
                <p class="tagline">{ tr!("Train GANs, WGAN and WGAN-GP live in your browser: see why the Wasserstein loss with a 1-Lipschitz critic works.", "GAN, WGAN, WGAN-GP를 브라우저에서 직접 학습시키며 1-립시츠 비평가와 Wasserstein 손실이 왜 통하는지 봅니다.") }</p>
                <nav class="tabs">{ for views().map(|(k, l)| tab(k, l)) }</nav>
                <div class="langs" role="group" aria-label={tr!("Language", "언어")}>{ for Lang::ALL.into_iter().map(switch) }</div>
            </header>
            <main class={classes!(lecturing.then_some("lecturing"))}>
                if lecturing { <Lecture place={*place} {go} lang={l} /> }
                <div class="stage" hidden={!lecturing && !shows("lab") && !PANELS.iter().any(|p| shows(p.key)) && !["race", "mnist", "line"].iter().any(|k| shows(k))}
                    data-show={widget.as_ref().map(|w| w.show()).unwrap_or_default()}>
                    <div class="view" hidden={!shows("lab")}><LabTab live={(*live).clone()} visible={shows("lab")} lang={l} cue={lab_cue} /></div>
                    if mounted("race") { <div class="view" hidden={!shows("race")}><Race lang={l} cue={cue("race")} /></div> }
                    if mounted("mnist") { <div class="view" hidden={!shows("mnist")}><mnist::MnistTab lang={l} cue={cue("mnist")} /></div> }
                    if mounted("line") { <div class="view" hidden={!shows("line")}><LineTab lang={l} cue={cue("line")} live={Some((*live).clone())} /></div> }
                    { for PANELS.iter().map(|p| html! { <div class="view" hidden={!shows(p.key)}>{ (p.render)(&live) }</div> }) }
                </div>
            </main>
        </ContextProvider<Lang>>
    }
}
