"""Checking an Office Open XML package (.docx, .xlsx: a zip of XML parts) without trusting it.

A package is refused when it
- is a zip bomb: more parts, or more declared uncompressed bytes, than any real document has, or a
  part that declares more than MAX_RATIO times its compressed size; and every part is then inflated
  (in small blocks, the output thrown away) against the same byte cap, so a header that lies about
  the sizes cannot make it inflate further: zipfile stops at the declared size and the CRC fails;
- carries a macro: a part whose content type (in [Content_Types].xml) is a VBA project or a
  macro-enabled document, or any part, whatever its name, that starts with the signature of an OLE
  compound file (D0 CF 11 E0: vbaProject.bin, ActiveX controls, embedded OLE objects);
- carries an embedded file or program: any part under an "embeddings" folder (word/embeddings/,
  xl/embeddings/: embedded workbooks, packages, OLE objects), or starting with "MZ" (a Windows
  executable);
- links a remote template or object that Word would fetch when the file is opened (an
  attachedTemplate or oleObject relationship with TargetMode="External").

Only the zip's directory, the first bytes of each part and the small XML parts named above are
held in memory; the check never needs more than a few hundred kilobytes whatever the file.
"""

import re
import zipfile

# Limits of a package: parts, declared uncompressed bytes in all, and compression ratio of a part
# larger than RATIO_FLOOR bytes (XML compresses ten- to thirty-fold; a bomb of zeros a thousand-fold).
MAX_PARTS = 2000
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
# The largest [Content_Types].xml or .rels part read whole.
MAX_XML_PART = 1024 * 1024
BLOCK = 64 * 1024
# Compressed bytes that may follow a part's last byte (the end of the final deflate block).
MAX_TRAILING = 1024

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXECUTABLE_SIGNATURE = b"MZ"
MACRO_CONTENT_TYPE = re.compile(rb"vbaproject|macroenabled|vbadata|activex", re.IGNORECASE)
EXTERNAL_LINK = re.compile(
    rb"<Relationship\b[^>]*/(?:attachedTemplate|oleObject|frame|subDocument)\"[^>]*TargetMode=\"External\""
    rb"|<Relationship\b[^>]*TargetMode=\"External\"[^>]*/(?:attachedTemplate|oleObject|frame|subDocument)\"",
    re.IGNORECASE,
)


class PackageError(ValueError):
    """Why a package is refused: "corrupt", "bomb", "macro", "embedded" or "external"."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def _read_capped(archive, info, cap):
    with archive.open(info) as part:
        data = part.read(cap + 1)
    if len(data) > cap:
        raise PackageError("bomb", f"{info.filename} is larger than {cap} bytes")
    return data


def _unread(part):
    """Compressed bytes of a part left when zipfile stopped at its declared size: a few bits of a
    final block at most, unless the header understates what the data inflate to. (zipfile's
    ZipExtFile keeps them in _compress_left and its decompressor's unconsumed_tail; without those
    attributes, 0: the declared-size caps still hold.)"""
    decompressor = getattr(part, "_decompressor", None)
    tail = getattr(decompressor, "unconsumed_tail", b"") or b""
    return (getattr(part, "_compress_left", 0) or 0) + len(tail)


def check_package(fileobj, required=()):
    """Check the package in the seekable binary file `fileobj`; return the set of its part names.
    Raises PackageError. `required`: part names that must be present (else "corrupt")."""
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if len(infos) > MAX_PARTS:
                raise PackageError("bomb", f"{len(infos)} parts")
            if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED:
                raise PackageError("bomb", "declared sizes")
            for info in infos:
                if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise PackageError("bomb", f"{info.filename} ratio")
            if any(name not in names for name in required):
                raise PackageError("corrupt", "a required part is missing")
            content_types = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
            if content_types is not None and MACRO_CONTENT_TYPE.search(
                _read_capped(archive, content_types, MAX_XML_PART)
            ):
                raise PackageError("macro", "content type")
            inflated = 0
            for info in infos:
                name = info.filename.lower()
                if "embeddings/" in name or name.endswith("vbaproject.bin"):
                    raise PackageError("embedded" if "embeddings/" in name else "macro", info.filename)
                if name.endswith(".rels"):
                    data = _read_capped(archive, info, MAX_XML_PART)
                    if EXTERNAL_LINK.search(data):
                        raise PackageError("external", info.filename)
                    inflated += len(data)
                    continue
                with archive.open(info) as part:
                    head = part.read(len(OLE_SIGNATURE))
                    if head.startswith(OLE_SIGNATURE):
                        raise PackageError("macro", info.filename)
                    if head.startswith(EXECUTABLE_SIGNATURE):
                        raise PackageError("embedded", info.filename)
                    inflated += len(head)
                    # The rest, thrown away: checks the CRC and the true size against the cap.
                    while block := part.read(BLOCK):
                        inflated += len(block)
                        if inflated > MAX_UNCOMPRESSED:
                            raise PackageError("bomb", "inflated size")
                    if _unread(part) > MAX_TRAILING:
                        raise PackageError("bomb", f"{info.filename} holds more than its declared size")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as error:
        if isinstance(error, PackageError):
            raise
        raise PackageError("corrupt", str(error)[:200]) from None
    except RuntimeError as error:  # an encrypted part
        raise PackageError("corrupt", str(error)[:200]) from None
    return names
