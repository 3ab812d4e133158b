"""Real traffic checked as the suite checks its own: exchanges (from the proxy, a HAR file, a
drift replay) validated against the contract and the domain's rules, the cross-call ones over
the live sequence, with every finding reported."""
