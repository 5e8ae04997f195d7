"""YAML text → a node tree, without letting the text crash the process; every failure is a
YamlTextError with the line it is on."""
from __future__ import annotations

import yaml
import yaml.reader
from yaml.nodes import Node

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)      # libyaml when present: ~10x faster, same nodes
MAX_DEPTH = 50            # the curated files nest 5 levels; libyaml composes recursively in C, and 60,000
                          # levels overflow the process's stack (a segfault of the CLI or the server)
_NOT_ALLOWED = yaml.reader.Reader.NON_PRINTABLE      # what YAML refuses (NUL and the other control characters)


class YamlTextError(ValueError):
    """The text is no YAML this package reads: `line` (1-based, or None) and `message`."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(message if line is None else f"line {line}: {message}")


def compose(text: str) -> Node | None:
    """The node tree of a YAML text (None when it holds no document). Refused, with the line: a
    character YAML does not allow (a NUL byte), nesting deeper than MAX_DEPTH (counted on the
    parser's events, which use no recursion, before the composer, which does), a syntax error."""
    bad = _NOT_ALLOWED.search(text)
    if bad:
        raise YamlTextError(text.count("\n", 0, bad.start()) + 1, f"character U+{ord(bad.group()):04X} is not "
                            "allowed in YAML (a NUL byte or another control character): remove it")
    try:
        try:
            _check_depth(text, _LOADER)
            return yaml.compose(text, Loader=_LOADER)
        except yaml.MarkedYAMLError:
            _check_depth(text, yaml.SafeLoader)       # the pure-Python parser words errors better
            return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlTextError(mark.line + 1 if mark else None, f"YAML syntax error: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlTextError(None, f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlTextError(None, "nested too deeply to read") from None


def _check_depth(text: str, loader) -> None:
    """Refuse collections nested deeper than MAX_DEPTH, at the line where the limit is passed."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlTextError(event.start_mark.line + 1,
                                    f"nested more than {MAX_DEPTH} levels deep (these files need 5 at most)")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
