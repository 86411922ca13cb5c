"""Shapefile text encoding.

Bureaus' shapefiles are often GBK without a `.cpg`, sometimes with a `.cpg` that says UTF-8.
GDAL then falls back to Latin-1 and the Chinese names turn into mojibake, or the read fails.
We read the raw `.dbf` text ourselves and decide from the bytes, trusting a claim (the
scenario's `layers.encoding` or the `.cpg`) only when the text agrees with it.
"""

from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from landplan.errors import LayerError, Note, Problem

GBK = "GB18030"  # superset of GBK and GB2312: reads every GBK file and then some
_GBK_FAMILY = {"gbk", "gb2312", "gb18030", "hz"}
_CPG_ALIASES = {"936": "gbk", "cp936": "gbk", "54936": "gb18030", "65001": "utf-8", "utf8": "utf-8"}
_SAMPLE = 20000  # distinct non-ASCII values looked at; plenty to tell UTF-8 from GBK


@dataclass(frozen=True)
class TextValue:
    """A character value of the .dbf: its bytes, and whether it fills its field (may be cut)."""

    raw: bytes
    full: bool


DOUBTFUL = "looks mis-decoded"  # in the note when GBK decodes the text but it looks wrong


def shapefile_encoding(
    shp: Path, given: str | None, key: str, given_by: str = "`layers.encoding`"
) -> tuple[str | None, Note | None]:
    """The encoding to read a shapefile's text with, and a note when it is not the obvious one.

    An encoding the planner gave (`layers.encoding`, or `|encoding=` on the layer) is trusted
    whenever the text decodes with it; a `.cpg` only when the text agrees with it."""
    given_codec = _codec(given, key) if given else None
    cpg = _read_cpg(shp)
    claim, claimed_by = (given, given_by) if given else (cpg, "the .cpg file")
    claim_codec = given_codec if given else (_codec_or_none(cpg) if cpg else None)
    values = non_ascii_values(_sidecar(shp, ".dbf"))
    if not values:
        return _reading_name(claim_codec) if claim_codec else None, None
    if given_codec and _fits(values, given_codec):
        return _reading_name(given_codec), None
    found = detect(values)
    if found is None and claim_codec and _fits(values, claim_codec):
        return _reading_name(claim_codec), None
    if found is None:
        raise LayerError(
            Problem(
                "the text in the attribute table (.dbf) is neither UTF-8 nor GBK"
                + (f", nor {claim} as {claimed_by} says" if claim else ""),
                file=str(shp),
                field=f"layers.{key}",
                hint="set `layers.encoding` in the scenario to the encoding the file was written in",
            )
        )
    if claim_codec and _reading_name(claim_codec) == _reading_name(found):
        return _reading_name(found), None
    label = "UTF-8" if found == "utf-8" else "GBK (GB18030)"
    odd = odd_characters(values) if found != "utf-8" else []
    if odd:
        said = f"{claimed_by} says {claim}; " if claim else "no .cpg; "
        message = (
            f"{said}the text decodes as GBK but {DOUBTFUL} (rare or private-use characters: "
            f"{', '.join(odd)}): it may be Big5, Latin-1 or another encoding — look at the "
            "names (QGIS), and if they are wrong set `layers.encoding` or `|encoding=` on "
            "the layer"
        )
    elif claim:
        short = "UTF-8" if found == "utf-8" else "GBK"
        message = f"{claimed_by} says {claim} but the text is {short}: read it as {label}"
    else:
        message = f"no .cpg: read text as {label}" if found != "utf-8" else None
    return _reading_name(found), Note(message, file=str(shp)) if message else None


