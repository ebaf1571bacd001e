"""Read a rendered HTML form the way a browser submits it, for end-to-end tests with the test client."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    """Collect the successful controls of the first <form method="post"> with a given class."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if (
            tag == "form"
            and not self._done
            and attributes.get("method", "").lower() == "post"
            and self.css_class in (attributes.get("class") or "").split()
        ):
            self._in_form = True
        if not self._in_form or tag != "input" or "name" not in attributes or "disabled" in attributes:
            return
        kind = attributes.get("type", "text")
        if kind in ("checkbox", "radio") and "checked" not in attributes:
            return
        if kind in ("submit", "button", "file"):
            return
        self.fields.append((attributes["name"], attributes.get("value", "on" if kind == "checkbox" else "")))

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
            self._done = True


def form_fields(html: str, css_class: str) -> dict[str, str]:
    """The fields a browser would post from the page's POST form of ``css_class`` (last value wins)."""
    reader = FormReader(css_class)
    reader.feed(html)
    return dict(reader.fields)
