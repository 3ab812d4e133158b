"""QA's edge-case payloads: generated from the contract, kept as files, replayed anywhere."""