def odd_characters(values: list[TextValue], limit: int = 3) -> list[str]:
    """Signs that text decoded as GBK was written in another encoding: private-use characters,
    or many characters outside the 6,763 common ones of GB2312 (Big5 or Latin-1 bytes read as
    GBK give rare characters; real names rarely do). A few examples, or [] when it looks fine."""
    odd, total = [], 0
    for v in values:
        text = v.raw.decode("gb18030", errors="ignore")
        for ch in text:
            if ord(ch) < 0x80:
                continue
            total += 1
            private = 0xE000 <= ord(ch) <= 0xF8FF or ord(ch) >= 0xF0000
            try:
                ch.encode("gb2312")
                rare = False
            except UnicodeEncodeError:
                rare = True
            if private or rare:
                odd.append((private, text.strip()))
    if not odd:
        return []
    if not any(p for p, _ in odd) and len(odd) < 0.2 * total:
        return []
    return list(dict.fromkeys(repr(t) for _, t in odd))[:limit]


def detect(values: list[TextValue]) -> str | None:
    """UTF-8 if every value decodes as UTF-8 (GBK text practically never does), else GBK."""
    if _fits(values, "utf-8"):
        return "utf-8"
    if _fits(values, "gb18030"):
        return "gb18030"
    return None


def non_ascii_values(dbf: Path) -> list[TextValue]:
    """Distinct values of the character fields that hold bytes beyond ASCII."""
    try:
        rows, fields = _dbf_rows(dbf)
    except (OSError, ValueError, struct.error):
        return []  # an unreadable .dbf is reported by the reader itself
    out: list[TextValue] = []
    for offset, width in fields:
        column = np.ascontiguousarray(rows[:, offset : offset + width]).view(f"S{width}").ravel()
        for raw in np.unique(column):
            if max(raw, default=0) >= 0x80:
                out.append(TextValue(raw.rstrip(b" "), full=len(raw) == width and raw[-1:] != b" "))
        if len(out) >= _SAMPLE:
            break
    return out[:_SAMPLE]


def _dbf_rows(dbf: Path) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The record block as a byte matrix, and (offset, width) of each character field."""
    data = np.memmap(dbf, dtype=np.uint8, mode="r")
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12].tobytes())
    fields, offset, pos = [], 1, 32  # byte 0 of a record is the deletion flag
    while pos + 32 <= header_len and data[pos] != 0x0D:
        kind, width = chr(data[pos + 11]), int(data[pos + 16])
        if kind == "C":
            fields.append((offset, width))
        offset, pos = offset + width, pos + 32
    n_records = min(n_records, (len(data) - header_len) // max(record_len, 1))
    rows = data[header_len : header_len + n_records * record_len].reshape(n_records, record_len)
    return rows, fields


def _fits(values: list[TextValue], codec: str) -> bool:
    """Every value decodes strictly (a multi-byte character cut at the field's end is allowed)."""
    for v in values:
        try:
            v.raw.decode(codec)
        except UnicodeDecodeError as exc:
            if not (
                v.full
                and exc.reason in ("unexpected end of data", "incomplete multibyte sequence")
                and exc.start >= len(v.raw) - 3
            ):
                return False
    return True


def _read_cpg(shp: Path) -> str | None:
    cpg = _sidecar(shp, ".cpg")
    if not cpg.is_file():
        return None
    return cpg.read_bytes().decode("ascii", errors="ignore").strip() or None


def _sidecar(shp: Path, suffix: str) -> Path:
    upper = shp.with_suffix(suffix.upper())
    return (
        upper
        if upper.is_file() and not shp.with_suffix(suffix).is_file()
        else shp.with_suffix(suffix)
    )


def _codec_or_none(name: str) -> str | None:
    name = _CPG_ALIASES.get(name.strip().lower(), name.strip())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _codec(name: str, key: str) -> str:
    codec = _codec_or_none(name)
    if codec is None:
        raise LayerError(
            Problem(
                f"`{name}` is not a text encoding that Python knows",
                field="layers.encoding",
                hint=f"use GBK, GB18030 or UTF-8 (needed to read layers.{key})",
            )
        )
    return codec


def _reading_name(codec: str) -> str:
    """Name handed to the reader: any GBK-family claim is read as GB18030, its superset."""
    if codec in _GBK_FAMILY:
        return GBK
    return "UTF-8" if codec == "utf-8" else codec
