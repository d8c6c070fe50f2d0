import sys

from contract_app.cli.main import main

sys.exit(main())
