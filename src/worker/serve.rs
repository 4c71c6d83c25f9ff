//! The training worker's body, shared by its two builds (`main.rs`: WebGPU and the CPU;
//! `cpu.rs`: the CPU alone).
//!
//! One async task owns the run's `Session`, so every tensor operation of the model, GPU work
//! included, is issued from this worker's thread. Messages from the page are queued by the
//! `onmessage` handler and drained by that task between training ticks; each tick trains for a
//! few milliseconds, so a Pause is obeyed within one tick and the page's thread never trains.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use burn::tensor::Device;
use earthmover_engine::line::Line;
use earthmover_engine::mnist::Mnist;
use earthmover_engine::session::{Live, Session};
use earthmover_engine::toy::Toy2d;
use earthmover_protocol::{
    Backend, BackendReason, FromWorker, Refusal, Setup, ToWorker, WebGpuProblem, WeightsPurpose,
    wire,
};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Milliseconds of training per tick: short enough that commands feel instant.
const TICK_BUDGET_MS: f64 = 30.0;
/// Snapshots while playing, at most this often (≈ 20 Hz).
const SNAPSHOT_INTERVAL_MS: f64 = 50.0;
/// A snapshot's costly extras (the toy's exact EMD, ~20 ms in wasm): once a second is
/// plenty for its chart.
const EXTRAS_INTERVAL_MS: f64 = 1000.0;
/// While training on WebGPU, the page gets the weights this often, to restart from on the
/// CPU if the GPU device is lost (a lost device ends this worker).
const CHECKPOINT_INTERVAL_MS: f64 = 5000.0;

type Inbox = Rc<RefCell<VecDeque<ToWorker>>>;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts a message (see [`wire`]).
fn post(msg: &FromWorker) {
    // A failed post means the page is gone; nothing is left to tell.
    let _ = scope().post_message(&wire::encode(msg));
}

fn now() -> f64 {
    js_sys::Date::now()
}

pub fn start() {
    let inbox: Inbox = Default::default();
    let queue = inbox.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        match wire::decode::<ToWorker>(e.data()) {
            Ok(msg) => queue.borrow_mut().push_back(msg),
            Err(err) => post(&FromWorker::Rejected(Refusal::Unreadable(err))),
        }
    });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    onmessage.forget();
    wasm_bindgen_futures::spawn_local(run(inbox));
}

/// Whether this worker can offer WebGPU: its build has burn's wgpu runtime (the CPU-only build
/// has not), and the browser exposes `navigator.gpu` here.
fn webgpu_exposed() -> bool {
    if !cfg!(feature = "webgpu") {
        return false;
    }
    let nav = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or_default();
    js_sys::Reflect::get(&nav, &"gpu".into()).is_ok_and(|g| !g.is_undefined() && !g.is_null())
}

/// Initialises burn's WebGPU runtime on the browser's adapter.
async fn webgpu_device() -> Result<Device, WebGpuProblem> {
    #[cfg(feature = "webgpu")]
    {
        if !webgpu_exposed() {
            return Err(WebGpuProblem::NotExposed);
        }
        use burn::tensor::wgpu::WgpuBackend;
        Device::wgpu_options()
            .graphics_api(WgpuBackend::WebGpu)
            .init_async()
            .await
            .map_err(|e| WebGpuProblem::Failed(format!("{e:?}")))
    }
    #[cfg(not(feature = "webgpu"))]
    Err(WebGpuProblem::NoAdapter)
}

/// The devices the worker has opened: the CPU always, WebGPU once it initialised.
struct Devices {
    cpu: Device,
    gpu: Option<Device>,
    current: Backend,
}

impl Devices {
    fn current(&self) -> Device {
        match (self.current, &self.gpu) {
            (Backend::WebGpu, Some(gpu)) => gpu.clone(),
            _ => self.cpu.clone(),
        }
    }

    /// Makes `backend` current, opening WebGPU on first use.
    async fn select(&mut self, backend: Backend) -> Result<(), WebGpuProblem> {
        if backend == Backend::WebGpu && self.gpu.is_none() {
            self.gpu = Some(webgpu_device().await?);
        }
        self.current = backend;
        Ok(())
    }
}

/// The commands that arrived since the last look.
fn drain(inbox: &Inbox) -> Vec<ToWorker> {
    inbox.borrow_mut().drain(..).collect()
}

/// Switches the backend on request; the run (if any) moves with its weights.
async fn use_backend<E: Live>(
    devices: &mut Devices,
    backend: Backend,
    session: Option<&mut Session<E>>,
) {
    if backend == devices.current {
        return;
    }
    match devices.select(backend).await {
        Ok(()) => {
            if let Some(s) = session {
                s.move_to(&devices.current(), backend);
            }
            post(&FromWorker::BackendChanged {
                backend,
                reason: BackendReason::Requested,
            });
        }
        Err(problem) => post(&FromWorker::BackendChanged {
            backend: devices.current,
            reason: BackendReason::Unavailable(problem),
        }),
    }
}

/// What the page asked for before the first run: the speed and play state to start with.
#[derive(Default)]
struct Early {
    speed: Option<u32>,
    play: bool,
}

