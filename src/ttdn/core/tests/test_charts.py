import xml.etree.ElementTree as ET

from ttdn.core.charts import Bar, band_chart, bar_chart, stacked_bar


def test_bar_chart_scales_to_the_largest_and_escapes_labels():
    svg = bar_chart([Bar("Sở <TT&TT>", 10, "overdue"), Bar("Sở Ngoại vụ", 5)], title="Quá hạn")
    root = ET.fromstring(svg)  # well-formed XML
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert int(rects[0].get("width")) == 2 * int(rects[1].get("width"))
    assert "Sở &lt;TT&amp;TT&gt;" in svg


def test_stacked_bar_shares_add_up_to_the_width():
    svg = stacked_bar([Bar("a", 1), Bar("b", 3), Bar("c", 0)], title="t", width=400)
    widths = [float(r.get("width")) for r in ET.fromstring(svg).findall("{http://www.w3.org/2000/svg}rect")]
    assert len(widths) == 2 and abs(sum(widths) - 400) < 0.5


def test_empty_chart_is_valid():
    ET.fromstring(bar_chart([], title="trống"))


def test_band_chart_band_grows_from_the_last_observed_day():
    svg = band_chart([4, 8], [6, 6], [([2, 1], [10, 12], "wide")], title="Dự báo <thống kê>", height=110)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    band = root.find(f"{ns}polygon")
    points = [tuple(map(float, p.split(","))) for p in band.get("points").split()]
    assert len(points) == 6 and points[0] == points[-1]  # starts and ends on the last history point
    top = min(y for _, y in points)
    assert top == 10.0  # the highest upper bound (12) is the top of the plot
    history = root.find(f"{ns}polyline[@class='history']").get("points").split()
    assert history[-1] == band.get("points").split()[0]
    assert "Dự báo &lt;thống kê&gt;" in svg
