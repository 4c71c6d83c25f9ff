//! Weights files as burn records.
//!
//! burn 0.22's record is `Module::into_record`: every parameter by its module path, in the
//! burnpack container. A weights file here is exactly that record, with Earthmover's metadata
//! (the kind of file and, as JSON, what rebuilds its networks; see
//! [`earthmover_core::share::record_meta`]) added to burnpack's metadata map. Any burn program can
//! therefore load the tensors with `ModuleRecord::load` into the same module types.
//!
//! Why the detour through host values and a CPU copy? `into_record` reads every tensor
//! synchronously, which the browser's WebGPU backend cannot do; the worker reads the values
//! back asynchronously ([`crate::params::flat_parameters`]), puts them into a CPU copy of the
//! networks, and records that. Loading mirrors it: burn applies the record to a CPU copy (which
//! checks every name and shape), the values are checked for NaN/∞, and only then do they move
//! to the training device, so a bad file changes nothing.

use burn::module::Module;
use burn::store::ModuleRecord;
use burn::tensor::{Bytes, Device};
use burn_pack::{Reader, Writer};
use serde::Serialize;

use crate::params::{HostTensor, host_parameters, load_parameters};
use earthmover_core::share::record_meta::WeightsProblem;
use earthmover_core::share::record_meta::{KIND_KEY, META_KEY};

/// A generator and its critic as one module, so their record names tensors `generator.…` and
/// `critic.…` and one file holds a whole run; with the generator's weight average, if the run
/// keeps one, as `averaged.…`. Files written before the average existed have no `averaged`
/// tensors and load with `averaged: None`.
#[derive(Module, Debug)]
pub struct Pair<G, C> {
    pub generator: G,
    pub critic: C,
    pub averaged: Option<G>,
}

/// The CPU device records are made and checked on.
pub fn record_device() -> Device {
    Device::flex()
}

/// The weights file for `values` (in `shell`'s visit order), a burn record of `shell`'s type
/// with `kind` and `meta` in its metadata. `shell` only lends its structure, on any device: its
/// tensors are replaced by `values` on [`record_device`] without being read.
pub fn encode<M: Module>(
    shell: M,
    values: &[HostTensor],
    kind: &str,
    meta: &impl Serialize,
) -> Result<Vec<u8>, String> {
    let net = load_parameters(shell, values, &record_device())?;
    let record = net
        .into_record()
        .into_bytes()
        .map_err(|e| format!("could not write the record: {e}"))?;
    let tensors = Reader::from_bytes(record)
        .and_then(Reader::into_tensors)
        .map_err(|e| format!("could not write the record: {e}"))?;
    let json = serde_json::to_string(meta).expect("settings serialise");
    let bytes = Writer::new(tensors)
        .with_metadata(KIND_KEY, kind)
        .with_metadata(META_KEY, &json)
        .into_bytes()
        .map_err(|e| format!("could not write the record: {e}"))?;
    Ok(bytes.to_vec())
}

