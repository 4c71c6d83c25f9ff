//! The training worker (a Web Worker, built by trunk as a no-modules script).
//!
//! One async task owns the [`Session`], so every tensor operation of the model, GPU work
//! included, is issued from this worker's thread. Messages from the page are queued by the
//! `onmessage` handler and drained by that task between training ticks; each tick trains for a
//! few milliseconds, so a Pause is obeyed within one tick and the page's thread never trains.

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the training worker runs in the browser; natively use earthmover-cli");
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::rc::Rc;

    use burn::tensor::Device;
    use earthmover_engine::mnist_session::MnistSession;
    use earthmover_engine::session::Session;
    use earthmover_protocol::{Backend, FromWorker, ToWorker, WeightsPurpose, wire};
    use gloo_timers::future::TimeoutFuture;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// Milliseconds of training per tick: short enough that commands feel instant.
    const TICK_BUDGET_MS: f64 = 30.0;
    /// Snapshots while playing, at most this often (≈ 20 Hz).
    const SNAPSHOT_INTERVAL_MS: f64 = 50.0;
    /// The exact EMD costs ~20 ms in wasm: once a second is plenty for its chart.
    const EMD_INTERVAL_MS: f64 = 1000.0;
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
                Err(err) => post(&FromWorker::Rejected(err)),
            }
        });
        scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        onmessage.forget();
        wasm_bindgen_futures::spawn_local(run(inbox));
    }

    /// Whether the browser exposes WebGPU in this worker (`navigator.gpu`).
    fn webgpu_exposed() -> bool {
        let nav = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or_default();
        js_sys::Reflect::get(&nav, &"gpu".into()).is_ok_and(|g| !g.is_undefined() && !g.is_null())
    }

    /// Initialises burn's WebGPU runtime on the browser's adapter.
    async fn webgpu_device() -> Result<Device, String> {
        if !webgpu_exposed() {
            return Err("this browser offers no WebGPU".into());
        }
        #[cfg(feature = "webgpu")]
        {
            use burn::tensor::wgpu::WgpuBackend;
            Device::wgpu_options()
                .graphics_api(WgpuBackend::WebGpu)
                .init_async()
                .await
                .map_err(|e| format!("WebGPU could not start: {e:?}"))
        }
        #[cfg(not(feature = "webgpu"))]
        Err("this build has no WebGPU backend".into())
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
        async fn select(&mut self, backend: Backend) -> Result<(), String> {
            if backend == Backend::WebGpu && self.gpu.is_none() {
                self.gpu = Some(webgpu_device().await?);
            }
            self.current = backend;
            Ok(())
        }
    }

    /// What this worker trains: toy points or MNIST digits (a worker does one kind; the page
    /// starts one worker per tab).
    enum Run {
        // Boxed: a session holds its run twice (live and checkpoint), thousands of bytes.
        Toy(Box<Session>),
        Mnist(Box<MnistSession>),
    }

    impl Run {
        fn playing(&self) -> bool {
            match self {
                Run::Toy(s) => s.playing(),
                Run::Mnist(s) => s.playing(),
            }
        }

        fn train(&mut self, budget_ms: f64) {
            match self {
                Run::Toy(s) => s.train(budget_ms, now),
                Run::Mnist(s) => s.train(budget_ms, now),
            };
        }

        fn move_to(&mut self, device: &Device, backend: Backend) {
            match self {
                Run::Toy(s) => s.move_to(device, backend),
                Run::Mnist(s) => s.move_to(device, backend),
            }
        }

        fn handle(&mut self, cmd: ToWorker) -> Option<FromWorker> {
            match self {
                Run::Toy(s) => s.handle(cmd),
                Run::Mnist(s) => s.handle(cmd),
            }
        }

        /// The weights file's bytes and their step, read back asynchronously.
        async fn weights(&self) -> (u64, Result<Vec<u8>, String>) {
            match self {
                Run::Toy(s) => s.prepare_weights().resolve().await,
                Run::Mnist(s) => s.prepare_weights().resolve().await,
            }
        }
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
        let mut session: Option<Run> = None;
        let (mut speed, mut play) = (None, false);
        let (mut last_snapshot, mut last_emd, mut emd) = (0.0, f64::NEG_INFINITY, None);
        let mut last_checkpoint = now();
        // What the last snapshot cost: on a slow CPU backend a snapshot (surface, samples,
        // arrows, manifold) costs about as much as a training step, so snapshots are spaced to
        // take at most a quarter of the time and training keeps the rest.
        let mut snapshot_cost = 0.0f64;
        loop {
            let commands: Vec<ToWorker> = inbox.borrow_mut().drain(..).collect();
            let dirty = !commands.is_empty();
            for cmd in commands {
                if let ToWorker::UseBackend(backend) = cmd {
                    if backend == devices.current {
                        continue;
                    }
                    match devices.select(backend).await {
                        Ok(()) => {
                            if let Some(s) = session.as_mut() {
                                s.move_to(&devices.current(), backend);
                            }
                            post(&FromWorker::BackendChanged {
                                backend,
                                reason: "switched on request; the weights carried over".into(),
                            });
                        }
                        Err(reason) => post(&FromWorker::BackendChanged {
                            backend: devices.current,
                            reason,
                        }),
                    }
                    continue;
                }
                if let ToWorker::SimulateFailure = cmd {
                    panic!("simulated device loss (test hook)");
                }
                if let (Some(s), ToWorker::ExportWeights(purpose)) = (&session, &cmd) {
                    post(&match s.weights().await {
                        (step, Ok(bytes)) => FromWorker::Weights {
                            purpose: *purpose,
                            step,
                            bytes,
                        },
                        (_, Err(e)) => {
                            FromWorker::Rejected(format!("could not save the weights: {e}"))
                        }
                    });
                    continue;
                }
                match (&mut session, cmd) {
                    (None, cmd @ (ToWorker::Reset { .. } | ToWorker::MnistReset { .. })) => {
                        let (device, backend) = (devices.current(), devices.current);
                        let started = match cmd {
                            ToWorker::Reset { config, data } => {
                                Session::new(config, data, &device, backend)
                                    .map(|s| Run::Toy(Box::new(s)))
                                    .map_err(|e| e.to_string())
                            }
                            ToWorker::MnistReset { config, asset } => {
                                MnistSession::new(config, &asset, &device, backend)
                                    .map(|s| Run::Mnist(Box::new(s)))
                            }
                            _ => unreachable!("matched above"),
                        };
                        match started {
                            Ok(mut s) => {
                                if let Some(speed) = speed.take() {
                                    s.handle(ToWorker::Speed(speed));
                                }
                                if std::mem::take(&mut play) {
                                    s.handle(ToWorker::Play);
                                }
                                session = Some(s);
                            }
                            Err(e) => post(&FromWorker::Rejected(e)),
                        }
                    }
                    // Remembered until the run exists.
                    (None, ToWorker::Speed(s)) => speed = Some(s),
                    (None, ToWorker::Play) => play = true,
                    (None, ToWorker::Pause) => play = false,
                    (None, _) => post(&FromWorker::Rejected("no run yet: send Reset first".into())),
                    (Some(s), cmd) => {
                        if matches!(cmd, ToWorker::Reset { .. }) {
                            last_emd = f64::NEG_INFINITY;
                        }
                        if let Some(mut reply) = s.handle(cmd) {
                            // A toy run from a weights file is kept only if its first snapshot
                            // is finite; otherwise the run from before comes back, refused.
                            if let (Run::Toy(s), FromWorker::WeightsLoaded { .. }) =
                                (&mut *s, &reply)
                            {
                                let snap = s.prepare_snapshot(false).resolve().await;
                                reply = s.confirm_load(reply, &snap);
                            }
                            post(&reply);
                        }
                    }
                }
            }
            let Some(s) = session.as_mut() else {
                TimeoutFuture::new(16).await;
                continue;
            };
            s.train(TICK_BUDGET_MS);
            let t = now();
            let interval = SNAPSHOT_INTERVAL_MS.max(3.0 * snapshot_cost);
            if dirty || (s.playing() && t - last_snapshot >= interval) {
                match s {
                    Run::Toy(s) => {
                        let with_emd = !s.playing() || t - last_emd >= EMD_INTERVAL_MS;
                        let mut snap = s.prepare_snapshot(with_emd).resolve().await;
                        if with_emd {
                            emd = snap.emd;
                            last_emd = t;
                        } else {
                            snap.emd = emd;
                        }
                        if let Some(diverged) = s.check(&snap) {
                            post(&diverged);
                            // Not the diverged numbers (the page could not read a NaN): the
                            // restored checkpoint's.
                            snap = s.prepare_snapshot(false).resolve().await;
                            snap.emd = None;
                        }
                        if snap.is_finite() {
                            post(&FromWorker::Snapshot(Box::new(snap)));
                        }
                    }
                    Run::Mnist(s) => {
                        let mut snap = s.prepare_snapshot().resolve().await;
                        if let Some(diverged) = s.check(&snap) {
                            post(&diverged);
                            // As for the toy run: the restored checkpoint's numbers, never the
                            // diverged ones (JSON has no NaN).
                            snap = s.prepare_snapshot().resolve().await;
                        }
                        if snap.is_finite() {
                            post(&FromWorker::MnistSnapshot(Box::new(snap)));
                        }
                    }
                }
                last_snapshot = now();
                snapshot_cost = last_snapshot - t;
            }
            if devices.current == Backend::WebGpu
                && s.playing()
                && now() - last_checkpoint >= CHECKPOINT_INTERVAL_MS
            {
                // A checkpoint that cannot be written is skipped; the last one stands.
                if let (step, Ok(bytes)) = s.weights().await {
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
}
