"""vCard 3.0 (RFC 2426) for a contact card: escaped, folded, CRLF-terminated, UTF-8.

Only public contact points go in (the card's ``public_points``).
"""

from ..core.validators import phone_digits

_TEL_TYPES = {"office_phone": "WORK,VOICE", "mobile": "CELL,VOICE", "fax": "WORK,FAX", "zalo": "CELL"}


def escape(value):
    """Escape a text value: backslash, comma, semicolon and line breaks (RFC 2426 section 4)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 2425 section 5.8.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def split_name(full_name):
    """Vietnamese names put the family name first: "Nguyễn Văn An" -> ("Nguyễn", "Văn An")."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name.strip(), ""
    return parts[0], " ".join(parts[1:])


def card_to_vcard(card):
    family, given = split_name(card.name)
    org = [card.unit.parent.name, card.unit.name] if card.unit.parent_id else [card.unit.name]
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape(family)};{escape(given)};;;",
        f"FN:{escape(card.name)}",
        "ORG:" + ";".join(escape(part) for part in org),
        f"TITLE:{escape(card.position)}",
    ]
    for point in card.public_points:
        if point.kind in _TEL_TYPES:
            lines.append(f"TEL;TYPE={_TEL_TYPES[point.kind]}:{escape(phone_digits(point.value))}")
        elif point.kind == "email":
            lines.append(f"EMAIL;TYPE=INTERNET:{escape(point.value)}")
        elif point.kind == "website":
            lines.append(f"URL:{escape(point.value)}")
    if card.unit.address:
        lines.append(f"ADR;TYPE=WORK:;;{escape(card.unit.address)};;;;")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)
