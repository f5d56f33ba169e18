-- Transactions, DDL and the MariaDB GTID family (GTID, GTID_LIST, BINLOG_CHECKPOINT, ANNOTATE_ROWS).
SET GLOBAL binlog_annotate_row_events = ON;
SET SESSION binlog_annotate_row_events = ON;
DROP DATABASE IF EXISTS fx_basic;
CREATE DATABASE fx_basic;
USE fx_basic;
CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, qty INT UNSIGNED);
BEGIN;
INSERT INTO t VALUES (1, 'one', 10), (2, 'two', NULL);
COMMIT;
UPDATE t SET qty = 20, name = 'uno' WHERE id = 1;
DELETE FROM t WHERE id = 2;
ALTER TABLE t ADD COLUMN note TEXT;
INSERT INTO t VALUES (3, 'three', 4294967295, 'n');
