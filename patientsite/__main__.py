"""Run the generator as ``python -m patientsite``."""

import sys

from patientsite.cli import main

sys.exit(main())
