//! Black-box tests of the real binary against a real MongoDB-protocol server.

mod approvals;
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
mod profiles;
mod report;
mod resilience;
mod review;
mod rollback;
mod scan;
mod secrets;
mod shards;
mod status;
mod validation;
mod verify;
