# src/enrich: see doc/architecture.md
