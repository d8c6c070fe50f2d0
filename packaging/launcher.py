"""The desktop bundle's entry point (PyInstaller freezes this script, not the console script).

``freeze_support()`` comes first: the window keeps Chroma in a spawned child process
(``retrieval/store_process.py``), and in a frozen app that child starts this same executable with multiprocessing's
arguments, which ``freeze_support()`` recognises and runs instead of the app.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from contract_app.cli.main import main

    sys.exit(main())
