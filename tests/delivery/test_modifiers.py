"""ImageModifiers and Crop: every rule, every boundary, and the query round trip."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aemviewer import api_spec
from aemviewer.delivery.crop import Crop
from aemviewer.delivery.errors import InvalidModifier
from aemviewer.delivery.modifiers import ImageModifiers
from tests.support.modifiers import names, percent_crops, pixel_crops

LOW, HIGH = api_spec.DIMENSION_RANGE


# --- construction: one rule at a time ------------------------------------------------------------


@pytest.mark.parametrize("name", ["width", "height"])
@pytest.mark.parametrize("value", [LOW, HIGH, 300])
def test_dimensions_accept_their_range(name: str, value: int) -> None:
    assert getattr(ImageModifiers(**{name: value}), name) == value


@pytest.mark.parametrize("name", ["width", "height"])
@pytest.mark.parametrize("value", [LOW - 1, HIGH + 1, -5, 1.5, "300", True])
def test_dimensions_refuse_everything_else(name: str, value: object) -> None:
    with pytest.raises(InvalidModifier) as caught:
        ImageModifiers(**{name: value})
    assert caught.value.name == name
    assert caught.value.expected == f"an integer from {LOW} to {HIGH}"
    assert str(caught.value) == f"{name}={value!r} is not valid: expected an integer from {LOW} to {HIGH}."
    assert caught.value.hint == f"Change {name} to an integer from {LOW} to {HIGH}, or remove it."


@pytest.mark.parametrize(("field", "query"), [("quality", "quality"), ("max_quality", "max-quality")])
def test_quality_boundaries(field: str, query: str) -> None:
    assert getattr(ImageModifiers(**{field: 1}), field) == 1
    assert getattr(ImageModifiers(**{field: 100}), field) == 100
    for bad in (0, 101, 50.0, False):
        with pytest.raises(InvalidModifier, match=f"^{query}=.* expected an integer from 1 to 100"):
            ImageModifiers(**{field: bad})


def test_size_is_two_dimensions() -> None:
    assert ImageModifiers(size=(LOW, HIGH)).size == (LOW, HIGH)
    for bad in ((0, 10), (10, HIGH + 1), (10,), (10, 20, 30), [10, 20], (10.0, 20)):
        with pytest.raises(InvalidModifier, match=r"^size="):
            ImageModifiers(size=bad)


def test_rotate_is_one_of_three_angles() -> None:
    for angle in api_spec.ROTATIONS:
        assert ImageModifiers(rotate=angle).rotate == angle
    for bad in (0, 45, 360, -90, True, "90"):
        with pytest.raises(InvalidModifier, match="expected one of 90, 180, 270"):
            ImageModifiers(rotate=bad)


def test_flip_is_h_v_or_hv() -> None:
    for flip in api_spec.FLIPS:
        assert ImageModifiers(flip=flip).flip == flip
    for bad in ("x", "H", "vh", ""):
        with pytest.raises(InvalidModifier, match="expected one of h, v, hv"):
            ImageModifiers(flip=bad)


@pytest.mark.parametrize(
    ("field", "query"),
    [("preferwebp", "preferwebp"), ("auto_format", "auto-format"), ("attachment", "attachment")],
)
def test_booleans_are_booleans(field: str, query: str) -> None:
    assert getattr(ImageModifiers(**{field: False}), field) is False
    with pytest.raises(InvalidModifier, match=f"^{query}=1 is not valid: expected true or false"):
        ImageModifiers(**{field: 1})


@pytest.mark.parametrize(
    ("field", "query"),
    [("smartcrop", "smartcrop"), ("preset", "preset"), ("blur", "blur"), ("sharpen", "sharpen")],
)
def test_names_are_non_empty_text(field: str, query: str) -> None:
    assert getattr(ImageModifiers(**{field: "Large Wide"}), field) == "Large Wide"
    for bad in ("", "a\nb", 5):
        with pytest.raises(InvalidModifier, match=f"^{query}="):
            ImageModifiers(**{field: bad})


def test_dpr_is_above_zero_and_at_most_five() -> None:
    assert ImageModifiers(dpr=api_spec.DPR_MAX).dpr == 5.0
    assert ImageModifiers(dpr=0.01).dpr == 0.01
    assert ImageModifiers(dpr=2).dpr == 2.0
    assert isinstance(ImageModifiers(dpr=2).dpr, float)
    for bad in (0, -1, 5.01, float("nan"), float("inf"), True, "2"):
        with pytest.raises(InvalidModifier, match="expected a number greater than 0 and at most 5"):
            ImageModifiers(dpr=bad)


def test_crop_must_be_a_crop_value() -> None:
    with pytest.raises(InvalidModifier, match=r"use Crop.parse for text"):
        ImageModifiers(crop="10,10,10,10")


def test_extra_keeps_unknown_parameters_but_not_known_ones() -> None:
    modifiers = ImageModifiers(extra=[("layers", "a"), ("source[x]", "b")])
    assert modifiers.extra == (("layers", "a"), ("source[x]", "b"))
    with pytest.raises(InvalidModifier, match="the field 'width', not extra"):
        ImageModifiers(extra=(("width", "300"),))
    with pytest.raises(InvalidModifier, match="the field 'max_quality'"):
        ImageModifiers(extra=(("max-quality", "80"),))
    with pytest.raises(InvalidModifier, match="the API ignores it"):
        ImageModifiers(extra=(("accept-experimental", "1"),))
    with pytest.raises(InvalidModifier, match="non-empty name"):
        ImageModifiers(extra=(("", "x"),))
    with pytest.raises(InvalidModifier, match="pair of strings"):
        ImageModifiers(extra=(("a", "b", "c"),))


def test_extra_holds_a_legacy_smart_crop_only_without_a_crop() -> None:
    assert ImageModifiers(extra=(("crop", "16:9,smart"),)).extra == (("crop", "16:9,smart"),)
    with pytest.raises(InvalidModifier):
        ImageModifiers(crop=Crop(0, 0, 1, 1), extra=(("crop", "16:9,smart"),))


# --- Crop ----------------------------------------------------------------------------------------


def test_pixel_crop_boundaries() -> None:
    assert Crop(0, 0, 1, 1).to_query_value() == "0,0,1,1"
    for bad in ((-1, 0, 1, 1), (0, -1, 1, 1), (0, 0, 0, 1), (0, 0, 1, 0), (0.5, 0, 1, 1), (True, 0, 1, 1)):
        with pytest.raises(InvalidModifier, match=r"^crop [xywh]="):
            Crop(*bad)


def test_percent_crop_rules() -> None:
    crop = Crop(Decimal("10.5"), 0, Decimal("89.50"), 100, percent=True)
    assert crop.to_query_value() == "10.5p,0p,89.50p,100p"
    assert crop.h == Decimal(100) and isinstance(crop.h, Decimal)
    assert Crop(0.25, 0, 50, 50, percent=True).x == Decimal("0.25")
    assert Crop(Decimal("10.500"), 0, 10, 10, percent=True).to_query_value() == "10.50p,0p,10p,10p"
    with pytest.raises(InvalidModifier, match="at most 2 decimals"):
        Crop(Decimal("10.555"), 0, 10, 10, percent=True)
    with pytest.raises(InvalidModifier, match=r"^crop='50p,0p,50.01p,10p' is not valid: .*x\+w ≤ 100"):
        Crop(50, 0, Decimal("50.01"), 10, percent=True)
    with pytest.raises(InvalidModifier, match=r"y\+h ≤ 100"):
        Crop(0, 1, 10, 100, percent=True)
    for bad in ((0, 0, 0, 10), (0, 0, 10, 0), (-1, 0, 10, 10), (0, 0, 101, 10), ("1", 0, 1, 1)):
        with pytest.raises(InvalidModifier):
            Crop(*bad, percent=True)
    with pytest.raises(InvalidModifier):
        Crop(Decimal("NaN"), 0, 1, 1, percent=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10,20,300,200", Crop(10, 20, 300, 200)),
        ("10%2C20%2c300%2C200", Crop(10, 20, 300, 200)),
        ("10p,10p,50p,50p", Crop(10, 10, 50, 50, percent=True)),
        ("0.5p,1.25p,50p,50p", Crop(Decimal("0.5"), Decimal("1.25"), 50, 50, percent=True)),
    ],
)
def test_crop_parse(text: str, expected: Crop) -> None:
    assert Crop.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["10,20,300", "10,20,300,200,1", "10p,10,50p,50p", "a,b,c,d", "-1,0,1,1", "1e1p,0p,1p,1p", ""]
)
def test_crop_parse_refuses_other_syntax(text: str) -> None:
    with pytest.raises(InvalidModifier, match="x,y,w,h in pixels"):
        Crop.parse(text)


def test_crop_parse_names_the_legacy_syntax() -> None:
    with pytest.raises(InvalidModifier, match="W:H,smart is the legacy smart crop"):
        Crop.parse("16:9,smart")


# --- queries -------------------------------------------------------------------------------------


def test_to_query_uses_the_application_order_then_the_rest_then_extra() -> None:
    modifiers = ImageModifiers(
        extra=(("zeta", "1"), ("layers", "x")),
        sharpen="1",
        quality=80,
        width=300,
        rotate=90,
        max_quality=70,
        attachment=True,
        size=(200, 100),
        crop=Crop(1, 2, 3, 4),
        smartcrop="Large",
        flip="h",
        preferwebp=False,
        height=50,
        auto_format=False,
        preset="web",
        dpr=1.5,
        blur="2",
    )
    assert [name for name, _ in modifiers.to_query()] == [
        *api_spec.MODIFIER_ORDER,
        "max-quality",
        "auto-format",
        "preset",
        "attachment",
        "dpr",
        "blur",
        "sharpen",
        "zeta",
        "layers",
    ]
    assert dict(modifiers.to_query())["preferwebp"] == "false"
    assert dict(modifiers.to_query())["size"] == "200,100"


def test_every_named_parameter_but_layers_has_a_field() -> None:
    every = ImageModifiers(
        rotate=90,
        crop=Crop(0, 0, 1, 1),
        flip="h",
        size=(1, 1),
        preferwebp=True,
        height=1,
        width=1,
        quality=1,
        smartcrop="s",
        max_quality=1,
        auto_format=True,
        preset="p",
        attachment=True,
        dpr=1,
        blur="b",
        sharpen="s",
    )
    assert [name for name, _ in every.to_query()] == [
        name for name in api_spec.KNOWN_PARAMETERS if name != "layers"
    ]


def test_from_query_reads_every_parameter_in_any_order() -> None:
    modifiers = ImageModifiers.from_query(
        [
            ("width", "300"),
            ("source[logo]", "x"),
            ("accept-experimental", "1"),
            ("crop", "10%2C20%2C30%2C40"),
            ("preferwebp", "TRUE"),
            ("auto-format", "0"),
            ("size", "100%2C50"),
            ("dpr", "2.5"),
            ("max-quality", "70"),
            ("smartcrop", "Large"),
            ("layers", "a;b"),
        ]
    )
    assert modifiers == ImageModifiers(
        width=300,
        crop=Crop(10, 20, 30, 40),
        preferwebp=True,
        auto_format=False,
        size=(100, 50),
        dpr=2.5,
        max_quality=70,
        smartcrop="Large",
        extra=(("source[logo]", "x"), ("layers", "a;b")),
    )


def test_from_query_keeps_a_legacy_smart_crop_in_extra() -> None:
    modifiers = ImageModifiers.from_query([("crop", "16:9,smart"), ("width", "300")])
    assert modifiers.crop is None
    assert modifiers.extra == (("crop", "16:9,smart"),)
    assert modifiers.to_query() == [("width", "300"), ("crop", "16:9,smart")]
    (note,) = modifiers.notes()
    assert note.parameter == "crop" and "legacy smart crop" in note.text and not note.ignored


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([("width", "0")], "^width=0 is not valid"),
        ([("width", "3e2")], "^width='3e2' is not valid"),
        ([("width", "")], "^width='' is not valid"),
        ([("width", "+300")], "^width='\\+300' is not valid"),
        ([("width", "300"), ("width", "400")], "appears more than once"),
        ([("crop", "1,1,1,1"), ("crop", "16:9,smart")], "appears more than once"),
        ([("rotate", "45")], "^rotate=45 is not valid"),
        ([("size", "100")], "^size='100' is not valid"),
        ([("preferwebp", "yes")], "^preferwebp='yes' is not valid: expected true or false"),
        ([("dpr", "inf")], "^dpr='inf' is not valid"),
        ([("dpr", "1e-3")], "^dpr='1e-3' is not valid"),
        ([("flip", "x")], "^flip='x' is not valid"),
    ],
)
def test_from_query_refuses_invalid_values(pairs: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(InvalidModifier, match=message):
        ImageModifiers.from_query(pairs)


def test_query_string_encoding_keeps_commas_and_brackets_readable() -> None:
    modifiers = ImageModifiers(
        crop=Crop(10, 10, 50, 50, percent=True),
        smartcrop="Large Wide",
        extra=(("source[logo]", "a+b&c=d/é"),),
    )
    text = modifiers.to_query_string()
    assert text == "crop=10p,10p,50p,50p&smartcrop=Large%20Wide&source[logo]=a%2Bb%26c%3Dd/%C3%A9"
    assert ImageModifiers.from_query_string("?" + text) == modifiers


def test_a_plus_in_a_query_string_is_a_space() -> None:
    assert ImageModifiers.from_query_string("smartcrop=Large+Wide").smartcrop == "Large Wide"


def test_with_changes_validates_and_removes() -> None:
    modifiers = ImageModifiers(width=300, quality=80)
    assert modifiers.with_changes(width=None) == ImageModifiers(quality=80)
    assert modifiers.with_changes(rotate=90).rotate == 90
    assert modifiers.width == 300  # the original is unchanged
    with pytest.raises(InvalidModifier):
        modifiers.with_changes(width=0)


def test_is_default_and_repr() -> None:
    assert ImageModifiers().is_default
    assert not ImageModifiers(extra=(("x", "1"),)).is_default
    assert (
        repr(ImageModifiers(width=3, extra=(("x", "1"),))) == "ImageModifiers(width=3, extra=(('x', '1'),))"
    )
    assert repr(ImageModifiers()) == "ImageModifiers()"


def test_notes_say_what_the_server_ignores() -> None:
    modifiers = ImageModifiers(
        width=300, size=(200, 100), quality=80, max_quality=70, dpr=2, extra=(("zz", "1"),)
    )
    assert modifiers.effective_width == 200
    assert modifiers.ignored() == {"width", "max-quality"}
    texts = {note.parameter: note.text for note in modifiers.notes()}
    assert texts["width"] == "Ignored: size is given, and the server takes the width from size."
    assert texts["max-quality"] == "Ignored: quality wins over max-quality."
    assert "experimental" in texts["dpr"]
    assert "not a documented modifier" in texts["zz"]
    assert ImageModifiers(width=300).effective_width == 300
    assert ImageModifiers(width=300).notes() == ()


# --- the round trip, for any value ---------------------------------------------------------------

dimensions = st.integers(min_value=LOW, max_value=HIGH)
known_query_names = {"accept-experimental", *api_spec.KNOWN_PARAMETERS} - {"layers"}
extra_pairs = st.lists(
    st.tuples(names.filter(lambda name: name not in known_query_names), st.text(max_size=12)), max_size=4
).map(tuple)


qualities = st.integers(min_value=1, max_value=100)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


modifier_values = st.builds(
    ImageModifiers,
    rotate=maybe(st.sampled_from(api_spec.ROTATIONS)),
    crop=maybe(pixel_crops | percent_crops()),
    flip=maybe(st.sampled_from(api_spec.FLIPS)),
    size=maybe(st.tuples(dimensions, dimensions)),
    preferwebp=maybe(st.booleans()),
    height=maybe(dimensions),
    width=maybe(dimensions),
    quality=maybe(qualities),
    smartcrop=maybe(names),
    max_quality=maybe(qualities),
    auto_format=maybe(st.booleans()),
    preset=maybe(names),
    attachment=maybe(st.booleans()),
    dpr=maybe(st.floats(min_value=0, max_value=api_spec.DPR_MAX, exclude_min=True)),
    blur=maybe(names),
    sharpen=maybe(names),
    extra=extra_pairs,
)


@given(modifier_values)
def test_round_trip_through_query_pairs(modifiers: ImageModifiers) -> None:
    assert ImageModifiers.from_query(modifiers.to_query()) == modifiers


@given(modifier_values)
def test_round_trip_through_the_query_string(modifiers: ImageModifiers) -> None:
    text = modifiers.to_query_string()
    assert ImageModifiers.from_query_string(text) == modifiers
    assert ImageModifiers.from_query_string(text).to_query_string() == text


@given(modifier_values, st.randoms())
def test_the_order_of_parameters_in_a_url_does_not_matter(modifiers: ImageModifiers, random: Any) -> None:
    pairs = modifiers.to_query()
    extra = [pair for pair in pairs if pair in modifiers.extra]
    known = [pair for pair in pairs if pair not in modifiers.extra]
    random.shuffle(known)
    assert ImageModifiers.from_query(known + extra) == modifiers
