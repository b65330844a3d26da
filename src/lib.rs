//! gongkai: turns a village's public-affairs records into a transparency website.
//!
//! The stages, each a module with a type at its boundary:
//! load (files → sources) → resolve (sources → checked, derived model) → render (model →
//! pages in memory) → write (atomic swap into the output folder).

pub mod cache;
pub mod charts;
pub mod clerk;
pub mod date;
pub mod diag;
pub mod disk;
pub mod fnv;
pub mod fold;
pub mod lists;
pub mod load;
pub mod markdown;
pub mod model;
pub mod outputs;
pub mod pipeline;
pub mod print;
pub mod privacy;
pub mod qr;
pub mod raw;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod schema;
pub mod search;
pub mod serve;
pub mod stat;
pub mod stats;
pub mod theme;
pub mod view;
pub mod write;
pub mod yaml;

/// The number of decimal digits of `n`: the length of a number written out, known before it
/// is written.
pub(crate) fn decimal_len(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}
