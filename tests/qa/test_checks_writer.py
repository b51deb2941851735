"""The writer behind "Save as checks…": whatever expectations a window collects, the file it writes
reads back as the same value (names with quotes, accents and TOML punctuation included)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aemviewer.qa.checks.model import AssetChecks, BudgetExpectation, ChecksFile, DimensionsExpectation
from aemviewer.qa.checks.parser import parse_checks
from aemviewer.qa.checks.writer import dump_checks

names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
refs = st.sampled_from(
    [
        "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a",
        "urn:avid:aem:chelsea-the-cat",
        "https://delivery-p1-e2.adobeaemcloud.com/adobe/assets/urn:avid:aem:x/as/x.jpg?width=10",
    ]
)
modifiers = st.lists(
    st.sampled_from([("width", "320"), ("quality", "70"), ("smartcrop", "Square"), ("rotate", "90")]),
    unique_by=lambda pair: pair[0],
    max_size=3,
).map(tuple)
formats = st.sampled_from(["jpg", "png", "webp", "avif"])
values = st.one_of(
    names, st.integers(-(2**40), 2**40), st.booleans(), st.floats(allow_nan=False, allow_infinity=False)
)

assets = st.builds(
    AssetChecks,
    ref=refs,
    name=st.one_of(st.just(""), names),
    modifiers=modifiers,
    format=formats,
    types=st.dictionaries(
        st.sampled_from(["modern", "older", "curl", "image/webp,*/*"]),
        st.sampled_from(["image/avif", "image/jpeg"]),
    ).map(lambda d: tuple(d.items())),
    dimensions=st.lists(
        st.builds(
            DimensionsExpectation,
            modifiers,
            st.integers(1, 5000),
            st.one_of(st.none(), st.integers(1, 5000)),
            formats,
        ),
        max_size=2,
    ).map(tuple),
    budgets=st.lists(
        st.builds(BudgetExpectation, st.integers(1, 5000), formats, st.integers(1, 10**9)), max_size=2
    ).map(tuple),
    cache_headers=st.lists(st.sampled_from(["ETag", "Cache-Control", "Vary"]), unique=True).map(tuple),
    etag_stable=st.booleans(),
    smart_crops=st.dictionaries(names, st.sampled_from(["", "1:1", "16:9", "1.91:1"]), max_size=3).map(
        lambda d: tuple(d.items())
    ),
    renditions=st.lists(names, max_size=3).map(tuple),
    metadata_present=st.lists(names, max_size=3).map(tuple),
    metadata_equal=st.dictionaries(names, values, max_size=3).map(lambda d: tuple(d.items())),
    video_plays=st.booleans(),
    restricted=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(assets, min_size=1, max_size=3), st.one_of(st.just(""), names))
def test_what_the_writer_writes_reads_back_unchanged(written: list[AssetChecks], title: str) -> None:
    checks = ChecksFile(assets=tuple(written), title=title)

    assert parse_checks(dump_checks(checks)) == checks
