//! The explainer panels (lecture slides 2, 3, 4 and 8). Each is a self-contained component: its
//! own state and view, with every number computed by [`earthmover_explain`].
//!
//! Panels register themselves: a panel is one file that defines `pub const PANEL: Panel`, plus
//! its name in the [`registry!`] line below. The navigation, the `?view=` links and the
//! browser test that visits every view all read [`PANELS`]; nothing else names a panel.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::live::LiveLab;

/// One explainer panel as the shell sees it.
pub struct Panel {
    /// Its `?view=` value and the id of its tab (`tab-{key}`).
    pub key: &'static str,
    /// The tab's label, in the page's language.
    pub label: fn() -> &'static str,
    /// The panel, given the Lab's live samples and critic (which some panels borrow).
    pub render: fn(&LiveLab) -> Html,
}

/// Declares the registered panels' modules and lists their `PANEL`s, in tab order.
macro_rules! registry {
    ($($panel:ident),* $(,)?) => {
        $(mod $panel;)*
        /// Every registered panel, in tab order.
        pub const PANELS: &[Panel] = &[$($panel::PANEL),*];
    };
}

registry!(emd, saturation, lipschitz, l1_l2, layers);

// Widgets the panels above are made of (not views of their own).
mod matching;
mod norms;
mod parallel_lines;
mod piles;
mod sparsity;

/// A callback that applies `apply` to a copy of a panel's state and stores the result.
pub fn updater<S: Clone + 'static, T: 'static>(
    state: &UseStateHandle<S>,
    apply: fn(&mut S, T),
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |v: T| {
        let mut s = (*state).clone();
        apply(&mut s, v);
        state.set(s);
    })
}

/// A labelled range slider whose value is shown beside it.
pub fn slider(
    id: &'static str,
    label: &str,
    (min, max, step): (f64, f64, f64),
    value: f64,
    on: Callback<f64>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        if let Ok(v) = e
            .target_unchecked_into::<HtmlInputElement>()
            .value()
            .parse::<f64>()
        {
            on.emit(v);
        }
    });
    html! {
        <label class="slider">
            <span>{ label }</span>
            <input type="range" {id} min={min.to_string()} max={max.to_string()} step={step.to_string()}
                value={value.to_string()} {oninput} />
            <output>{ format!("{value:.2}") }</output>
        </label>
    }
}

/// Panels that can borrow the Lab's live samples or critic.
#[derive(Properties, PartialEq)]
pub struct LiveProps {
    pub live: super::live::LiveLab,
}
