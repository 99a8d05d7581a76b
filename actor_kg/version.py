"""The package's version, as installed (pyproject.toml states it): what builds and pushes record."""

from importlib.metadata import version

__version__ = version("actor-kg")
