// MySQLWire: see docs/ARCHITECTURE.md
