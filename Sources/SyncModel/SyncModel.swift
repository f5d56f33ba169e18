// SyncModel: see docs/ARCHITECTURE.md
