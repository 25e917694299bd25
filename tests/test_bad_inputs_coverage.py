"""Every public callable of ``helpers`` has a case in the bad-input battery (``tests/badinput.py``).

A function added to a module's public names without a case fails here the day it is added.
Public names are a module's ``__all__`` (without one: every name defined in the module that does
not start with ``_``); a public class contributes its public methods too. A name that an area's
dedicated suite covers (the exercise checks) is listed in that file's ``COVERED``.
"""

import importlib
import inspect
import pkgutil

import badinput
import pytest

import helpers

# Public callables that take no argument a student could get wrong, with the reason.
EXEMPT: dict[str, str] = {}


def public_callables() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        module = importlib.import_module(info.name)
        public = getattr(module, "__all__", None)
        if public is None:
            public = [a for a in vars(module) if not a.startswith("_")]
        for attr in public:
            obj = getattr(module, attr)
            if inspect.ismodule(obj) or not callable(obj):
                continue
            if getattr(obj, "__module__", module.__name__) != module.__name__:
                continue  # re-exported: covered where it is defined
            qualified = f"{module.__name__}.{attr}"
            names.append(qualified)
            if inspect.isclass(obj) and not issubclass(obj, BaseException):
                for method, member in vars(obj).items():
                    is_method = callable(member) or isinstance(member, classmethod | staticmethod)
                    if not method.startswith("_") and is_method:
                        names.append(f"{qualified}.{method}")
    return sorted(set(names))


def test_every_public_callable_has_a_case():
    covered = set(badinput.all_cases()) | badinput.all_covered() | set(EXEMPT)
    missing = [name for name in public_callables() if name not in covered]
    assert not missing, "no bad-input case for:\n  " + "\n  ".join(missing)


@pytest.mark.parametrize("stem", badinput.area_modules())
def test_case_names_are_public(stem):
    module = importlib.import_module(stem)
    unknown = sorted(set(getattr(module, "CASES", {})) - set(public_callables()))
    assert not unknown, f"{stem} has cases for names that are not public: {unknown}"
