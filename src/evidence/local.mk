# src/evidence: see doc/architecture.md
