from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.formats.decoding import read_text_file


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Iran’s Qasem Soleimani".encode())
    assert read_text_file(path) == "Iran’s Qasem Soleimani"


def test_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_text("Tikrit", encoding="utf-16")
    with pytest.raises(InputError, match=r"wide\.txt: is UTF-16.*re-save it as UTF-8"):
        read_text_file(path)


def test_legacy_encoding_names_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("line one\nline two\nQassem Suleimani’s men\n".encode("cp1252"))
    with pytest.raises(InputError) as caught:
        read_text_file(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: is not UTF-8 text (byte 0x92)")


@pytest.mark.parametrize(
    "payload",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        bytes(range(256)) * 4,
        b"\x7fELF\x02\x01\x01" + b"\x01\x02\x03\x04\x05\x06" * 50,
    ],
)
def test_binary_files_are_never_text(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(payload)
    with pytest.raises(
        InputError, match=r"image\.txt: (is a binary|is not UTF-8|looks like a binary)"
    ):
        read_text_file(path)


def test_empty_and_blank_files_are_refused(tmp_path: Path) -> None:
    for content in (b"", b"  \n\n"):
        path = tmp_path / "empty.txt"
        path.write_bytes(content)
        with pytest.raises(InputError, match=r"empty\.txt: is empty"):
            read_text_file(path)
