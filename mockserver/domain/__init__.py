"""The mock's domain: store, selection engine, warmup model. Plain Python, no HTTP."""
