"""kpi.store.sources: clean tables cut into one source per file, and the sources of a validated upload."""

import hashlib

import pandas as pd
import pytest

from kpi.errors import StoreError
from kpi.ingest.files import Source
from kpi.store import sha256, sources_from
from kpi.store.sources import file_of, split_by_file
from kpi.validate.dataset import load

from tests.store.helpers import log, wave

SAMPLE = "data/sample"


@pytest.mark.parametrize("source_file, files, expected", [
    ("a.csv", ["a.csv"], "a.csv"),
    ("book.xlsx [reviews]", ["book.xlsx"], "book.xlsx"),
    ("book.xlsx [reviews]", ["other.xlsx"], "book.xlsx [reviews]"),
    ("odd [name].csv", ["odd"], "odd [name].csv"),
    ("x [y]", ["x [y]"], "x [y]"),
])
def test_file_of_names_the_file_a_row_came_from(source_file, files, expected):
    assert file_of(source_file, files) == expected


def test_split_by_file_keeps_each_files_rows_in_order_and_every_named_file():
    answers = pd.concat([wave("a.csv"), wave("book.xlsx [reviews]"), wave("a.csv", score=1)], ignore_index=True)
    meetings = log("book.xlsx [meetings]")

    sources = split_by_file(answers, meetings, ["book.xlsx", "empty.csv"])

    assert [s.name for s in sources] == ["book.xlsx", "empty.csv", "a.csv"]
    assert [len(s.reviews) for s in sources] == [4, 0, 8]
    assert [len(s.meetings) for s in sources] == [1, 0, 0]
    pd.testing.assert_frame_equal(sources[2].reviews, pd.concat([wave("a.csv"), wave("a.csv", score=1)],
                                                                ignore_index=True))
    assert all(s.sha256 is None for s in sources)
    assert [s.meetings for s in split_by_file(answers, None, [])] == [None, None]


def test_the_sources_of_a_validated_upload_carry_their_bytes_format_and_accounting():
    paths = [f"{SAMPLE}/reviews.csv", f"{SAMPLE}/meetings.csv", f"{SAMPLE}/fr/questionnaire_wide_fr.csv"]
    files = {p.rsplit("/", 1)[1]: open(p, "rb").read() for p in paths}
    data = load([Source(name, content) for name, content in files.items()])

    sources = sources_from(data, files)

    assert [s.name for s in sources] == list(files)
    assert [s.sha256 for s in sources] == [hashlib.sha256(b).hexdigest() for b in files.values()]
    by_name = {s.name: s for s in sources}
    assert len(by_name["reviews.csv"].reviews) + len(by_name["questionnaire_wide_fr.csv"].reviews) == len(data.reviews)
    assert len(by_name["meetings.csv"].meetings) == len(data.meetings)
    assert len(by_name["reviews.csv"].meetings) == 0  # the upload holds meetings; this file none of them
    assert by_name["meetings.csv"].rows_read == len(data.meetings) + by_name["meetings.csv"].rows_rejected
    assert all(s.format == "generic" and s.profile is None for s in sources)
    with pytest.raises(StoreError, match="reviews.csv: its bytes were not given"):
        sources_from(data, {})


def test_sha256_is_the_hex_digest_of_the_bytes():
    assert sha256(b"abc") == hashlib.sha256(b"abc").hexdigest()
