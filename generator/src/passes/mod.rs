//! Passes: each takes the intermediate model and returns it changed, one concern per file.

pub mod cycles;
pub mod usage;

use crate::ir::Api;

/// Runs every pass in order.
pub fn run(api: Api) -> Api {
    usage::mark_used_by(cycles::box_recursive_fields(api))
}
