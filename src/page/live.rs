//! What the explainer panels may borrow from the training tabs: the Lab's latest samples and
//! critic surface, and the 1D lab's critic.
//!
//! The Lab writes here on every snapshot without re-rendering anything; a panel reads it only
//! when the student asks ("take from the Lab"), so the panels cost nothing while training runs.

use std::cell::RefCell;
use std::rc::Rc;

use earthmover_core::config::LossKind;
use earthmover_protocol::Surface;

/// The Lab's latest state, as the panels need it.
#[derive(Clone, Debug)]
pub struct LiveData {
    pub step: u64,
    pub loss: LossKind,
    /// Real and generated samples, flat [x, y, …].
    pub real: Vec<f32>,
    pub fake: Vec<f32>,
    pub surface: Surface,
}

/// The 1D lab's latest critic, as the Lipschitz panel needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveCurve {
    pub step: u64,
    /// D(x) at evenly spaced points of [lo, hi].
    pub values: Vec<f32>,
    pub lo: f32,
    pub hi: f32,
    /// A Wasserstein critic's value (else a discriminator's probability).
    pub wasserstein: bool,
}

/// A shared handle; equal when it is the same handle, so passing it never re-renders a child.
#[derive(Clone, Default)]
pub struct LiveLab {
    lab: Rc<RefCell<Option<LiveData>>>,
    line: Rc<RefCell<Option<LiveCurve>>>,
}

impl PartialEq for LiveLab {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab)
    }
}

impl LiveLab {
    pub fn set(&self, data: LiveData) {
        *self.lab.borrow_mut() = Some(data);
    }

    pub fn get(&self) -> Option<LiveData> {
        self.lab.borrow().clone()
    }

    pub fn set_line(&self, curve: LiveCurve) {
        *self.line.borrow_mut() = Some(curve);
    }

    pub fn get_line(&self) -> Option<LiveCurve> {
        self.line.borrow().clone()
    }
}
