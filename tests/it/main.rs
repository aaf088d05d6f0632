//! Black-box tests of the real binary against a real MongoDB-protocol server.

mod assets;
mod assignments;
mod campaign;
mod catalogue;
mod common;
mod concurrency;
mod defects;
mod docs;
mod errors;
mod execute;
mod live;
mod messy;
mod operators;
mod preview;
mod report;
mod resilience;
mod rollback;
mod scan;
mod secrets;
mod shards;
mod status;
mod validation;
mod verify;
