// APIServer: see docs/ARCHITECTURE.md
