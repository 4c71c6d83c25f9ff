//! One experiment tab, written once: [`Tab<E>`] is the yew component of every training
//! experiment (the Lab, MNIST, the 1D lab). It owns the [`Run`] (worker, recovery, backend,
//! play/step/reset, weights, notices) and hands the rest to the experiment `E`, which supplies
//! only its setup, what its snapshots change, its controls and its plots.
//!
//! The shape is yew's own, narrowed: an experiment is a plain struct with `create`, `update`,
//! `view` and `rendered`, and every call gets the run beside it, so the experiment's code
//! never spawns, recovers or words a worker failure itself.

use yew::html::Scope;
use yew::prelude::*;

use crate::run::{Run, RunMsg};
use earthmover_core::experiment::ExperimentConfig;
use earthmover_protocol::{Backend, Setup, View};

/// What a snapshot meant to the experiment.
pub enum After {
    /// It was another experiment's: nothing changed.
    Ignored,
    /// Taken: redraw.
    Shown,
    /// Taken, and the experiment wants its run made again (MNIST widens its default networks
    /// once it learns it runs on WebGPU).
    Reset,
}

/// What one experiment supplies to its tab.
pub trait Experiment: Sized + 'static {
    type Props: Properties + PartialEq;
    type Msg: 'static;
    /// The settings a weights file of this experiment carries.
    type Config: ExperimentConfig + 'static;

    /// Prefix of the shared controls' element ids ("" for the Lab, "mnist-", "line-").
    const PREFIX: &'static str;
    /// The word in a saved weights file's name (`earthmover-{word}-step-N.weights`).
    const FILE_WORD: Option<&'static str>;
    /// Whether the toolbar offers "Step D" and "Step G" besides one step of both.
    const STEP_PARTS: bool = false;
    /// Steps per tick to start with, where the tab shows the field.
    const SPEED: Option<u32> = None;

    /// The experiment's state from the props (a link's settings, a slide's cue). It starts
    /// the run's worker now (`run.start()`) or later (MNIST, once its digits are in).
    fn create(props: &Self::Props, run: &mut Run, scope: &Scope<Tab<Self>>) -> Self;
    /// One of the experiment's own messages; returns whether to re-render.
    fn update(&mut self, msg: Self::Msg, run: &mut Run, props: &Self::Props) -> bool;
    /// The props changed (a language, a lecture slide); returns whether to re-render.
    fn changed(&mut self, old: &Self::Props, props: &Self::Props, run: &mut Run) -> bool;
    /// The page after a render: draw the canvases, write the address.
    fn rendered(&mut self, _props: &Self::Props, _run: &Run) {}
    /// The whole tab; the run's toolbar, notices and weights buttons are `run`'s views.
    fn view(&self, props: &Self::Props, run: &Run, scope: &Scope<Tab<Self>>) -> Html;

    /// The run from the seed that a reset sends; the experiment forgets what it drew of the
    /// old run. `fresh_worker` right after a worker started.
    fn setup(&mut self, fresh_worker: bool) -> Setup;
    /// A snapshot from the worker.
    fn snapshot(&mut self, view: View, props: &Self::Props) -> After;
    /// A weights file the worker just loaded replaced the run: take its settings (read and
    /// checked by the page before the worker was asked).
    fn weights_loaded(&mut self, config: Self::Config);
    /// The backend for a new worker when neither the student nor the link chose one.
    fn default_backend(webgpu_available: bool) -> Backend {
        if webgpu_available {
            Backend::WebGpu
        } else {
            Backend::Cpu
        }
    }
}

/// A tab's messages: the shared run's, or the experiment's own.
pub enum TabMsg<M> {
    Run(RunMsg),
    Own(M),
}

/// The component of every experiment tab.
pub struct Tab<E: Experiment> {
    run: Run,
    exp: E,
}

impl<E: Experiment> Component for Tab<E> {
    type Message = TabMsg<E::Msg>;
    type Properties = E::Props;

    fn create(ctx: &Context<Self>) -> Self {
        let on_event = ctx.link().callback(|m| TabMsg::Run(RunMsg::Worker(m)));
        let mut run = Run::new(
            on_event,
            E::SPEED.unwrap_or(1),
            E::default_backend(true) == Backend::WebGpu,
        );
        let exp = E::create(ctx.props(), &mut run, ctx.link());
        Self { run, exp }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        match msg {
            TabMsg::Run(m) => self.run.update(m, &mut self.exp, ctx.props()),
            TabMsg::Own(m) => self.exp.update(m, &mut self.run, ctx.props()),
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &E::Props) -> bool {
        self.exp.changed(old, ctx.props(), &mut self.run)
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first: bool) {
        self.exp.rendered(ctx.props(), &self.run);
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        self.exp.view(ctx.props(), &self.run, ctx.link())
    }
}

/// An experiment's view of its tab's scope: callbacks that carry the experiment's own
/// messages, written as in any yew component (`link.callback(|_| Msg::Reset)`).
pub struct Own<'a, E: Experiment>(pub &'a Scope<Tab<E>>);

impl<E: Experiment> Own<'_, E> {
    pub fn callback<I: 'static>(&self, f: impl Fn(I) -> E::Msg + 'static) -> Callback<I> {
        self.0.callback(move |i| TabMsg::Own(f(i)))
    }
}
