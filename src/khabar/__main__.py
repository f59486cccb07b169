"""`python -m khabar` runs the khabar command."""

from khabar.cli import main

main()
