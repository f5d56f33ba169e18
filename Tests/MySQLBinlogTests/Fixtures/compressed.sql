-- MariaDB binlog compression (log_bin_compress): QUERY_COMPRESSED and *_ROWS_COMPRESSED events.
SET GLOBAL log_bin_compress = ON;
SET GLOBAL log_bin_compress_min_len = 10;
DROP DATABASE IF EXISTS fx_compressed;
CREATE DATABASE fx_compressed;
USE fx_compressed;
CREATE TABLE t (id INT PRIMARY KEY, body TEXT);
INSERT INTO t VALUES (1, REPEAT('compress me ', 50)), (2, 'short');
UPDATE t SET body = 'changed' WHERE id = 1;
DELETE FROM t WHERE id = 2;
SET GLOBAL log_bin_compress = OFF;
