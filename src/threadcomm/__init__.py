"""threadcomm: see how a creator thread and consumer threads talk through a Queue and Events."""

__all__ = ["__version__"]

__version__ = "0.1.0"
