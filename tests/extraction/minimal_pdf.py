"""Write a PDF from its objects, so tests can build the exact (broken, empty, encrypted) files they need."""

from __future__ import annotations


def pdf_bytes(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF 1.4 file of ``objects`` (object 1 is the catalogue); ``trailer`` adds entries to the trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)
