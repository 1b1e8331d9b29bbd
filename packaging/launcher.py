"""The script PyInstaller freezes: the standalone application's entry point, nothing more."""

from dsar_analyzer.cli.standalone import main

main()
