//! The lecture on the projector: the slide's text on the left, its live widget on the right
//! (the shell's own Lab, race, MNIST or panel, cued by the slide), the keys, the overview, the
//! "G n Enter" jump, swipes, the presenter window, the check of the slide's task, and the
//! print handout.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlCanvasElement, HtmlElement, HtmlInputElement, KeyboardEvent, TouchEvent,
};
use yew::prelude::*;

use super::Place;
use super::keys::{Action, Keys, target};
use super::slides::{SLIDES, Slide, Widget};
use super::sync::Sync;
use super::task::Source;
use crate::i18n::Lang;
use crate::lab::LabCue;

/// The place named by the page's query.
pub fn place_from_query() -> Place {
    let q = crate::shell::query_param;
    Place::parse(q("slide").as_deref(), q("part").as_deref())
}

/// Puts `place` in the URL; `push` adds a history entry, so Back returns to the slide before.
pub fn write_place(place: Place, push: bool) {
    let (slide, part) = place.query();
    crate::shell::set_query_params(
        &[
            ("view", Some("lecture")),
            ("slide", Some(&slide)),
            ("part", part.as_deref()),
        ],
        push,
    );
}

/// What the Lab is asked to do by the widget a slide shows, if it is the Lab.
pub fn lab_cue(widget: Widget, slide: usize) -> Option<LabCue> {
    match widget {
        Widget::Lab { preset, layers, .. } => Some(LabCue {
            slide,
            preset,
            layers,
        }),
        _ => None,
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Reads the live page for a task's check.
fn read(sel: &str, from: Source) -> Option<String> {
    let el = document()?.query_selector(sel).ok()??;
    match from {
        Source::Value => Some(el.dyn_ref::<HtmlInputElement>()?.value()),
        Source::Text => el.text_content(),
        Source::Attr(a) => el.get_attribute(a),
    }
}

/// The widget on screen as an image for the handout: its first canvas, else its first SVG.
fn capture() -> Option<String> {
    let shown = document()?
        .query_selector("main.lecturing .stage > div:not([hidden])")
        .ok()??;
    if let Some(c) = shown
        .query_selector("canvas")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
    {
        let url = c.to_data_url().ok()?;
        return Some(format!(r#"<img alt="" src="{url}">"#));
    }
    // A copy without ids, so the handout never shadows the live widget's elements.
    let svg = shown
        .query_selector("svg")
        .ok()??
        .clone_node_with_deep(true)
        .ok()?;
    let svg: Element = svg.dyn_into().ok()?;
    svg.remove_attribute("id").ok()?;
    if let Ok(all) = svg.query_selector_all("[id]") {
        for i in 0..all.length() {
            if let Some(el) = all.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = el.remove_attribute("id");
            }
        }
    }
    Some(svg.outer_html())
}

/// Zooms the widget on screen out (never in) so it fits the slide without scrolling.
fn fit() {
    let Some(stage) = document()
        .and_then(|d| d.query_selector("main.lecturing .stage").ok().flatten())
        .and_then(|s| s.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let children = stage.children();
    for i in 0..children.length() {
        let Some(child) = children
            .item(i)
            .and_then(|c| c.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        if child.hidden() {
            continue;
        }
        // Measured at zoom 1 (one synchronous layout), then zoomed: unlike a transform, zoom
        // shrinks the layout too, so nothing is left to scroll or to clip.
        // The width is then pinned, so the zoomed widget does not reflow into the room it
        // gained (a zoomed-out grid would otherwise widen its columns and grow taller).
        let style = child.style();
        let _ = style.set_property("zoom", "1");
        let _ = style.remove_property("width");
        let (w, h) = (child.scroll_width() as f64, child.scroll_height() as f64);
        let (aw, ah) = (stage.client_width() as f64, stage.client_height() as f64);
        if w <= 0.0 || h <= 0.0 || aw <= 0.0 || ah <= 0.0 {
            continue;
        }
        // A few pixels spare for rounding at fractional zooms.
        let s = (aw / w).min((ah - 4.0) / h).min(1.0);
        let _ = style.set_property("width", &format!("{w}px"));
        let mut s = (s - 0.002).max(0.1);
        let _ = style.set_property("zoom", &format!("{s:.4}"));
        // Whatever still sticks out (a child's overflow the measure missed) shrinks it more.
        for _ in 0..3 {
            let (sh, ch) = (stage.scroll_height() as f64, stage.client_height() as f64);
            if sh <= ch + 0.5 {
                break;
            }
            s = (s * ch / sh - 0.002).max(0.1);
            let _ = style.set_property("zoom", &format!("{s:.4}"));
        }
    }
}

/// Outlines the element the slide points at (and nothing else).
fn point_at(sel: Option<&str>) {
    let Some(doc) = document() else { return };
    let target = sel.and_then(|s| doc.query_selector(s).ok().flatten());
    if let Ok(old) = doc.query_selector_all(".lecture-pointer") {
        for i in 0..old.length() {
            if let Some(el) = old.item(i).and_then(|n| n.dyn_into::<Element>().ok())
                && Some(&el) != target.as_ref()
            {
                let _ = el.class_list().remove_1("lecture-pointer");
            }
        }
    }
    if let Some(el) = target {
        let _ = el.class_list().add_1("lecture-pointer");
    }
}

/// Whether a key press belongs to a control, not to the lecture: typing in a field, moving
/// a slider or choosing in a menu, and Space/Enter on a focused button or link.
fn for_a_control(e: &KeyboardEvent) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el.is_content_editable()
        || (matches!(tag.as_str(), "button" | "a" | "summary")
            && matches!(e.key().as_str(), " " | "Enter"))
        || el.get_attribute("role").as_deref() == Some("slider")
}

fn toggle_fullscreen() {
    let Some(doc) = document() else { return };
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Opens the presenter's window on the same slide and language.
fn open_presenter(place: Place) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (slide, part) = place.query();
    let part = part.map_or(String::new(), |p| format!("&part={p}"));
    let url = format!(
        "{}?view=lecture&presenter=1&slide={slide}{part}&lang={}",
        window.location().pathname().unwrap_or_default(),
        crate::i18n::lang().code()
    );
    let _ = window.open_with_url_and_target_and_features(
        &url,
        "earthmover-presenter",
        "popup,width=1100,height=720",
    );
}

/// One slide's text, for the screen and for the handout.
fn slide_text(s: &Slide, lang: Lang, n: usize) -> Html {
    html! {
        <>
            <h2 class="slide-title">
                <span class="slide-number">{ format!("{}. ", n + 1) }</span>{ s.title.get(lang) }
            </h2>
            <ul class="points">{ for s.points.iter().map(|p| html! { <li>{ p.get(lang) }</li> }) }</ul>
            if let Some(f) = s.formula {
                <div class="formula">{ Html::from_html_unchecked(AttrValue::from(f)) }</div>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct LectureProps {
    pub place: Place,
    /// Moves the lecture (the shell writes the URL with a history entry).
    pub go: Callback<Place>,
    pub lang: Lang,
}

/// The lecture view.
#[function_component(Lecture)]
pub fn lecture(props: &LectureProps) -> Html {
    let place = props.place;
    let lang = props.lang;
    let slide = &SLIDES[place.slide];
    let overview = use_state(|| false);
    let typed = use_state(|| None::<String>);
    let keys = use_mut_ref(Keys::default);
    // Slides whose task is done (it stays done once reached).
    let done = use_mut_ref(|| 0u64);
    let rerender = use_force_update();
    // The last image of each slide's widget, for the handout.
    let captures = use_mut_ref(BTreeMap::<usize, String>::new);
    let sync: Rc<RefCell<Option<Sync>>> = use_mut_ref(|| None);
    let touch = use_mut_ref(|| None::<(i32, i32)>);

    {
        let (sync, go) = (sync.clone(), props.go.clone());
        use_effect_with((), move |_| {
            *sync.borrow_mut() = Sync::join(move |p| go.emit(p));
            move || drop(sync.borrow_mut().take())
        });
    }
    // Each place: tell the presenter, keep the widget's image when leaving, and watch the
    // page for the task, the pointer and the fit.
    {
        let (sync, done, captures, rerender) = (
            sync.clone(),
            done.clone(),
            captures.clone(),
            rerender.clone(),
        );
        use_effect_with(place, move |&place| {
            if let Some(s) = sync.borrow().as_ref() {
                s.moved(place);
            }
            let slide = &SLIDES[place.slide];
            let mut ticks = 0u32;
            let tick = move || {
                // Every 2 s, the widget's image for the handout.
                if ticks % 5 == 4
                    && let Some(img) = capture()
                {
                    captures.borrow_mut().insert(place.slide, img);
                }
                ticks += 1;
                fit();
                point_at(slide.point_at);
                let bit = 1u64 << place.slide;
                if let Some(task) = slide.task
                    && *done.borrow() & bit == 0
                    && task.check.holds(&read)
                {
                    *done.borrow_mut() |= bit;
                    rerender.force_update();
                }
            };
            let mut tick = tick;
            tick();
            let interval = Interval::new(400, tick);
            move || {
                drop(interval);
                point_at(None);
            }
        });
    }
    // Before printing, the slide on screen puts its widget's current image in the handout.
    use_effect_with(place, move |&place| {
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "beforeprint", move |_| {
                if let (Some(img), Some(el)) = (
                    capture(),
                    document().and_then(|d| {
                        d.get_element_by_id(&format!("print-widget-{}", place.slide))
                    }),
                ) {
                    el.set_inner_html(&img);
                }
            })
        });
        move || drop(listener)
    });
    // The keys: one listener for the view's life, reading the place and the overview through
    // cells, so two quick presses move two slides (a listener renewed per render would still
    // hold the old place between the first press and the next render).
    let current = use_mut_ref(|| place);
    *current.borrow_mut() = place;
    let showing = use_mut_ref(|| false);
    *showing.borrow_mut() = *overview;
    {
        let (go, overview, typed, keys) = (
            props.go.clone(),
            overview.clone(),
            typed.clone(),
            keys.clone(),
        );
        let (current, showing) = (current.clone(), showing.clone());
        use_effect_with((), move |_| {
            let listener = document().map(|d| {
                EventListener::new_with_options(
                    &d,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        if e.default_prevented() || for_a_control(e) {
                            return;
                        }
                        let modifier = e.ctrl_key() || e.alt_key() || e.meta_key();
                        let Some(action) = keys.borrow_mut().press(&e.key(), modifier) else {
                            return;
                        };
                        e.prevent_default();
                        typed.set(keys.borrow().pending().map(str::to_string));
                        let place = *current.borrow();
                        match action {
                            Action::Fullscreen => toggle_fullscreen(),
                            Action::Overview => {
                                let open = !*showing.borrow();
                                *showing.borrow_mut() = open;
                                overview.set(open);
                            }
                            Action::Escape => {
                                *showing.borrow_mut() = false;
                                overview.set(false);
                            }
                            Action::Presenter => open_presenter(place),
                            Action::Typing => {}
                            a => {
                                if let Some(n) = target(a, place.slide, SLIDES.len()) {
                                    *showing.borrow_mut() = false;
                                    overview.set(false);
                                    *current.borrow_mut() = Place::slide(n);
                                    go.emit(Place::slide(n));
                                }
                            }
                        }
                    },
                )
            });
            move || drop(listener)
        });
    }

    let to = |n: usize| {
        let (go, overview) = (props.go.clone(), overview.clone());
        Callback::from(move |_: MouseEvent| {
            overview.set(false);
            go.emit(Place::slide(n));
        })
    };
    let part = |i: usize| {
        let go = props.go.clone();
        Callback::from(move |_: MouseEvent| {
            go.emit(Place {
                slide: place.slide,
                part: i,
            })
        })
    };
    let on_touch_start = {
        let touch = touch.clone();
        Callback::from(move |e: TouchEvent| {
            if let Some(t) = e.touches().get(0) {
                *touch.borrow_mut() = Some((t.client_x(), t.client_y()));
            }
        })
    };
    let on_touch_end = {
        let go = props.go.clone();
        Callback::from(move |e: TouchEvent| {
            let (Some((x0, y0)), Some(t)) = (touch.borrow_mut().take(), e.changed_touches().get(0))
            else {
                return;
            };
            let (dx, dy) = (t.client_x() - x0, t.client_y() - y0);
            if dx.abs() > 60 && dx.abs() > 2 * dy.abs() {
                let a = if dx < 0 {
                    Action::Next
                } else {
                    Action::Previous
                };
                if let Some(n) = target(a, place.slide, SLIDES.len()) {
                    go.emit(Place::slide(n));
                }
            }
        })
    };
    let is_done = *done.borrow() & (1u64 << place.slide) != 0;
    let count = SLIDES.len();
    let captured = captures.borrow();
    html! {
        <section class="lecture view" aria-roledescription={tr!("slides", "슬라이드")}
            ontouchstart={on_touch_start} ontouchend={on_touch_end}>
            <div class="slide-bar">
                <button id="slide-prev" aria-label={tr!("Previous slide", "이전 슬라이드")} disabled={place.slide == 0}
                    onclick={to(place.slide.saturating_sub(1))}>{ "←" }</button>
                <span id="slide-count" class="slide-count">{ format!("{} / {count}", place.slide + 1) }</span>
                <button id="slide-next" aria-label={tr!("Next slide", "다음 슬라이드")} disabled={place.slide + 1 == count}
                    onclick={to((place.slide + 1).min(count - 1))}>{ "→" }</button>
                <button id="slide-overview" onclick={{ let o = overview.clone(); Callback::from(move |_| o.set(!*o)) }}>{ tr!("All slides (O)", "전체 보기 (O)") }</button>
                <button id="slide-presenter" onclick={Callback::from(move |_| open_presenter(place))}>{ tr!("Presenter (S)", "발표자 보기 (S)") }</button>
                <button id="slide-fullscreen" onclick={Callback::from(|_| toggle_fullscreen())}>{ tr!("Fullscreen (F)", "전체 화면 (F)") }</button>
            </div>
            <article id="slide" class="slide" aria-live="polite">
                { slide_text(slide, lang, place.slide) }
                if slide.widgets.len() > 1 {
                    <div class="parts" role="group" aria-label={tr!("Live widgets of this slide", "이 슬라이드의 위젯")}>
                        { for slide.widgets.iter().enumerate().map(|(i, w)| html! {
                            <button id={format!("part-{}", i + 1)} aria-pressed={(i == place.part).to_string()}
                                onclick={part(i)}>{ w.label().get(lang) }</button>
                        }) }
                    </div>
                }
                if let Some(task) = slide.task {
                    <p id="task" class={classes!("task", is_done.then_some("done"))} data-done={is_done.to_string()}>
                        <span class="task-mark" aria-hidden="true">{ if is_done { "✓" } else { "○" } }</span>
                        <b>{ tr!("Try this: ", "해 보기: ") }</b>{ task.text.get(lang) }
                        if is_done { <span class="visually-hidden">{ tr!(" (done)", " (완료)") }</span> }
                    </p>
                }
            </article>
            if *overview {
                <div id="overview" class="overview" role="dialog" aria-label={tr!("All slides", "전체 슬라이드")}>
                    { for SLIDES.iter().enumerate().map(|(i, s)| html! {
                        <button class={classes!("thumb", (i == place.slide).then_some("current"))} onclick={to(i)}>
                            <span class="slide-number">{ i + 1 }</span>{ s.title.get(lang) }
                        </button>
                    }) }
                </div>
            }
            if let Some(d) = &*typed {
                <div id="goto" class="goto" role="status">{ trf!("Go to slide {d}", "{d}번 슬라이드로 이동") }</div>
            }
            <div class="handout">
                { for SLIDES.iter().enumerate().map(|(i, s)| html! {
                    <section class="print-slide" id={format!("print-slide-{i}")}>
                        <div class="print-text">
                            { slide_text(s, lang, i) }
                            if let Some(task) = s.task { <p class="task"><b>{ tr!("Try this: ", "해 보기: ") }</b>{ task.text.get(lang) }</p> }
                        </div>
                        <div class="print-widget" id={format!("print-widget-{i}")}>
                            if let Some(img) = captured.get(&i) { { Html::from_html_unchecked(AttrValue::from(img.clone())) } }
                        </div>
                    </section>
                }) }
            </div>
        </section>
    }
}
