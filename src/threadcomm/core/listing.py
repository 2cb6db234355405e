"""A lesson listing's code, line by line: what each line says once comments and docstrings go.

Used to find a statement in a listing by its text (never by its number), by
the code view and by the diagnoses that quote the line causing a mistake.
"""

from __future__ import annotations

import difflib
import io
import tokenize

__all__ = ["code_parts", "differing_lines"]

_STATEMENT_START = frozenset({tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT})


def code_parts(text: str) -> list[str]:
    """Each line without its comment; docstrings and other bare strings blanked out."""
    lines = text.splitlines()
    code = list(lines)
    previous = tokenize.NEWLINE
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                row, col = tok.start
                code[row - 1] = code[row - 1][:col]
            elif tok.type == tokenize.STRING and previous in _STATEMENT_START:
                for row in range(tok.start[0], tok.end[0] + 1):
                    code[row - 1] = ""
            if tok.type not in (tokenize.COMMENT, tokenize.NL):
                previous = tok.type
    except (tokenize.TokenError, IndentationError, SyntaxError):
        code = [line.split("#", 1)[0] for line in lines]
    return code


def differing_lines(text: str, reference: str) -> frozenset[int]:
    """The 1-based lines of ``text`` that differ from ``reference``.

    Only code counts: comments, docstrings, blank lines and indentation are
    left out on both sides, so a reworded docstring is no difference but a
    moved, added or changed statement is. Where ``reference`` has statements
    that ``text`` lacks, the line of ``text`` at that place is marked.
    """
    mine = [(n, line.strip()) for n, line in enumerate(code_parts(text), 1) if line.strip()]
    theirs = [line.strip() for line in code_parts(reference) if line.strip()]
    if not mine:
        return frozenset()
    matcher = difflib.SequenceMatcher(a=[c for _, c in mine], b=theirs, autojunk=False)
    marked: set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):  # changed, or only in ``text``
            marked.update(mine[i][0] for i in range(i1, i2))
        elif tag == "insert":  # statements missing here: mark the line where they would be
            marked.add(mine[min(i1, len(mine) - 1)][0])
    return frozenset(marked)
