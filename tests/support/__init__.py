"""What the test suites share: waiting, the window fixture and the driver.

The fixtures (:mod:`tests.support.fixtures`) are registered for the whole suite
by ``tests/conftest.py``, so a test names them as arguments and imports nothing.
Helpers are imported from their modules:

- :mod:`tests.support.waiting` - :func:`~tests.support.waiting.wait_until`, the one
  bounded wait, with or without the Qt event loop;
- :mod:`tests.support.windows` - settings files, opening and disposing of windows;
- :mod:`tests.support.driver` - :class:`~tests.support.driver.Driver`, which uses a
  window the way a person would.
"""
