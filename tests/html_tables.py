"""Read the cells of a rendered HTML table as a reader sees them, for assertions on what a page shows."""

from html.parser import HTMLParser


class _TableReader(HTMLParser):
    """Collect the rows (lists of cell texts) of every <table> whose class list holds ``css_class``."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.tables: list[list[list[str]]] = []
        self._depth = 0  # nesting inside a matching table
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            if self._depth or self.css_class in (dict(attrs).get("class") or "").split():
                if not self._depth:
                    self.tables.append([])
                self._depth += 1
        elif self._depth == 1 and tag == "tr":
            self._row = []
        elif self._depth == 1 and tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self._depth:
            self._depth -= 1
        elif self._depth == 1 and tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif self._depth == 1 and tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str, css_class: str, index: int = 0) -> list[list[str]]:
    """The rows (header row included) of the ``index``-th table of ``css_class`` on the page."""
    reader = _TableReader(css_class)
    reader.feed(html)
    assert len(reader.tables) > index, f"no table of class {css_class!r} on the page"
    return reader.tables[index]


def body_rows(html: str, css_class: str, index: int = 0) -> list[list[str]]:
    """The rows of the table without its header row."""
    return table_rows(html, css_class, index)[1:]
