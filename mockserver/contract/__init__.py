"""The contract: the one loader of openapi.yaml, its operations index, its schemas and lint."""
