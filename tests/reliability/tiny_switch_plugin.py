"""A pytest plugin: force a thread switch as often as the interpreter allows."""

from __future__ import annotations

import sys

import pytest


def pytest_configure(config: pytest.Config) -> None:
    sys.setswitchinterval(1e-6)
