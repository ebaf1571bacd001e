"""Read a rendered HTML form the way a browser submits it, for end-to-end tests with the test client."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    """Collect the successful controls (inputs, text areas, selects) of the first <form method="post"> of a class."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._done = False
        self._textarea: list[str] | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if (
            tag == "form"
            and not self._done
            and attributes.get("method", "").lower() == "post"
            and self.css_class in (attributes.get("class") or "").split()
        ):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "option" and self._select is not None:
            self._select["options"].append((attributes.get("value", ""), "selected" in attributes))
            return
        if tag not in ("input", "textarea", "select") or "name" not in attributes or "disabled" in attributes:
            return
        if tag == "textarea":
            self._textarea = [attributes["name"], ""]
            return
        if tag == "select":
            self._select = {"name": attributes["name"], "options": []}
            return
        kind = attributes.get("type", "text")
        if kind in ("checkbox", "radio") and "checked" not in attributes:
            return
        if kind in ("submit", "button", "file"):
            return
        self.fields.append((attributes["name"], attributes.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        if tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = next(
                (value for value, selected in options if selected), options[0][0] if options else ""
            )
            self.fields.append((self._select["name"], chosen))
            self._select = None
        if tag == "form" and self._in_form:
            self._in_form = False
            self._done = True


def form_fields(html: str, css_class: str) -> dict[str, str]:
    """The fields a browser would post from the page's POST form of ``css_class`` (last value wins)."""
    reader = FormReader(css_class)
    reader.feed(html)
    return dict(reader.fields)
