"""Charts are accessible SVG: role img with a title and a description in words, special-cause
points marked by shape as well as colour, and the same output every time."""

from manx_learning.dataset.charts import ChartData, describe, xmr_svg
from manx_learning.lib import spc

VALUES = [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 30]


def _data(**extra) -> ChartData:
    periods = [f"2026-{i:02d}" for i in range(1, 13)] + ["2027-01"]
    values = {
        "chart_id": "chart-da-03-imc",
        "title": "Repeat MARAC referrals <IMC>",
        "periods": periods,
        "labels": [f"Month {i}" for i in range(1, 14)],
        "values": VALUES,
        "result": spc.analyse_series(VALUES, improvement="down", baseline=12),
    } | extra
    return ChartData(**values)


def test_the_chart_is_an_image_with_a_title_and_a_description():
    svg = xmr_svg(_data())
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-da-03-imc-title chart-da-03-imc-desc"' in svg
    assert '<title id="chart-da-03-imc-title">Repeat MARAC referrals &lt;IMC&gt;</title>' in svg
    assert "special cause – concern" in describe(_data())


def test_a_special_cause_point_is_drawn_as_a_different_shape():
    svg = xmr_svg(_data())
    assert svg.count("<polygon") == 1  # the one concern point is a diamond
    assert svg.count("<circle") == len(VALUES) - 1


def test_the_output_is_deterministic_and_has_no_style_attributes():
    assert xmr_svg(_data()) == xmr_svg(_data())
    assert "style=" not in xmr_svg(_data())


def test_benchmarks_targets_and_gaps_are_drawn():
    data = _data(
        references={"England average": {"2026-01": 11.0, "2026-02": 11.5}},
        target=8,
        values=[*VALUES[:5], None, *VALUES[6:]],
        result=None,
    )
    svg = xmr_svg(data)
    assert svg.count("<polyline") == 3  # two stretches of data either side of the gap + benchmark
    assert 'stroke-dasharray="8 3 2 3"' in svg  # the target line
    assert "Dotted turquoise line: England average." in describe(data)
