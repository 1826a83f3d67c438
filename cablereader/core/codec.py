"""The compression of what the store keeps (raw sources, encoded cables): zstd, read back
whichever codec wrote it.

zstd at level 3 compresses a 190 KB site page in 0.4 ms where zlib at level 1 took 1.3 ms,
and smaller (19% of the page against 22%); a 7 KB CSV row in 0.04 ms against 0.12 ms
(measured on the generated corpus, see benchmarks/README.md). Stores written before keep
their zlib blobs: a blob is told apart by its first bytes (every zstd frame starts with
the magic number below, a zlib stream never does), so nothing has to be rewritten.
"""

from __future__ import annotations

import threading
import zlib

import zstandard

LEVEL = 3
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# Compressor and decompressor objects are not safe to share between threads (the window
# reads in workers), and making one costs more than a small blob: one each per thread.
_local = threading.local()


def _compressor() -> zstandard.ZstdCompressor:
    found: zstandard.ZstdCompressor | None = getattr(_local, "compressor", None)
    if found is None:
        found = _local.compressor = zstandard.ZstdCompressor(level=LEVEL)
    return found


def _decompressor() -> zstandard.ZstdDecompressor:
    found: zstandard.ZstdDecompressor | None = getattr(_local, "decompressor", None)
    if found is None:
        found = _local.decompressor = zstandard.ZstdDecompressor()
    return found


def pack(data: bytes) -> bytes:
    """`data` compressed for the store (a zstd frame that records its own size)."""
    return _compressor().compress(data)


def unpack(blob: bytes) -> bytes:
    """The bytes a blob of the store holds, whether zstd (now) or zlib (stores before)."""
    if blob[:4] == _ZSTD_MAGIC:
        return _decompressor().decompress(blob)
    return zlib.decompress(blob)
