#!/usr/bin/env python3
# bench/deflate.py: every stream of a PDF recompressed by zlib and libdeflate at several levels: bytes and CPU seconds.
"""usage: bench/deflate.py FILE.pdf [REPEAT]

Decodes the file with qpdf (--stream-data=uncompress), then compresses each
stream on its own, as the PDF writer does, in the zlib format FlateDecode
reads: Python's zlib (the system zlib) at levels 1, 3, 6 (libharu's
Z_DEFAULT_COMPRESSION) and 9, and libdeflate (libdeflate.so.0, Debian's
libdeflate0, through ctypes) at 1, 6, 9 and 12. Prints one line per
codec and level: streams, input bytes, output bytes, ratio and CPU seconds
(the best of REPEAT passes, default 3).
"""
import ctypes
import ctypes.util
import re
import subprocess
import sys
import tempfile
import time
import zlib


def streams(path):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as t:
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable",
                        "--stream-data=uncompress", "--decode-level=generalized",
                        path, t.name], check=True)
        data = open(t.name, "rb").read()
    out = []
    # qdf ends every stream's data with a newline of its own before endstream
    for m in re.finditer(rb">>\r?\nstream\r?\n(.*?)\r?\nendstream", data, re.S):
        out.append(m.group(1))
    return out


def libdeflate():
    name = ctypes.util.find_library("deflate") or "libdeflate.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.libdeflate_alloc_compressor.restype = ctypes.c_void_p
    lib.libdeflate_alloc_compressor.argtypes = [ctypes.c_int]
    lib.libdeflate_zlib_compress.restype = ctypes.c_size_t
    lib.libdeflate_zlib_compress.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                             ctypes.c_void_p, ctypes.c_size_t]
    lib.libdeflate_zlib_compress_bound.restype = ctypes.c_size_t
    lib.libdeflate_zlib_compress_bound.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    lib.libdeflate_free_compressor.argtypes = [ctypes.c_void_p]
    return lib


def measure(fn, ss, repeat):
    best, size = None, 0
    for _ in range(repeat):
        t0 = time.process_time()
        size = sum(fn(s) for s in ss)
        t = time.process_time() - t0
        best = t if best is None or t < best else best
    return size, best


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    repeat = int(sys.argv[2]) if len(sys.argv) == 3 else 3
    ss = streams(sys.argv[1])
    raw = sum(len(s) for s in ss)
    print("%-12s %5s %8s %12s %12s %6s %8s" % ("codec", "level", "streams", "in_bytes",
                                              "out_bytes", "ratio", "cpu_s"))
    for level in (1, 3, 6, 9):
        size, t = measure(lambda s: len(zlib.compress(s, level)), ss, repeat)
        print("%-12s %5d %8d %12d %12d %6.2f %8.3f" % ("zlib", level, len(ss), raw, size, raw / size, t))
    lib = libdeflate()
    if lib is None:
        print("libdeflate: libdeflate.so.0 not found (Debian package libdeflate0)", file=sys.stderr)
        return
    cap = max(len(s) for s in ss) * 2 + 1024
    out = ctypes.create_string_buffer(cap)
    for level in (1, 6, 9, 12):
        c = lib.libdeflate_alloc_compressor(level)
        size, t = measure(lambda s: lib.libdeflate_zlib_compress(c, s, len(s), out, cap), ss, repeat)
        lib.libdeflate_free_compressor(c)
        print("%-12s %5d %8d %12d %12d %6.2f %8.3f" % ("libdeflate", level, len(ss), raw, size, raw / size, t))


main()
