# src/export: see doc/architecture.md
