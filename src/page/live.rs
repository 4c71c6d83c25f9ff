//! What the explainer panels may borrow from the Lab: its latest samples and critic surface.
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

/// A shared handle; equal when it is the same handle, so passing it never re-renders a child.
#[derive(Clone, Default)]
pub struct LiveLab(Rc<RefCell<Option<LiveData>>>);

impl PartialEq for LiveLab {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl LiveLab {
    pub fn set(&self, data: LiveData) {
        *self.0.borrow_mut() = Some(data);
    }

    pub fn get(&self) -> Option<LiveData> {
        self.0.borrow().clone()
    }
}
