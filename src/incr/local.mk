# src/incr: see doc/architecture.md
