"""The ``join_on_gui_thread`` scenario's deliberate mistake: ``q.join()`` on the GUI thread.

Only :meth:`RunController.join_queue
<threadcomm.gui.run.controller.RunController.join_queue>` calls this, for
:mod:`threadcomm.gui.classroom.scenario_modes`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from threadcomm.core.threads import CREATOR
from threadcomm.core.trace import State

if TYPE_CHECKING:
    from threadcomm.core.pipeline import Pipeline

__all__ = ["join_on_gui_thread"]

_WAIT_S = 0.05  # one all_tasks_done.wait(); between waits the limit and the run are checked


def _creator_done(pipeline: Pipeline) -> bool:
    view = pipeline.states().get(CREATOR)
    return view is not None and view.state is State.ENDED


def join_on_gui_thread(pipeline: Pipeline, limit_s: float) -> float:
    """Block the calling thread in the run's ``q.join()``, bounded; return the seconds blocked.

    The only place in threadcomm where the GUI thread blocks on the queue, on
    purpose, for the ``join_on_gui_thread`` scenario
    (:mod:`threadcomm.gui.classroom.scenario_modes`), to show why it never should.
    Right after Start the creator may not have put anything yet, and a bare
    ``q.join()`` would return at once (the tutorial's own race). So, like the
    lesson's main thread, which joins the creator before ``q.join()``, this
    waits until the creator has ended *and* no task is unfinished; or until the
    run ends, or ``limit_s`` passes.
    """
    queue = pipeline.queue
    started = time.monotonic()
    deadline = started + limit_s
    with queue.all_tasks_done:  # the queue's mutex; wait() releases it while waiting
        while time.monotonic() < deadline and pipeline.is_running():
            if not queue.unfinished_tasks and _creator_done(pipeline):
                break
            queue.all_tasks_done.wait(_WAIT_S)
    return time.monotonic() - started
