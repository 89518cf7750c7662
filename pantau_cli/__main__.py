import sys

from pantau_cli.main import main

sys.exit(main())
