//! Any network's parameters to flat host tensors and back, through burn's module visitor and
//! mapper, so saving and loading works for every architecture without per-layer code.
//!
//! The order is the module's field order (what `Module::visit` walks), which is fixed by the
//! struct definitions; the shapes are checked on the way back in.

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::tensor::{Device, Tensor, TensorData};

use crate::network::leaf;

/// One parameter read back to the host: its shape and its values, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct HostTensor {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

/// Every parameter of `net` read back at once (native code and the CPU backend; WebGPU in the
/// browser reads [`flat_parameters`] asynchronously).
pub fn host_parameters<M: Module>(net: &M) -> Vec<HostTensor> {
    flat_parameters(net)
        .into_iter()
        .map(|(shape, t)| HostTensor {
            shape,
            values: crate::to_host(t),
        })
        .collect()
}

/// A tensor's values on the host, awaited: the read-back WebGPU in the browser needs (a
/// blocking read cannot run there); on the CPU backend it is ready at once.
pub async fn read_async<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data_async()
        .await
        .expect("a tensor can be read back")
        .try_into_vec_as::<f32>()
        .expect("float data converts to f32")
}

/// [`flat_parameters`]' tensors read back asynchronously, in order.
pub async fn host_parameters_async(tensors: Vec<(Vec<usize>, Tensor<1>)>) -> Vec<HostTensor> {
    let mut values = Vec::with_capacity(tensors.len());
    for (shape, t) in tensors {
        values.push(HostTensor {
            shape,
            values: read_async(t).await,
        });
    }
    values
}

/// Every float parameter of `net`, flattened to one dimension, with its shape, in visit order.
/// The values are still on the device: the caller reads them back (synchronously natively,
/// asynchronously on WebGPU).
pub fn flat_parameters<M: Module>(net: &M) -> Vec<(Vec<usize>, Tensor<1>)> {
    struct Collect(Vec<(Vec<usize>, Tensor<1>)>);
    impl ModuleVisitor for Collect {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            let t = param.val();
            let shape = t.dims().to_vec();
            let n: usize = shape.iter().product();
            self.0.push((shape, t.reshape([n])));
        }
    }
    let mut c = Collect(Vec::new());
    net.visit(&mut c);
    c.0
}

/// `net` with its parameters replaced, in visit order, by `values` (fresh trainable leaves on
/// `device`). Fails, leaving nothing half-loaded, if the count or a shape differs.
pub fn load_parameters<M: Module>(
    net: M,
    values: &[HostTensor],
    device: &Device,
) -> Result<M, String> {
    let expected: Vec<Vec<usize>> = flat_parameters(&net).into_iter().map(|(s, _)| s).collect();
    let got: Vec<Vec<usize>> = values.iter().map(|t| t.shape.clone()).collect();
    if expected != got {
        return Err(format!(
            "these weights do not fit the network: it has {} tensors shaped {:?}…, the file {} shaped {:?}…",
            expected.len(),
            expected.first(),
            got.len(),
            got.first()
        ));
    }
    struct Replace<'a> {
        values: std::slice::Iter<'a, HostTensor>,
        device: &'a Device,
    }
    impl ModuleMapper for Replace<'_> {
        fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            let t = self.values.next().expect("counts were checked");
            let shape: [usize; D] = t.shape.clone().try_into().expect("ranks were checked");
            let device = self.device;
            param.map(|_| {
                leaf(Tensor::from_data(
                    TensorData::new(t.values.clone(), shape),
                    device,
                ))
            })
        }
    }
    Ok(net.map(&mut Replace {
        values: values.iter(),
        device,
    }))
}

/// `avg` moved towards `net`: every parameter becomes β·avg + (1 − β)·net, in visit order
/// (the two must be the same architecture). `avg` is consumed and each of its tensors is used
/// once, so a backend holding a buffer alone scales and adds into it in place: the weight
/// average costs two element-wise passes per parameter, not a copy of the network. `net`'s
/// values are read without autodiff, so no graph is recorded.
pub fn lerp_towards<M: Module>(avg: M, net: &M, beta: f64) -> M {
    struct Lerp {
        targets: std::vec::IntoIter<Tensor<1>>,
        beta: f64,
    }
    impl ModuleMapper for Lerp {
        fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            let target = self.targets.next().expect("the same architecture");
            let beta = self.beta;
            param.map(|a| {
                let dims = a.dims();
                a.mul_scalar(beta) + target.reshape(dims).mul_scalar(1.0 - beta)
            })
        }
    }
    let targets: Vec<Tensor<1>> = flat_parameters(net)
        .into_iter()
        .map(|(_, t)| t.inner())
        .collect();
    avg.map(&mut Lerp {
        targets: targets.into_iter(),
        beta,
    })
}

/// `net` on `device`, its parameters fresh trainable leaves there (a plain `to_device` would
/// record the transfer in the autodiff graph). Nothing is read back to the host.
pub fn moved_to<M: Module>(net: M, device: &Device) -> M {
    struct Move<'a>(&'a Device);
    impl ModuleMapper for Move<'_> {
        fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            let device = self.0;
            param.map(|t| leaf(t.to_device(device)))
        }
    }
    net.map(&mut Move(device))
}

/// `net` with every parameter a fresh trainable leaf of the same value and id: a copy whose
/// autodiff graph shares no node with the original's (see [`crate::halves`]).
pub fn fresh_leaves<M: Module>(net: M) -> M {
    struct Fresh;
    impl ModuleMapper for Fresh {
        fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            param.map(leaf)
        }
    }
    net.map(&mut Fresh)
}
