"""Where a world lives: implementations of mockserver.domain.store.Store, and opening one."""
