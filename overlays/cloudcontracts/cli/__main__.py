"""``python -m cloudcontracts.cli``: the same command line as the ``cloudcontracts`` script."""

from __future__ import annotations

from cloudcontracts.cli import main

if __name__ == "__main__":
    main()
