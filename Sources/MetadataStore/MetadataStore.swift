// MetadataStore: see docs/ARCHITECTURE.md
