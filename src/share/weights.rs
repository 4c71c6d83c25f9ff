//! The trained-weights file: what "Save weights" downloads and "Load weights" reads back.
//!
//! A small self-describing binary: the line `EARTHMOVER-WEIGHTS 1`, a little-endian u32 header
//! length, a JSON header (the full training configuration, the generator step and every layer's
//! shape), then each layer's weights and biases as little-endian f32 (generator first, then the
//! critic). The header carries the configuration so a loaded file rebuilds exactly the networks
//! it came from, and a file can be inspected with any JSON-aware tool. The page reads it without
//! burn; the worker turns the numbers into tensors. The same bytes carry the worker's periodic
//! checkpoints, from which the page restarts training on the CPU if the GPU is lost.

use serde::{Deserialize, Serialize};

use crate::engine::TrainConfig;

const MAGIC: &[u8] = b"EARTHMOVER-WEIGHTS 1\n";
/// No real file comes near this; a larger header is corrupt.
const MAX_HEADER: usize = 1 << 20;

/// One affine layer: `weight` is [inputs, outputs] row-major, `bias` is [outputs].
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub inputs: usize,
    pub outputs: usize,
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

/// Both networks of a run and the configuration they were trained with.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    pub config: TrainConfig,
    /// Generator steps taken when the weights were saved.
    pub step: u64,
    pub generator: Vec<Layer>,
    pub critic: Vec<Layer>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    config: TrainConfig,
    step: u64,
    generator: Vec<[usize; 2]>,
    critic: Vec<[usize; 2]>,
}

/// The layer shapes a configuration implies: `inputs → width ×depth → outputs`.
pub fn shapes(inputs: usize, width: usize, depth: usize, outputs: usize) -> Vec<[usize; 2]> {
    let mut v = Vec::with_capacity(depth + 1);
    let mut fan_in = inputs;
    for _ in 0..depth {
        v.push([fan_in, width]);
        fan_in = width;
    }
    v.push([fan_in, outputs]);
    v
}

impl Weights {
    /// The expected (generator, critic) shapes for this file's configuration.
    fn expected_shapes(&self) -> (Vec<[usize; 2]>, Vec<[usize; 2]>) {
        let c = &self.config;
        (
            shapes(c.noise_dim, c.width, c.depth, 2),
            shapes(2, c.width, c.depth, 1),
        )
    }

    /// Checks the configuration, the shapes against it and that every number is finite.
    pub fn validate(&self) -> Result<(), String> {
        self.config.validate().map_err(|e| e.message)?;
        let (g, d) = self.expected_shapes();
        let dims = |net: &[Layer]| {
            net.iter()
                .map(|l| [l.inputs, l.outputs])
                .collect::<Vec<_>>()
        };
        if dims(&self.generator) != g || dims(&self.critic) != d {
            return Err(format!(
                "the layer shapes do not match the file's configuration (width {}, depth {}, noise dim {})",
                self.config.width, self.config.depth, self.config.noise_dim
            ));
        }
        for l in self.generator.iter().chain(&self.critic) {
            if l.weight.len() != l.inputs * l.outputs || l.bias.len() != l.outputs {
                return Err("a layer has the wrong number of values".into());
            }
            if l.weight.iter().chain(&l.bias).any(|v| !v.is_finite()) {
                return Err("the file contains NaN or infinite weights".into());
            }
        }
        Ok(())
    }
}

