//! Passes: each takes the intermediate model and returns it changed, one concern per file.

pub mod cycles;
pub mod nullability;
pub mod usage;

use crate::ir::Api;

/// Runs every pass in order.
pub fn run(api: Api) -> Api {
    let api = nullability::effective_nullability(api);
    usage::mark_used_by(cycles::box_recursive_fields(api))
}
