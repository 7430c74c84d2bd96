"""When two `box_id` values name the same box.

The document calls the `/api_version` uid "the device unique id" and the push `box_id`
"uuid of the box that is sending the request"; it never says they are equal, and the
box's ids elsewhere are dashed UUIDs. One box may write one id in two spellings (case,
dashes); an id with other characters is another id.
"""

from __future__ import annotations


def canonical_box_id(box_id: str) -> str:
    """The spelling-free form of a box id: lower case, without dashes or braces."""
    return box_id.strip().strip("{}").replace("-", "").casefold()


def same_box(first: str, second: str) -> bool:
    """True when both ids are one box's id, however each was spelled."""
    return canonical_box_id(first) == canonical_box_id(second)
