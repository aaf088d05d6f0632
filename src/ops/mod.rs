//! The logic of each command: no flag parsing, no printing.

pub mod approval;
pub mod assignments;
pub mod auth;
pub mod check;
pub mod choices;
pub mod control;
pub mod cuts;
pub mod deployment;
pub mod execute;
pub mod find;
pub mod fingerprints;
pub mod job;
pub mod names;
pub mod oddities;
pub mod policy;
pub mod preview;
pub mod report;
pub mod rollback;
pub mod scan;
pub mod status;
pub mod transfer;
pub mod unfinished;
pub mod uniques;
pub mod verify;
