"""Domain values as the contract's JSON and back: request bodies, responses, the write history."""
