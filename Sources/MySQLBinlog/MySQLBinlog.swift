// MySQLBinlog: see docs/ARCHITECTURE.md
