"""The version of the package, whose rules a result was produced by."""

__version__ = "0.2.0.dev0"
