"""What the tests share: fakes, raw servers, builders and fixtures (no tests here).

Test modules import from it as a package (``from support.hyperstack_fakes import FAKE_KEY``); pytest puts
``tests/`` on ``sys.path`` (its rootdir-relative ``prepend`` import mode), and ``tests/conftest.py``
registers :mod:`support.fixtures` as a plugin. No test module imports another test module.
"""