async fn run(inbox: Inbox) {
    let mut devices = Devices {
        cpu: Device::flex(),
        gpu: None,
        current: Backend::Cpu,
    };
    post(&FromWorker::Ready {
        backend: devices.current,
        webgpu_available: webgpu_exposed(),
    });
    let mut early = Early::default();
    // Until the first Reset says which experiment this worker trains, commands are
    // remembered (speed, play) or refused; then the worker serves that experiment for good.
    loop {
        let mut commands = drain(&inbox).into_iter();
        while let Some(cmd) = commands.next() {
            let setup = match cmd {
                ToWorker::Reset(setup) => setup,
                ToWorker::UseBackend(b) => {
                    use_backend::<Toy2d>(&mut devices, b, None).await;
                    continue;
                }
                ToWorker::Speed(s) => {
                    early.speed = Some(s);
                    continue;
                }
                ToWorker::Play => {
                    early.play = true;
                    continue;
                }
                ToWorker::Pause => {
                    early.play = false;
                    continue;
                }
                ToWorker::SimulateFailure => panic!("simulated device loss (test hook)"),
                _ => {
                    post(&FromWorker::Rejected(Refusal::NoRun));
                    continue;
                }
            };
            // The rest of this batch belongs to the run.
            inbox.borrow_mut().extend(commands.by_ref());
            let (device, backend) = (devices.current(), devices.current);
            let early = std::mem::take(&mut early);
            match setup {
                Setup::Toy { .. } => match Session::<Toy2d>::start(setup, &device, backend) {
                    Ok(s) => serve(s, early, &inbox, &mut devices).await,
                    Err(e) => post(&FromWorker::Rejected(e)),
                },
                Setup::Mnist { .. } => match Session::<Mnist>::start(setup, &device, backend) {
                    Ok(s) => serve(s, early, &inbox, &mut devices).await,
                    Err(e) => post(&FromWorker::Rejected(e)),
                },
                Setup::Line { .. } => match Session::<Line>::start(setup, &device, backend) {
                    Ok(s) => serve(s, early, &inbox, &mut devices).await,
                    Err(e) => post(&FromWorker::Rejected(e)),
                },
            }
        }
        TimeoutFuture::new(16).await;
    }
}

/// Trains one experiment's run for the rest of the worker's life: commands between ticks,
/// snapshots (checked for divergence) at most every [`SNAPSHOT_INTERVAL_MS`], and on WebGPU
/// a checkpoint for the page every [`CHECKPOINT_INTERVAL_MS`].
async fn serve<E: Live>(mut s: Session<E>, early: Early, inbox: &Inbox, devices: &mut Devices) {
    if let Some(speed) = early.speed {
        s.handle(ToWorker::Speed(speed));
    }
    if early.play {
        s.handle(ToWorker::Play);
    }
    let (mut last_snapshot, mut last_extras) = (0.0, f64::NEG_INFINITY);
    let mut last_checkpoint = now();
    // What the last snapshot cost: on a slow CPU backend a snapshot (surface, samples,
    // arrows, manifold) costs about as much as a training step, so snapshots are spaced to
    // take at most a quarter of the time and training keeps the rest.
    let mut snapshot_cost = 0.0f64;
    // The Reset that started the run asks for a snapshot, as every command does.
    let mut started = true;
    loop {
        let commands = drain(inbox);
        let dirty = !commands.is_empty() || std::mem::take(&mut started);
        for cmd in commands {
            match cmd {
                ToWorker::UseBackend(backend) => use_backend(devices, backend, Some(&mut s)).await,
                ToWorker::SimulateFailure => panic!("simulated device loss (test hook)"),
                ToWorker::ExportWeights(purpose) => {
                    post(&match s.prepare_weights().resolve().await {
                        (step, Ok(bytes)) => FromWorker::Weights {
                            purpose,
                            step,
                            bytes,
                        },
                        (_, Err(e)) => FromWorker::Rejected(Refusal::Save(e)),
                    })
                }
                cmd => {
                    if matches!(cmd, ToWorker::Reset(_)) {
                        last_extras = f64::NEG_INFINITY;
                    }
                    if let Some(mut reply) = s.handle(cmd) {
                        // A run from a weights file is kept only if its first snapshot is
                        // finite; otherwise the run from before comes back, refused.
                        if let FromWorker::WeightsLoaded { .. } = reply {
                            let snap = s.snapshot(false).await;
                            reply = s.confirm_load(reply, &snap);
                        }
                        post(&reply);
                    }
                }
            }
        }
        s.train(TICK_BUDGET_MS, now);
        let t = now();
        let interval = SNAPSHOT_INTERVAL_MS.max(3.0 * snapshot_cost);
        if dirty || (s.playing() && t - last_snapshot >= interval) {
            let extras = !s.playing() || t - last_extras >= EXTRAS_INTERVAL_MS;
            if extras {
                last_extras = t;
            }
            let mut snap = s.snapshot(extras).await;
            if let Some(diverged) = s.check(&snap) {
                post(&diverged);
                // Not the diverged numbers (the page could not read a NaN): the restored
                // checkpoint's.
                snap = s.snapshot(false).await;
            }
            if E::is_finite(&snap) {
                post(&FromWorker::Snapshot(E::view(snap)));
            }
            last_snapshot = now();
            snapshot_cost = last_snapshot - t;
        }
        if devices.current == Backend::WebGpu
            && s.playing()
            && now() - last_checkpoint >= CHECKPOINT_INTERVAL_MS
        {
            // A checkpoint that cannot be written is skipped; the last one stands.
            if let (step, Ok(bytes)) = s.prepare_weights().resolve().await {
                post(&FromWorker::Weights {
                    purpose: WeightsPurpose::Checkpoint,
                    step,
                    bytes,
                });
            }
            last_checkpoint = now();
        }
        // Yield to the event loop so queued commands arrive; idle less eagerly.
        TimeoutFuture::new(if s.playing() { 0 } else { 16 }).await;
    }
}
