"""Tables a phone can read: on a narrow screen each row of a business table stacks as a card, every value under
its column's label, so no column hides beyond the edge.

pandas writes a table's column labels once, in its header row; a card needs them beside each value. This
preprocessor copies each column's label onto the row's cells as ``data-label`` and marks the table with the class
``cards``; the stage page's style sheet shows the label before the value below ``CARD_WIDTH``. A table whose
header does not line up with its rows (a header of two levels, cells spanning rows) is left as it is: it
scrolls in its own box, as every table does on a wide screen.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from nbconvert.preprocessors import Preprocessor

# Below this width (CSS pixels) the stage page stacks a marked table's rows as cards.
CARD_WIDTH = 600
CARDS_CLASS = "cards"


class PhoneTables(Preprocessor):
    """Label every cell of every table a code cell shows with its column, so a phone can stack the rows."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            for output in cell.outputs:
                html = output.get("data", {}).get("text/html")
                if html and "<table" in "".join(html):
                    output["data"]["text/html"] = labelled("".join(html))
        return cell, resources


def labelled(html: str) -> str:
    """``html`` with each table whose header lines up with its rows marked as cards and its cells labelled."""
    page = BeautifulSoup(html, "html.parser")
    for table in page.find_all("table"):
        labels = _column_labels(table)
        rows = table.tbody.find_all("tr", recursive=False) if table.tbody else []
        cells = [row.find_all(["th", "td"], recursive=False) for row in rows]
        if not labels or not rows or any(len(row) != len(labels) for row in cells):
            continue
        if any(cell.get("rowspan") or cell.get("colspan") for row in cells for cell in row):
            continue
        for row in cells:
            for label, cell in zip(labels, row):
                cell["data-label"] = label
        table["class"] = [*table.get("class", []), CARDS_CLASS]
    return str(page)


def _column_labels(table) -> list[str]:
    """The labels of a table with one header row, one per column; none for any other header."""
    header = table.thead.find_all("tr", recursive=False) if table.thead else []
    if len(header) != 1:
        return []
    cells = header[0].find_all(["th", "td"], recursive=False)
    if any(cell.get("colspan") or cell.get("rowspan") for cell in cells):
        return []
    return [" ".join(cell.get_text(" ").split()) for cell in cells]
