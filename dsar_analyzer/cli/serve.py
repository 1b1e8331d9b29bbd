"""``dsar-analyzer serve``: a page in the parent's own browser to drop an export on and read its report."""

from __future__ import annotations

import webbrowser

import click

from dsar_analyzer.cli import cli

EXAMPLES = """\b
Examples:
  dsar-analyzer serve                       (opens the page in your browser)
  dsar-analyzer serve --no-browser --port 8765

\b
The first line printed is the page's address with its secret part; stop with Ctrl-C or the page's button.
"""


@cli.command(short_help="Open a page in your browser to turn an export into a report.", epilog=EXAMPLES)
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 to listen on; 0 picks a free one.")
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open the browser.")
def serve(port: int, no_browser: bool) -> None:
    """Open a page on this computer where a parent drops the export from TikTok and reads the report.

    Only this computer can reach the page, and only with the secret address printed first. Nothing
    is sent anywhere. Stop with the page's stop button or Ctrl-C.
    """
    from dsar_analyzer.serve.server import LocalServer

    try:
        server = LocalServer(port)
    except OSError as error:
        raise click.UsageError(f"port {port} cannot be used ({error.strerror}); leave --port out to pick a "
                               "free one.") from None
    click.echo(server.url)
    click.echo("dsar-analyzer: the page above runs on this computer only; stop it with Ctrl-C.", err=True)
    if not no_browser:
        webbrowser.open(server.url)
    try:
        server.run()
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a parent stops the page: not an error
    click.echo("dsar-analyzer: stopped.", err=True)
