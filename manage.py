#!/usr/bin/env python
"""Django's command-line utility for the cchc demo site."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # The demo project's package lives in site/ (a folder, not a package: "site" is a stdlib module).
    sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_demo.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
