"""The kernel's logo, drawn here with the standard library (no image files in the
repository): the unit circle with eigenvalues on it, as a unitary matrix has them."""

import math
import struct
import zlib


def _pixel(x, y, size):
    """RGBA of one pixel: a blue ring (the unit circle) and seven orange points on it."""
    c = (size - 1) / 2
    r = size * 0.36
    samples = 4
    ring = dot = 0.0
    for i in range(samples):
        for j in range(samples):
            px = x + (i + 0.5) / samples - 0.5 - c
            py = y + (j + 0.5) / samples - 0.5 - c
            d = math.hypot(px, py)
            if abs(d - r) < size * 0.035:
                ring += 1
            for k in range(7):
                angle = 2 * math.pi * k / 7 + 0.3
                if math.hypot(px - r * math.cos(angle), py - r * math.sin(angle)) < size * 0.075:
                    dot += 1
                    break
    n = samples * samples
    if dot:
        return (230, 120, 20, round(255 * dot / n))
    return (30, 70, 160, round(255 * ring / n))


def png(size):
    """A `size` x `size` RGBA PNG, as bytes."""
    rows = b"".join(b"\x00" + bytes(v for x in range(size) for v in _pixel(x, y, size)) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
