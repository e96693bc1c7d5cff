"""The documentation's examples run: every docstring example in qa/ and ui/ (those marked +SKIP need a store)."""

import doctest
import importlib
import pkgutil

import pytest

import qa

MODULES = ["qa", *(f"qa.{m.name}" for m in pkgutil.iter_modules(qa.__path__)), "ui.app", "ui.render"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
