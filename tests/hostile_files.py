"""Hostile files made in memory for the tests, in milliseconds: a huge image that compresses to
little, and zips written by hand, which may lie in their headers (zip bombs)."""

import io
import struct
import zlib


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width=7000, height=7000):
    """A valid single-colour RGB PNG of width x height (49 megapixels: 147 MB once decoded) in a
    few hundred kilobytes, written row block by row block without ever holding the pixels."""
    compressor = zlib.compressobj(1)
    rows = (b"\x00" + b"\x80" * (3 * width)) * 100
    idat = b"".join([compressor.compress(rows) for _ in range(height // 100)] + [compressor.flush()])
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def deflated_zeros(megabytes):
    """A raw deflate stream that inflates to `megabytes` MB of zeros (one 1 MB block compressed
    once and repeated: each ends with a full flush), with its CRC-32: a bomb made in milliseconds."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1 << 20)
    segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    return segment * megabytes + b"\x03\x00", crc


def raw_zip(entries):
    """A zip written by hand from (name, stored bytes, method, crc, declared size): it may lie."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, method, crc, size in entries:
        name = name.encode()
        offset = out.tell()
        out.write(
            struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(data), size, len(name), 0)
        )
        out.write(name + data)
        central.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                *(b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(data), size, len(name), 0, 0, 0, 0, 0, offset),
            )
            + name
        )
    directory = central.getvalue()
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), out.tell(), 0)
    return out.getvalue() + directory + end
