import pytest

from dsd.csvsafe import safe_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x.example","a")', '\'=HYPERLINK("http://x.example","a")'),
        ("+1+1", "'+1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-12.50", "-12.50"),
        ("-x", "'-x"),
        ("Kiosk Nord", "Kiosk Nord"),
        (12, 12),
        (None, ""),
    ],
)
def test_formula_text_is_written_as_text(value, written):
    assert safe_cell(value) == written
