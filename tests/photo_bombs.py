"""Pictures that are small files but huge once decoded, made without decoding them: a PNG
header and rows of zeros streamed through zlib, so building one costs almost no memory."""

import struct
import zlib


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def png_bomb(width: int, height: int, rgba: bool = False) -> bytes:
    """A valid PNG of ``width`` x ``height`` black pixels (a 7000 x 7000 one is ~150 KB)."""
    channels, colour_type = (4, 6) if rgba else (3, 2)
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (1 + width * channels)  # filter byte, then the pixels
    pixels = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels)
            + _chunk(b"IEND", b""))
