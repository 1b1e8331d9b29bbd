"""``python -m dsar_analyzer`` runs the command-line interface."""

from dsar_analyzer.cli import main

main()
