//! Passes: each takes the intermediate model and returns it changed, one concern per file.

pub mod cycles;

use crate::ir::Api;

/// Runs every pass in order.
pub fn run(api: Api) -> Api {
    cycles::box_recursive_fields(api)
}
