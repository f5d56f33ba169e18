// APIAuth: see docs/ARCHITECTURE.md
