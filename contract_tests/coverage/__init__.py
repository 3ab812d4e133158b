"""What a run exercised against what the contract documents: statuses per operation, response
enum values, response fields always null, request parameters and fields ever sent; a report in
JSON and Markdown, and a gate on it."""
