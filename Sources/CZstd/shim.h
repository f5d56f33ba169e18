// The system libzstd (Debian: libzstd-dev), used by MySQLBinlog for TRANSACTION_PAYLOAD events.
#ifndef TIDE_CZSTD_SHIM_H
#define TIDE_CZSTD_SHIM_H
#include <zstd.h>
#endif
