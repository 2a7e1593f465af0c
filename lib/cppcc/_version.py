"""The package version, in a module of its own: modules of the package never import its ``__init__``."""

__version__ = "0.2.0"