/// The parameter values of a weights file, in `shell`'s visit order, once burn has applied the
/// record to `shell` (built on [`record_device`] from the file's own settings) and every value
/// is finite. Every failure is a [`WeightsProblem`] the page puts in words.
pub fn decode<M: Module>(shell: M, bytes: &[u8]) -> Result<Vec<HostTensor>, WeightsProblem> {
    let record = ModuleRecord::from_bytes(Bytes::from_bytes_vec(bytes.to_vec()))
        .map_err(|e| WeightsProblem::Damaged(e.to_string()))?;
    let net = shell
        .try_load_record(record)
        .map_err(|e| WeightsProblem::DoesNotFit(e.to_string()))?;
    let values = host_parameters(&net);
    if values
        .iter()
        .any(|t| t.values.iter().any(|v| !v.is_finite()))
    {
        return Err(WeightsProblem::NotFinite);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Mlp;
    use earthmover_core::config::Activation;
    use earthmover_core::rng::Rng;
    use earthmover_core::share::record_meta;

    type Nets = Pair<Mlp, Mlp>;

    fn nets(width: usize, seed: u64) -> Nets {
        let (mut rng, device) = (Rng::new(seed), record_device());
        let mut mlp = |i, o| Mlp::new(i, width, 2, o, Activation::Relu, &mut rng, &device);
        Pair {
            generator: mlp(3, 2),
            critic: mlp(2, 1),
            averaged: None,
        }
    }

    /// The file of `values`, which must be for width 8.
    fn file(values: &[HostTensor]) -> Vec<u8> {
        encode(nets(8, 0), values, "test-kind", &("meta", 7)).unwrap()
    }

    #[test]
    fn round_trips_bit_for_bit_with_its_metadata() {
        let values = host_parameters(&nets(8, 1));
        let bytes = file(&values);
        assert_eq!(decode(nets(8, 2), &bytes).unwrap(), values);
        let meta: (String, u32) = record_meta::read(&bytes, "test-kind").unwrap();
        assert_eq!(meta, ("meta".to_string(), 7));
    }

    #[test]
    fn is_a_burn_record_with_named_tensors() {
        let values = host_parameters(&nets(8, 1));
        let bytes = file(&values);
        let reader = Reader::from_bytes(Bytes::from_bytes_vec(bytes.clone())).unwrap();
        let mut names = reader.tensor_names();
        names.sort();
        assert_eq!(names.len(), 12, "{names:?}");
        assert!(names.contains(&"generator.layers.0.weight"), "{names:?}");
        assert!(names.contains(&"critic.layers.2.bias"), "{names:?}");
        // burn's own loader applies it to the module type, with no Earthmover code between.
        let record = ModuleRecord::from_bytes(Bytes::from_bytes_vec(bytes)).unwrap();
        let loaded = nets(8, 3).try_load_record(record).unwrap();
        assert_eq!(host_parameters(&loaded), values);
    }

    #[test]
    fn the_average_is_recorded_by_name_and_an_old_file_lacks_it() {
        let with = |mut n: Nets| {
            let device = record_device();
            n.averaged = Some(Mlp::new(
                3,
                8,
                2,
                2,
                Activation::Relu,
                &mut Rng::new(9),
                &device,
            ));
            n
        };
        let values = host_parameters(&with(nets(8, 1)));
        let bytes = encode(with(nets(8, 0)), &values, "test-kind", &()).unwrap();
        let reader = Reader::from_bytes(Bytes::from_bytes_vec(bytes.clone())).unwrap();
        let names = reader.tensor_names();
        assert_eq!(names.len(), 18, "{names:?}");
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("averaged.") && n.ends_with("layers.0.weight")),
            "{names:?}"
        );
        assert_eq!(decode(with(nets(8, 2)), &bytes).unwrap(), values);
        // A file without the average does not fit a shell that expects one: the trainer then
        // loads it as an old file.
        let old = file(&host_parameters(&nets(8, 1)));
        assert!(matches!(
            decode(with(nets(8, 2)), &old),
            Err(WeightsProblem::DoesNotFit(_))
        ));
    }

    #[test]
    fn damaged_and_mismatched_files_are_refused_with_a_reason() {
        let mut values = host_parameters(&nets(8, 1));
        let bytes = file(&values);
        let err = decode(nets(8, 2), &bytes[..bytes.len() - 7]).unwrap_err();
        assert!(matches!(err, WeightsProblem::Damaged(_)), "{err:?}");
        let err = decode(nets(9, 2), &bytes).unwrap_err();
        assert!(matches!(err, WeightsProblem::DoesNotFit(_)), "{err:?}");
        values[3].values[0] = f32::NAN;
        let err = decode(nets(8, 2), &file(&values)).unwrap_err();
        assert_eq!(err, WeightsProblem::NotFinite);
        values[3].values[0] = f32::INFINITY;
        assert_eq!(
            decode(nets(8, 2), &file(&values)).unwrap_err(),
            WeightsProblem::NotFinite
        );
    }

    #[test]
    fn random_and_mutated_bytes_never_panic() {
        let good = file(&host_parameters(&nets(8, 1)));
        let mut rng = Rng::new(5);
        for _ in 0..300 {
            let mut b = good.clone();
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(b.len());
                b[i] = rng.next_u64() as u8;
            }
            b.truncate(rng.below(b.len() + 1).max(b.len() / 2));
            let _ = decode(nets(8, 2), &b);
        }
    }
}
