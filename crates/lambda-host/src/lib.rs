//! Lambda execution environments on the local machine: one OS process per environment,
//! each with its own Runtime API listener, pooled per function.
