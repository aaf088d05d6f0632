//! tether-transfer: move a Tether Relay user to another department or
//! organization, with everything they own. See README.md.

pub mod canonical;
pub mod cli;
pub mod commands;
pub mod complete;
pub mod config;
pub mod db;
pub mod didyoumean;
pub mod docid;
pub mod error;
#[cfg(feature = "dev")]
pub mod generator;
pub mod help;
pub mod hooks;
pub mod ops;
pub mod output;
pub mod plan;
pub mod profile;
pub mod registry;
pub mod review;
pub mod strict_json;
pub mod text;
