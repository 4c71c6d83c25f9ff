//! The presenter's window (`S` on a slide, or `&presenter=1`): the current and the next slide,
//! the speaker notes in the page's language, and a timer. It trains nothing: it follows the
//! projector window, and drives it, through [`Sync`].

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::Place;
use super::deck::{place_from_query, write_place};
use super::keys::{Action, Keys, target};
use super::slides::SLIDES;
use super::sync::Sync;
use crate::i18n::Lang;

#[function_component(Presenter)]
pub fn presenter() -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let place = use_state(place_from_query);
    let seconds = use_state(|| 0u32);
    let sync: Rc<RefCell<Option<Sync>>> = use_mut_ref(|| None);
    let keys = use_mut_ref(Keys::default);
    {
        let (sync, place) = (sync.clone(), place.clone());
        use_effect_with((), move |_| {
            *sync.borrow_mut() = Sync::join(move |p| {
                write_place(p, false);
                place.set(p);
            });
            move || drop(sync.borrow_mut().take())
        });
    }
    {
        let sync = sync.clone();
        use_effect_with(*place, move |&p| {
            if let Some(s) = sync.borrow().as_ref() {
                s.moved(p);
            }
        });
    }
    {
        let seconds = seconds.clone();
        use_effect_with((), move |_| {
            let start = js_sys::Date::now();
            let interval = Interval::new(500, move || {
                seconds.set(((js_sys::Date::now() - start) / 1000.0) as u32)
            });
            move || drop(interval)
        });
    }
    let go = {
        let place = place.clone();
        Callback::from(move |n: usize| {
            let p = Place::slide(n);
            write_place(p, false);
            place.set(p);
        })
    };
    // One listener, reading the slide through a cell (see the deck's keys).
    let current = use_mut_ref(|| place.slide);
    *current.borrow_mut() = place.slide;
    {
        let (go, keys, current) = (go.clone(), keys.clone(), current.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|d| {
                EventListener::new(&d, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let modifier = e.ctrl_key() || e.alt_key() || e.meta_key();
                    let at = *current.borrow();
                    if let Some(a) = keys.borrow_mut().press(&e.key(), modifier)
                        && !matches!(a, Action::Typing)
                        && let Some(n) = target(a, at, SLIDES.len())
                    {
                        *current.borrow_mut() = n;
                        go.emit(n);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let now = &SLIDES[place.slide];
    let next = SLIDES.get(place.slide + 1);
    let (m, s) = (*seconds / 60, *seconds % 60);
    let step = |n: usize| {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| go.emit(n))
    };
    html! {
        <section id="presenter" class="presenter">
            <div class="presenter-bar">
                <button id="presenter-prev" disabled={place.slide == 0} onclick={step(place.slide.saturating_sub(1))}>{ tr!("← Previous", "← 이전") }</button>
                <span id="presenter-count" class="slide-count">{ format!("{} / {}", place.slide + 1, SLIDES.len()) }</span>
                <button id="presenter-next" disabled={next.is_none()} onclick={step((place.slide + 1).min(SLIDES.len() - 1))}>{ tr!("Next →", "다음 →") }</button>
                <span id="presenter-timer" class="timer" role="timer">{ format!("{m:02}:{s:02}") }</span>
            </div>
            <div class="presenter-grid">
                <div class="presenter-now">
                    <h2 id="presenter-title">{ now.title.get(lang) }</h2>
                    <ul>{ for now.points.iter().map(|p| html! { <li>{ p.get(lang) }</li> }) }</ul>
                    if let Some(t) = now.task { <p><b>{ tr!("Try this: ", "해 보기: ") }</b>{ t.text.get(lang) }</p> }
                </div>
                <div class="presenter-next">
                    <h3>{ tr!("Next", "다음") }</h3>
                    <p id="presenter-next-title">{ next.map_or(tr!("(end of the lecture)", "(강의 끝)"), |n| n.title.get(lang)) }</p>
                </div>
                <div class="presenter-notes">
                    <h3>{ tr!("Notes", "발표 노트") }</h3>
                    <p id="presenter-notes">{ now.notes.get(lang) }</p>
                </div>
            </div>
        </section>
    }
}
