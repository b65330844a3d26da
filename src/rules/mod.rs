//! The domain rules, as pure functions with tables of cases beside them.

pub mod progress;
pub mod quorum;
pub mod timeline;
