"""The README's compatibility table is the one `freeboxos.capabilities` gives: it cannot
drift when a capability or its first version changes."""

from __future__ import annotations

from pathlib import Path

from bot.doctor.compatibility import FEATURES, VERSIONS, markdown_table
from freeboxos.capabilities import SINCE, Capability, parse_version, since_text

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- compatibility table: made by bot/doctor/compatibility.py, checked by tests -->"
END = "<!-- end of compatibility table -->"


def _readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def test_the_readme_holds_the_table_capabilities_make() -> None:
    assert _readme_table() == markdown_table(), (
        "README.md's compatibility table is stale: paste bot.doctor.compatibility.markdown_table()"
    )


def test_each_capability_row_says_its_first_version_and_the_versions_having_it() -> None:
    assert set(FEATURES) == set(Capability)
    rows = _readme_table().splitlines()[2:]
    for capability in Capability:
        feature, permission = FEATURES[capability]
        [row] = [r for r in rows if r.startswith(f"| {feature} |")]
        assert f"| {since_text(capability)} | {permission} |" in row
        having = [v for v in VERSIONS if parse_version(v) >= SINCE[capability]]
        assert row.count("✅") == len(having), row
