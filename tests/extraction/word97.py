"""Write a minimal Word 97 .doc file, so the .doc tests need no fixture and no office suite.

A .doc is an OLE2 compound file holding a WordDocument stream (the FIB, then
the text) and a table stream whose piece table (Clx) says where the text is.
This writes the smallest such file that converters accept: one piece of UTF-16
text, paragraphs ended by CR, both streams padded to the 4096-byte cut-off so
they live in ordinary 512-byte sectors (no mini stream).
"""

from __future__ import annotations

import struct

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512
STREAM = 4096  # at the mini-stream cutoff, so both streams live in ordinary sectors


def word97(paragraphs: list[str]) -> bytes:
    """The bytes of a .doc file holding ``paragraphs``."""
    text = "\r".join(paragraphs) + "\r"
    encoded = text.encode("utf-16-le")
    text_fc = 0x800
    word = bytearray(STREAM)
    fib = bytearray(0x800)
    struct.pack_into("<HHHH", fib, 0, 0xA5EC, 0x00C1, 0, 0x0804)
    struct.pack_into("<H", fib, 0x0A, 0x0200)  # fWhichTblStm: the table stream is 1Table
    struct.pack_into("<H", fib, 0x0C, 0x00BF)  # nFibBack
    struct.pack_into("<H", fib, 0x20, 14)  # csw
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw
    struct.pack_into("<I", fib, 0x40, len(word))  # cbMac
    struct.pack_into("<I", fib, 0x4C, len(text))  # ccpText
    struct.pack_into("<H", fib, 0x98, 93)  # cbRgFcLcb
    clx = (
        b"\x02"
        + struct.pack("<I", 12 + 8)
        + struct.pack("<II", 0, len(text))
        + struct.pack("<HIH", 0, text_fc, 0)
    )
    struct.pack_into("<II", fib, 0x1A2, 0, len(clx))  # fcClx, lcbClx
    word[: len(fib)] = fib
    word[text_fc : text_fc + len(encoded)] = encoded
    table = bytearray(STREAM)
    table[: len(clx)] = clx
    return cfb({"WordDocument": bytes(word), "1Table": bytes(table)})


def cfb(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file (version 3) with one FAT sector, one directory sector and ``streams``."""
    names = list(streams)  # stream sectors follow the FAT and directory sectors
    data_sectors = [len(s) // SECTOR for s in streams.values()]
    fat = [FATSECT, ENDOFCHAIN]
    starts, next_sector = [], 2
    for count in data_sectors:
        starts.append(next_sector)
        fat += [next_sector + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        next_sector += count
    fat += [FREESECT] * (SECTOR // 4 - len(fat))
    header = bytearray(SECTOR)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN)
    struct.pack_into("<I", header, 0x48, ENDOFCHAIN)
    struct.pack_into("<I", header, 0x4C, 0)  # DIFAT[0]: the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 0x4C + 4 * i, FREESECT)

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        e[: len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, left, right, child)
        struct.pack_into("<II", e, 116, start, 0)
        struct.pack_into("<I", e, 120, size)
        return bytes(e)

    # Root -> WordDocument (2), whose left sibling is 1Table (1): names order by length first.
    directory = entry("Root Entry", 5, NOSTREAM, NOSTREAM, 2, ENDOFCHAIN, 0)
    directory += entry("1Table", 2, NOSTREAM, NOSTREAM, NOSTREAM, starts[names.index("1Table")], STREAM)
    directory += entry("WordDocument", 2, 1, NOSTREAM, NOSTREAM, starts[names.index("WordDocument")], STREAM)
    directory += bytes(128)
    body = struct.pack(f"<{SECTOR // 4}I", *fat) + directory + b"".join(streams[n] for n in names)
    return bytes(header) + body
