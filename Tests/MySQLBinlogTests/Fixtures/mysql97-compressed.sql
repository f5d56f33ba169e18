-- MySQL 9.7 binlog_transaction_compression (zstd TRANSACTION_PAYLOAD events, type 40).
-- Produced by make-mysql97-fixture.sh on the chrooted MySQL 9.7 of scripts/servers.sh mysql97-start.
SET SESSION binlog_transaction_compression = ON;
SET SESSION binlog_transaction_compression_level_zstd = 3;
DROP DATABASE IF EXISTS fx_zstd;
CREATE DATABASE fx_zstd;
USE fx_zstd;
CREATE TABLE t (id INT PRIMARY KEY, body TEXT, n BIGINT UNSIGNED);
BEGIN;
INSERT INTO t VALUES (1, REPEAT('compress me ', 100), 18446744073709551615), (2, 'short', NULL);
COMMIT;
UPDATE t SET body = 'changed' WHERE id = 1;
DELETE FROM t WHERE id = 2;
