"""The command line: ``build`` (the default), ``check``, ``serve``, ``new``, ``init``, ``translation-done`` and ``merge``.

Exit status: 0 success, 1 content errors, 2 usage errors. No traceback reaches the user
unless ``--debug`` asks for one.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from patientsite import __version__
from patientsite.build.options import BuildOptions
from patientsite.structure.urls import normalise_base_url

COMMANDS = ("build", "check", "serve", "new", "init", "translation-done", "merge")


class UsageError(Exception):
    """Bad command-line input: exit status 2."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build an evidence-linked patient-education site from Markdown pages.")
    parser.add_argument("--version", action="version", version=f"patientsite {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in (("build", "build the site into the output folder (the default)"),
                            ("check", "run every check without writing anything"),
                            ("serve", "build the site and serve it at http://127.0.0.1:8000/")):
        command = commands.add_parser(name, help=help_text, description=help_text)
        _site_options(command)
        if name == "check":
            command.add_argument("--summary", action="store_true",
                                 help="also print a table of every page: reading grade, words, citations, review")
        if name == "serve":
            command.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
            command.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    new = commands.add_parser("new", help='create a page: new "Page title"', description="create a page")
    new.add_argument("title", help="the page's title, in quotes")
    new.add_argument("--root", type=Path, default=Path("."), help="the site folder (default: this folder)")
    new.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    init = commands.add_parser("init", help="start a new site in a folder: init my-site",
                               description="start a new site, with every setting and placeholder marked")
    init.add_argument("folder", nargs="?", default=".", help="the new site's folder (default: this folder)")
    init.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    done = commands.add_parser("translation-done", help="record that translations match their originals now: "
                               "translation-done crps.fr.md", description="record that each translation named "
                               "translates its original as it is now (writes 'translation_of:')")
    done.add_argument("pages", nargs="+", help="translations, by their name in content/ (crps.fr.md) or their path")
    done.add_argument("--root", type=Path, default=Path("."), help="the site folder (default: this folder)")
    done.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    merge = commands.add_parser("merge", help="put together the folders of each language's build: "
                                "merge _site-en _site-fr --out _site", description="put together the output "
                                "folders of builds made one language at a time (build --lang)")
    merge.add_argument("folders", nargs="+", type=Path, help="the output folder of each language's build")
    merge.add_argument("--out", type=Path, required=True, help="the folder to put the whole site in")
    merge.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return parser


def _site_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--root", type=Path, default=Path("."),
                         help="the site folder with content/, references.bib and site.yml (default: this folder)")
    command.add_argument("--out", type=Path, help="the output folder (default: _site in the site folder)")
    command.add_argument("--strict", action="store_true", help="make warnings fail the build")
    command.add_argument("--base-url", help="the address the site is published at, for example https://example.org/; "
                                            "a placeholder in site.yml or a page is then an error")
    command.add_argument("--demo", action="store_true",
                         help="build a demonstration: placeholders are expected, and every page says it is a demonstration")
    command.add_argument("--jobs", type=int, default=0, metavar="N",
                         help="processes to build with (default: one per core; the preview uses one)")
    command.add_argument("--lang", metavar="LANG", dest="language",
                         help="build only the pages in this language of site.yml's 'languages', and their search "
                              "index; 'merge' puts the folders of each language's build together")
    command.add_argument("--format", choices=("text", "json"), default="text", dest="output_format",
                         help="how to print findings: text (default) or json")
    command.add_argument("--debug", action="store_true", help="show a traceback for internal errors")


def parse_args(argv: list[str]) -> argparse.Namespace:
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = ["build", *argv]
    return make_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run a command and return its exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: a message, never a traceback
        if args.debug:
            raise
        print(f"internal error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        print("    hint: this is a bug in the generator, not in your pages; run again with --debug "
              "and report what it prints", file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "merge":
        from patientsite.commands.merge import run_merge
        return run_merge([folder.resolve() for folder in args.folders], args.out.resolve())
    if args.command == "init":
        from patientsite.commands.init import run_init
        return run_init(Path(args.folder).resolve(), args.folder.rstrip("/") or "/")
    root = args.root.resolve()
    if not root.is_dir():
        raise UsageError(f"the site folder '{args.root}' does not exist")
    if args.command == "translation-done":
        from patientsite.commands.translation_done import run_translation_done
        return run_translation_done(root, args.pages)
    if args.command == "new":
        from patientsite.commands.new import run_new
        return run_new(root, args.title, shown=str(args.root))
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (one per core) or more")
    out = (args.out if args.out is not None else root / "_site").resolve()
    _check_output_folder(root, out)
    options = BuildOptions(root=root, out=out, strict=args.strict, base_url=_base_url(args.base_url), jobs=args.jobs,
                           demo=args.demo, language=args.language)
    if args.command == "serve":
        from patientsite.commands.serve import run_serve
        status = run_serve(options, args.host, args.port)
        # The file watchers run in native threads that the interpreter's shutdown may wait on:
        # everything is closed and flushed, so leave at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    from patientsite.commands.build import run_build
    return run_build(options, write=args.command == "build", output_format=args.output_format,
                     summary=getattr(args, "summary", False))


def _base_url(value: str | None) -> str | None:
    if value is None:
        return None
    if not value.startswith(("http://", "https://")):
        raise UsageError(f"--base-url '{value}' must start with http:// or https://")
    return normalise_base_url(value)


def _check_output_folder(root: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy the site's own files."""
    protected = [root / name for name in ("content", "templates", "static")]
    if out == root or root.is_relative_to(out) or any(out == p or out.is_relative_to(p) for p in protected):
        raise UsageError(f"the output folder '{out}' would overwrite the site's own files; choose another --out")
    if out.is_dir() and any((out / marker).exists() for marker in ("site.yml", "content", ".git", "pyproject.toml")):
        raise UsageError(f"the output folder '{out}' holds a project's files; choose an empty or new folder with --out")
