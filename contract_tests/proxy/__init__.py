"""`leadping-proxy`: a reverse proxy in front of a deployment that forwards every request and
checks what passes, request and answer, against the contract and the domain's rules."""