/// The file's bytes.
pub fn encode(w: &Weights) -> Vec<u8> {
    let header = Header {
        config: w.config.clone(),
        step: w.step,
        generator: w.generator.iter().map(|l| [l.inputs, l.outputs]).collect(),
        critic: w.critic.iter().map(|l| [l.inputs, l.outputs]).collect(),
    };
    let json = serde_json::to_vec(&header).expect("the header serialises");
    let values: usize = w
        .generator
        .iter()
        .chain(&w.critic)
        .map(|l| l.weight.len() + l.bias.len())
        .sum();
    let mut out = Vec::with_capacity(MAGIC.len() + 4 + json.len() + 4 * values);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    for l in w.generator.iter().chain(&w.critic) {
        for v in l.weight.iter().chain(&l.bias) {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out
}

/// Reads and validates a weights file. Every failure is a sentence for the student.
pub fn decode(bytes: &[u8]) -> Result<Weights, String> {
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or("this is not an Earthmover weights file")?;
    let (len, rest) = rest
        .split_first_chunk::<4>()
        .ok_or("the weights file is truncated")?;
    let len = u32::from_le_bytes(*len) as usize;
    if len > MAX_HEADER || len > rest.len() {
        return Err("the weights file is truncated or corrupt".into());
    }
    let (json, mut data) = rest.split_at(len);
    let header: Header = serde_json::from_slice(json)
        .map_err(|e| format!("the weights file's header is unreadable: {e}"))?;
    let mut take = |shape: &[usize; 2]| -> Result<Layer, String> {
        let n = shape[0]
            .checked_mul(shape[1])
            .and_then(|w| w.checked_add(shape[1]))
            .filter(|n| n.checked_mul(4).is_some_and(|b| b <= data.len()))
            .ok_or("the weights file is truncated")?;
        let (chunk, tail) = data.split_at(4 * n);
        data = tail;
        let mut values: Vec<f32> = chunk
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let bias = values.split_off(shape[0] * shape[1]);
        Ok(Layer {
            inputs: shape[0],
            outputs: shape[1],
            weight: values,
            bias,
        })
    };
    let generator = header
        .generator
        .iter()
        .map(&mut take)
        .collect::<Result<Vec<_>, _>>()?;
    let critic = header
        .critic
        .iter()
        .map(&mut take)
        .collect::<Result<Vec<_>, _>>()?;
    if !data.is_empty() {
        return Err("the weights file has trailing data".into());
    }
    let w = Weights {
        config: header.config,
        step: header.step,
        generator,
        critic,
    };
    w.validate()?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    fn random_weights(config: TrainConfig, seed: u64) -> Weights {
        let mut rng = Rng::new(seed);
        let mut net = |s: Vec<[usize; 2]>| {
            s.iter()
                .map(|&[i, o]| Layer {
                    inputs: i,
                    outputs: o,
                    weight: (0..i * o).map(|_| rng.normal() as f32).collect(),
                    bias: (0..o).map(|_| rng.normal() as f32).collect(),
                })
                .collect()
        };
        let g = net(shapes(config.noise_dim, config.width, config.depth, 2));
        let d = net(shapes(2, config.width, config.depth, 1));
        Weights {
            config,
            step: 1234,
            generator: g,
            critic: d,
        }
    }

    #[test]
    fn weights_round_trip_bit_for_bit() {
        let w = random_weights(TrainConfig::new().with_width(16).with_depth(2), 1);
        let bytes = encode(&w);
        assert_eq!(decode(&bytes).unwrap(), w);
    }

    #[test]
    fn damaged_files_are_refused_with_a_message() {
        let w = random_weights(TrainConfig::new().with_width(8).with_depth(1), 2);
        let bytes = encode(&w);
        assert!(
            decode(&bytes[..bytes.len() - 1])
                .unwrap_err()
                .contains("truncated")
        );
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).unwrap_err().contains("trailing"));
        assert!(
            decode(b"PK\x03\x04 a zip")
                .unwrap_err()
                .contains("not an Earthmover")
        );
        let mut nan = w.clone();
        nan.critic[0].weight[3] = f32::NAN;
        assert!(decode(&encode(&nan)).unwrap_err().contains("NaN"));
        let mut wrong = w.clone();
        wrong.config.width = 9;
        assert!(decode(&encode(&wrong)).unwrap_err().contains("shapes"));
    }

    #[test]
    fn random_and_mutated_bytes_never_panic() {
        let good = encode(&random_weights(
            TrainConfig::new().with_width(4).with_depth(1),
            3,
        ));
        let mut rng = Rng::new(4);
        for _ in 0..2000 {
            let mut b = good.clone();
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(b.len());
                b[i] = rng.next_u64() as u8;
            }
            b.truncate(rng.below(b.len() + 1).max(b.len() / 2));
            let _ = decode(&b);
            let noise: Vec<u8> = (0..rng.below(64)).map(|_| rng.next_u64() as u8).collect();
            let _ = decode(&noise);
        }
    }
}
