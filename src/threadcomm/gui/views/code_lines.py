"""Which line of the lesson listing a thread is on, from its latest trace event.

Pure Python, no Qt. Lines are found by their code text, never by number, so
the mapping works for every listing in ``resources/lesson/`` and for a
teacher's own: comments are ignored, so a forgotten ``# evt.set()`` is never
matched. Each thread searches its own part of the program: the creator in
``def creator``, consumers in ``def my_consumer``, the coordinator in the
``if __name__ == '__main__':`` block (it plays the tutorial's main thread).

:func:`line_for` returns None, on purpose, for:

- PACE and PAUSED: the gate holds the thread *before* its next statement,
  and which statement comes next is not known; the view keeps the thread's
  previous line and shows the state in its tag;
- THREAD_END: the thread is gone, so it has no line;
- DEADLOCK: the watchdog's verdict, not a statement of the program;
- any kind whose statement the listing does not have (e.g. WAIT in a
  listing without ``evt.wait()``, SENTINEL_GET in ``while_true.py``), and
  threads that have no part in the listing.
"""

from __future__ import annotations

from threadcomm.core.listing import code_parts
from threadcomm.core.threads import CREATOR, Role, role_of
from threadcomm.core.trace import Kind

__all__ = ["UNMAPPED_KINDS", "Listing", "line_for"]

#: Kinds that never have a line (see the module docstring).
UNMAPPED_KINDS = frozenset({Kind.PACE, Kind.PAUSED, Kind.THREAD_END, Kind.DEADLOCK})

_SECTION_START = {
    Role.CREATOR: ("def creator",),
    Role.CONSUMER: ("def my_consumer", "def consumer"),
    Role.MAIN: ("if __name__",),
}

# kind -> (role, the texts to look for in order of preference, text the line must follow)
_RULES: dict[Kind, list[tuple[Role, tuple[str, ...], str]]] = {
    Kind.THREAD_START: [
        (Role.CREATOR, ("def creator",), ""),
        (Role.CONSUMER, ("def my_consumer", "def consumer"), ""),
        (Role.MAIN, (".start()",), ""),
    ],
    Kind.ANNOUNCE: [(Role.CREATOR, ("print('Creating", 'print("Creating'), "")],
    Kind.PUT_BLOCKED: [(Role.CREATOR, ("q.put((item, evt))", "q.put("), "")],
    Kind.PUT: [(Role.CREATOR, ("q.put((item, evt))", "q.put("), "")],
    Kind.WAIT: [(Role.CREATOR, ("evt.wait()",), "")],
    Kind.GET_BLOCKED: [(Role.CONSUMER, ("q.get()",), "")],
    Kind.GET: [(Role.CONSUMER, ("q.get()",), "")],
    Kind.WORK: [(Role.CONSUMER, ("work_on(data)",), "q.get()")],
    Kind.PROCESS: [(Role.CONSUMER, ("processed = data * 2", "print(processed)"), "")],
    Kind.ERROR: [(Role.CONSUMER, ("raise ", "processed = data * 2"), "q.get()")],
    Kind.SET: [(Role.CONSUMER, ("evt.set()",), "q.get()")],
    # the item's own task_done(), not the sentinel's (which comes before the print)
    Kind.TASK_DONE: [(Role.CONSUMER, ("q.task_done()",), "data found")],
    Kind.CLEAR: [(Role.CONSUMER, ("evt.clear()",), "q.get()")],
    Kind.SHUTDOWN: [(Role.CREATOR, ("q.shutdown(",), "")],
    Kind.SHUTDOWN_GET: [(Role.CONSUMER, ("except ShutDown",), "")],
    Kind.SAY: [(Role.MAIN, ("print(",), "q.join()")],
    Kind.SENTINEL_GET: [(Role.CONSUMER, ("if job is None", "break"), "q.get()")],
    Kind.JOIN: [(Role.MAIN, ("q.join()",), "")],
    Kind.JOIN_DONE: [(Role.MAIN, ("q.join()",), "")],
    Kind.SENTINEL_PUT: [(Role.MAIN, ("q.put(None)",), "")],
}


class Listing:
    """A lesson program split into lines, each with its code part and its section.

    Sections: a :class:`Role` (``main`` is the ``if __name__`` block), or "".
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        self.code = code_parts(text)
        self.sections: list[str] = []
        current = ""
        for line in self.code:
            if line[:1].strip():  # a top-level statement may begin a section
                stripped = line.strip()
                current = next(
                    (r for r, starts in _SECTION_START.items() if stripped.startswith(starts)),
                    "",
                )
            self.sections.append(current)

    def find(self, role: str, needles: tuple[str, ...], after: str = "") -> int | None:
        """The first 1-based line of ``role``'s section holding a needle (in preference order).

        With ``after``, only lines below the first one holding ``after`` count.
        """
        rows = [i for i, s in enumerate(self.sections) if s == role]
        if not rows:  # a listing without the usual functions: search it all
            rows = list(range(len(self.code)))
        if after:
            first = next((i for i in rows if after in self.code[i]), None)
            if first is None:
                return None
            rows = [i for i in rows if i > first]
        for needle in needles:
            for i in rows:
                if needle in self.code[i]:
                    return i + 1
        return None


def line_for(listing: Listing, kind: Kind, thread: str, detail: str = "") -> int | None:
    """The 1-based line ``thread`` is on after an event of ``kind``, or None (see module doc).

    ``detail`` matters only for JOIN_THREADS: CREATOR means the coordinator
    joins the creator (``thread_one.join()``), anything else the consumers.
    """
    role = role_of(thread)
    if kind in UNMAPPED_KINDS or not role:
        return None
    if kind is Kind.WAIT_DONE:  # evt.wait() returned: back to the top of the loop
        if role != Role.CREATOR or listing.find(Role.CREATOR, ("evt.wait()",)) is None:
            return None
        return listing.find(Role.CREATOR, ("for item in data", "for "))
    if kind is Kind.JOIN_THREADS:
        if role != Role.MAIN:
            return None
        if detail == CREATOR or not detail:
            return listing.find(Role.MAIN, ("thread_one.join()",))
        return listing.find(
            Role.MAIN, ("thread_two.join()", "thread.join()", ".join()"), "q.join()"
        )
    for rule_role, needles, after in _RULES.get(kind, []):
        if rule_role == role:
            return listing.find(role, needles, after)
    return None
