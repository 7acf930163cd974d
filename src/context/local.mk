# src/context: see doc/architecture.md
