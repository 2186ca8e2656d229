"""Command line: ``python -m dashboard export PATH_OR_URL... [--urls FILE] --out report.json``.

Flags come from the setting declarations in ``dashboard.settings``; each can
also be set with its ``FACTDASH_*`` environment variable.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from dashboard import settings as settings_mod
from dashboard.pipeline.analyze import run
from dashboard.pipeline.atomic import write_atomic
from dashboard.pipeline.export import dumps, report
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import PipelineError
from dashboard.pipeline.web import parse_url_list

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?!\\)")  # "https:", "file:"; not "C:\\"
CLI_SETTINGS = [s for s in settings_mod.SETTINGS if s.scope in ("analysis", "server")]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser(
        "export", help="Align folders, files (.txt, .html) or links of articles and write a JSON report."
    )
    export.add_argument(
        "sources", nargs="*", help="Folders of .txt/.html articles, .txt or .html files, or http(s) links."
    )
    export.add_argument("--urls", type=Path, help="A file of links, one per line (# starts a comment).")
    export.add_argument("--out", type=Path, required=True, help="Where to write the JSON report.")
    export.add_argument("--metadata", type=Path, help="CSV of file,outlet,title,date,url,language.")
    export.add_argument("--quiet", action="store_true", help="Print nothing but errors.")
    for s in CLI_SETTINGS:
        export.add_argument(s.flag, dest=s.name, default=None, help=f"{s.help} (default: {s.default})")
    sub.add_parser("settings", help="Print the settings table (the README's copy is checked against it).")
    return parser


def export_command(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    values = settings_mod.resolve({s.name: getattr(args, s.name) for s in CLI_SETTINGS})
    say = (lambda *_: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    paths, urls, problems = split_sources(args.sources, args.urls)
    for problem in problems:
        say(f"warning: {problem}")
    articles, warnings = load_paths(
        paths, max_file_mb=values["max_file_mb"], metadata=args.metadata, urls=urls, progress=say
    )
    for w in warnings:
        say(f"warning: {w}")
    warnings = problems + warnings
    analysis = run(articles, values)
    for w in analysis.warnings:
        say(f"warning: {w}")
    data = report(analysis)
    data["warnings"] = warnings + data["warnings"]
    write_atomic(args.out, dumps(data))
    shared = sum(1 for f in analysis.facts if len(f.outlets) > 1)
    say(
        f"{len(articles)} articles, {len(analysis.corpus.body_sentences)} sentences, "
        f"{len(analysis.facts)} facts ({shared} reported by 2+ outlets) -> {args.out} "
        f"in {time.perf_counter() - started:.1f} s; {analysis.embedded:,} texts embedded, "
        f"{analysis.reused:,} from the cache"
    )
    return 0


def split_sources(sources: list[str], urls_file: Path | None) -> tuple[list[Path], list[str], list[str]]:
    """The paths and the links among the arguments and in ``--urls``, and a problem per line that is no link.

    An argument with a scheme (``https://``, ``file:``) is a link; anything else is a path.
    """
    lines = [s for s in sources if _SCHEME.match(s)]
    paths = [Path(s) for s in sources if not _SCHEME.match(s)]
    problems: list[str] = []
    if lines:
        urls, found = parse_url_list("\n".join(lines))
        problems += [p.split(": ", 1)[1] for p in found]  # "line 2: 'x' is not a link": no lines here
    else:
        urls = []
    if urls_file is not None:
        try:
            text = urls_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise PipelineError(f"{urls_file}: cannot read the list of links ({_reason(e)})") from None
        listed, found = parse_url_list(text)
        problems += [f"{urls_file}: {p}" for p in found]
        urls += [u for u in listed if u not in urls]
    return paths, urls, problems


def _reason(e: Exception) -> str:
    return getattr(e, "strerror", None) or getattr(e, "reason", None) or type(e).__name__


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "settings":
        print(settings_mod.markdown_table())
        return 0
    try:
        return export_command(args)
    except (PipelineError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
