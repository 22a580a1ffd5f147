"""Command-line interface: ``cxtools run | list | notebooks | sample-data | init | check | workshop``.

``cxtools run`` executes notebooks headless (papermill) and writes stakeholder
reports; ``cxtools list`` documents each notebook's parameters; ``cxtools notebooks``
writes working copies of the notebooks in one language; ``cxtools sample-data`` writes
the seeded sample data set. ``python -m cxtools`` is the same
command.

Exit codes: 0 success (notebooks skipped for want of their data do not count as
failures), 1 a notebook failed or timed out, 2 bad command line or parameter, an
invalid data description, unusable output folder or one another run is writing to
(nothing was run), 130 interrupted with Ctrl-C, 143 stopped by SIGTERM, 129 by SIGHUP.

On a terminal ``cxtools run`` shows a progress bar; otherwise (a scheduler, a log
file) it writes timestamped lines.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from cxtools.core.errors import CxError, CxParameterError

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
_NOTEBOOKS_DIR_HELP = ("folder with the notebooks (default: the project's notebooks/, or the copy installed "
                       "with cxtools)")


def build_parser() -> argparse.ArgumentParser:
    """The ``cxtools`` argument parser (sub-commands ``run``, ``list``, ``sample-data``)."""
    parser = argparse.ArgumentParser(
        prog="cxtools",
        description="Customer-experience research notebooks: run them headless, list their parameters, "
        "write sample data.",
    )
    from cxtools.core import __version__

    parser.add_argument("--version", action="version", version=f"cxtools {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="run notebooks headless and write reports",
        description="Run notebooks with papermill and write, per notebook, the executed notebook, an HTML "
        "report with the code hidden and metrics.json, plus index.html and summary.json. "
        "A failed notebook keeps its last good report.",
    )
    run.add_argument("notebooks", nargs="*", metavar="NOTEBOOK",
                     help="notebook names (01_ltv, 01_ltv.ipynb) or paths; default: all, in order")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="set a notebook parameter (checked against its declared type)")
    run.add_argument("-f", "--parameters-file", metavar="PARAMS.yaml",
                     help="YAML file of parameters (name: value); -p wins over it")
    run.add_argument("--data", metavar="DIR", help="folder with the data files; sets the data_dir parameter")
    run.add_argument("--out", metavar="DIR", default="reports", help="where reports go (default: reports)")
    run.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                     help="longest time a single cell may run, 5 s to a week (default: no limit)")
    run.add_argument("--log-output", action="store_true",
                     help="print a line per cell and the cells' output as text instead of a progress bar")
    run.add_argument("--notebooks-dir", metavar="DIR", help=_NOTEBOOKS_DIR_HELP)
    run.add_argument("--lang", choices=("en", "ru"), default=None,
                     help="language of the stakeholder reports and the index (default: the data description's "
                     "language, else en); given to notebooks that declare a lang parameter")
    run.add_argument("--pdf", action="store_true",
                     help="also print each stakeholder report to <notebook>.pdf with headless Chromium, "
                     "where one is installed")

    lst = commands.add_parser("list", help="list notebooks and their parameters",
                              description="List each notebook with its title and parameters (type, default, help).")
    lst.add_argument("--notebooks-dir", metavar="DIR", help=_NOTEBOOKS_DIR_HELP)

    copies = commands.add_parser(
        "notebooks", help="write working copies of the notebooks in one language",
        description="Write a copy of each notebook with the text of one language only (each heading and "
        "paragraph once), outputs cleared and the lang parameter preset, to open in JupyterLab.")
    copies.add_argument("names", nargs="*", metavar="NOTEBOOK", help="only these notebooks (default: all)")
    copies.add_argument("--lang", choices=("en", "ru"), required=True, help="the language of the copies")
    copies.add_argument("--out", metavar="DIR", required=True, help="folder for the copies")
    copies.add_argument("--notebooks-dir", metavar="DIR", help=_NOTEBOOKS_DIR_HELP)

    sample = commands.add_parser("sample-data", help="write the seeded sample data set",
                                 description="Write the synthetic sample data set (see data/samples/README.md).")
    sample.add_argument("--out", metavar="DIR", required=True, help="folder to write the files into")
    sample.add_argument("--customers", type=int, default=4000, metavar="N", help="number of customers (default 4000)")
    sample.add_argument("--seed", type=int, default=2026, metavar="S", help="random seed (default 2026)")
    sample.add_argument("--format", choices=("csv", "parquet"), default="csv", help="file format (default csv)")
    sample.add_argument("--clean", action="store_true",
                        help="leave out the deliberately dirty rows the loaders are meant to reject")

    # data description (cxtools.data.description): draft it, then check it
    init = commands.add_parser("init", help="draft a data description (cxtools.yaml) for a data folder",
                               description="Look at the files of a data folder and write a commented draft "
                               "cxtools.yaml with the guessed sources, columns, dialect and scales.")
    init.add_argument("--data", metavar="DIR", required=True, help="the data folder")
    init.add_argument("--config", metavar="FILE", help="where to write the draft (default: DIR/cxtools.yaml)")
    init.add_argument("--force", action="store_true", help="overwrite an existing description")
    check = commands.add_parser("check", help="check the data description and files; show what will run",
                                description="Validate the data description and the files, and print per "
                                "notebook and section what will run and what will be skipped, and why.")
    check.add_argument("--data", metavar="DIR", required=True, help="the data folder")
    check.add_argument("--config", metavar="FILE", help="the description (default: DIR/cxtools.yaml)")

    # teaching workshops (cxtools.workshop)
    workshop = commands.add_parser("workshop", help="prepare and check a workshop kit",
                                   description="Build the student edition of the notebooks (solutions replaced "
                                   "by a prompt, outputs cleared) with the data, check it both ways, or collect "
                                   "the wheels for an offline installation.")
    steps = workshop.add_subparsers(dest="workshop_command", metavar="STEP", required=True)
    build = steps.add_parser("build", help="write the student edition and its data")
    build.add_argument("--out", metavar="DIR", required=True, help="folder of the kit")
    build.add_argument("--seed", type=int, default=None, metavar="S",
                       help="draw a data set of its own for this group (default: the bundled sample)")
    build.add_argument("--customers", type=int, default=4000, metavar="N", help="size of a drawn data set")
    build.add_argument("--lang", choices=("en", "ru"), default=None,
                       help="student notebooks in this language only, with the lang parameter preset "
                       "(default: both languages, as in the source)")
    kit_check = steps.add_parser("check", help="run the kit with and without solutions")
    kit_check.add_argument("kit", metavar="DIR", help="folder written by `cxtools workshop build`")
    kit_check.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="only these notebooks (default: all)")
    wheels = steps.add_parser("wheelhouse", help="collect every wheel for Linux, macOS and Windows")
    wheels.add_argument("--out", metavar="DIR", required=True, help="folder for the wheels")
    wheels.add_argument("--platform", action="append", choices=("linux", "macos", "windows"),
                        help="only these platforms (repeatable; default: all three)")
    commands.add_parser("doctor", help="check this computer's set-up for the notebooks",
                        description="Check Python, the packages, the notebooks and their sample data, the "
                        "Jupyter kernel and fonts, and run a tiny notebook; print what to fix.")

    # `cxtools score`: the work is in cxtools.ltv.scoring.run_score_command
    score = commands.add_parser(
        "score", help="score every customer of a transaction log with saved models",
        description="Summarise a transaction log where it lives (DuckDB, or Spark with --engine spark or a "
        "'spark:db.table' source), score each customer with a saved BG/NBD or Pareto/NBD model (and a "
        "Gamma-Gamma model for spend and CLV) and write one row per customer.")
    score.add_argument("source", help="CSV/Parquet path or glob, folder of Parquet files, or spark:db.table")
    score.add_argument("--model", required=True, metavar="MODEL.json", help="saved transaction model")
    score.add_argument("--spend-model", metavar="MODEL.json", help="saved Gamma-Gamma model (adds spend and CLV)")
    score.add_argument("--out", required=True, help="Parquet path, or spark:db.table")
    score.add_argument("--horizon", type=float, required=True, help="future window, in --time-unit")
    score.add_argument("--time-unit", choices=("day", "week", "month", "quarter", "year", "D", "W", "M", "Y"), default=None,
                       help="unit of --horizon (default: the model's)")
    score.add_argument("--customer", default="customer_id", help="customer id column (default customer_id)")
    score.add_argument("--timestamp", default="timestamp", help="purchase time column (default timestamp)")
    score.add_argument("--amount", default=None, help="spend column (needed with --spend-model)")
    score.add_argument("--exclude", default=None, help="boolean column of rows that are not purchases")
    score.add_argument("--observation-end", default=None, help="last day observed (default: last purchase day)")
    score.add_argument("--margin", type=float, default=1.0, help="profit share of revenue (default 1)")
    score.add_argument("--discount-rate", type=float, default=0.0, help="per --discount-period (default 0)")
    score.add_argument("--discount-period", choices=("day", "week", "month", "year"), default="year")
    score.add_argument("--confidence", type=float, default=0.95, help="level of the CLV interval (default 0.95)")
    score.add_argument("--no-interval", action="store_true", help="no CLV interval (much faster on large logs)")
    score.add_argument("--n-draws", type=int, default=200, help="parameter draws for the interval (default 200)")
    score.add_argument("--engine", choices=("duckdb", "spark"), default=None, help="default: from the source")
    score.add_argument("--memory-limit", default=None, help="DuckDB memory limit, e.g. 1GB")
    return parser


def _err(message: str) -> None:
    print(f"cxtools: error: {message}", file=sys.stderr)


def _echo(*, timestamps: bool):
    """Progress lines on stderr, flushed at once; with timestamps when not on a terminal."""
    from datetime import datetime, timezone

    def echo(line: str) -> None:
        if timestamps:
            line = f"{datetime.now(timezone.utc).isoformat(timespec='seconds')} {line}"
        print(line, file=sys.stderr, flush=True)

    return echo


def _cmd_run(args: argparse.Namespace) -> int:
    from cxtools import report

    notebooks = report.find_notebooks(args.notebooks, notebooks_dir=args.notebooks_dir)
    given: dict[str, object] = {}
    if args.parameters_file:
        given.update(report.read_parameters_file(args.parameters_file))
    for name, value in args.parameter:
        given[name] = value
    if args.data is not None:
        data_dir = Path(args.data)
        if not data_dir.is_dir():
            raise CxParameterError(f"--data {args.data!r} is not a folder")
        if "data_dir" in given:
            raise CxParameterError("give the data folder either with --data or with -p data_dir, not both")
        if any("data_dir" in {p.name for p in report.read_parameters(nb)} for nb in notebooks):
            given["data_dir"] = str(data_dir.resolve())
        else:
            print("cxtools: note: none of the selected notebooks has a data_dir parameter; --data is ignored",
                  file=sys.stderr)
    timeout = report.check_timeout(args.timeout, name="--timeout")
    report.resolve_parameters(notebooks, given)  # a bad value stops here, before the data are read
    lang = args.lang
    terminal = sys.stderr.isatty()
    echo = _echo(timestamps=not terminal)
    for data_dir in _data_folders(notebooks, given):
        # an invalid description stops the run here (exit 2), before any kernel starts
        echo(f"checking data folder {data_dir.name}")
        result = _check_data(data_dir, [nb.stem for nb in notebooks])
        if lang is None:
            lang = getattr(result.description, "language", None)

    # a terminal gets papermill's progress bar; a scheduler's log gets timestamped lines
    summary = report.run_notebooks(
        notebooks,
        parameters=given,
        out_dir=args.out,
        timeout=timeout,
        log_output=args.log_output,
        progress_bar=terminal and not args.log_output,
        echo=echo,
        lang=lang,
        pdf=args.pdf,
    )
    print()
    print(summary.table())
    n_ok = sum(r.ok for r in summary.results)
    n_skipped = sum(r.skipped for r in summary.results)
    skipped = f", {n_skipped} skipped for want of their data" if n_skipped else ""
    print(f"\n{n_ok} of {len(summary.results)} notebooks ok{skipped}; reports in {args.out}/index.html")
    return summary.exit_code


def _data_folders(notebooks, given) -> list[Path]:
    """The data folders the notebooks will read: --data, or each notebook's default data_dir."""
    from cxtools import report

    folders: list[Path] = []
    for nb in notebooks:
        declared = {p.name: p for p in report.read_parameters(nb)}
        if "data_dir" not in declared:
            continue
        value = given.get("data_dir", declared["data_dir"].default)
        if not isinstance(value, str) or not value:
            continue
        path = Path(value)
        path = (path if path.is_absolute() else Path(nb).parent / path).resolve()
        if path.is_dir() and path not in folders:
            folders.append(path)
    return folders


def _check_data(data_dir: Path, stems: list[str]):
    """``cxtools check`` before the run: the description must be valid; print what will run and skip."""
    from cxtools.data.description import check
    from cxtools.data.description._plan import notebook_status

    result = check(data_dir)
    print(f"data folder {data_dir.name}: "
          + ("data description " + Path(result.description.config_path).name if result.description.config_path
             else "no cxtools.yaml, assuming the layout of the bundled sample"))
    if not result.ok:
        for row in result.problems.itertuples(index=False):
            print(f"  problem: {row.source}: {row.problem}")
    planned = result.plan[result.plan["notebook"].isin(stems)]
    if len(planned):
        for row in notebook_status(planned).itertuples(index=False):
            state = (f"runs {row.sections_run} of {row.sections_run + row.sections_skipped} sections" if row.runs
                     else row.reason)
            print(f"  {row.notebook}: {state}")
            for section in planned[(planned["notebook"] == row.notebook) & ~planned["runs"]].itertuples(index=False):
                if row.runs:
                    print(f"      skip {section.section} -- {section.reason}")
    sys.stdout.flush()
    return result


def _cmd_list(args: argparse.Namespace) -> int:
    from cxtools import report

    notebooks = report.list_notebooks(args.notebooks_dir)
    if not notebooks:
        print("no notebooks found")
        return EXIT_OK
    import nbformat

    for path in notebooks:
        title = report.notebook_title(nbformat.read(str(path), as_version=4))
        print(f"{path.stem}" + (f" -- {title}" if title else ""))
        params = report.read_parameters(path)
        if not params:
            print("    (no parameters)")
        for p in params:
            kind = p.type or type(p.default).__name__
            line = f"    {p.name}: {kind} = {p.default_source}"
            print(f"{line:<60}  # {p.help}" if p.help else line)
            accepts = report.parameter_values(p)
            if accepts:
                print(f"        values: {accepts}")
        print()
    return EXIT_OK


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from cxtools.report.copies import write_working_copies

    written = write_working_copies(args.out, lang=args.lang, notebooks_dir=args.notebooks_dir,
                                   names=args.names or None)
    print(f"{len(written)} notebooks in {'English' if args.lang == 'en' else 'Russian'} written to {args.out}")
    for path in written:
        print(f"  {path.name}")
    return EXIT_OK


def _cmd_sample_data(args: argparse.Namespace) -> int:
    try:
        from cxtools.data.samples import write_sample_data
    except ImportError as exc:
        _err(f"the sample-data generator is not available ({exc})")
        return EXIT_FAILED
    if args.customers < 1:
        raise CxParameterError(f"--customers must be at least 1, got {args.customers}")
    result = write_sample_data(args.out, n_customers=args.customers, seed=args.seed, format=args.format,
                               dirty=not args.clean)
    print(f"sample data written to {args.out}")
    if isinstance(result, dict):
        for value in result.values():
            print(f"  {Path(value).name}")
    return EXIT_OK


def _cmd_init(args: argparse.Namespace) -> int:
    from cxtools.data.description._commands import run_init

    return run_init(args.data, config=args.config, force=args.force)


def _cmd_check(args: argparse.Namespace) -> int:
    from cxtools.data.description._commands import run_check

    return run_check(args.data, config=args.config)


def _cmd_workshop(args: argparse.Namespace) -> int:
    from cxtools import workshop

    if args.workshop_command == "build":
        kit = workshop.build_student_edition(args.out, seed=args.seed, n_customers=args.customers, lang=args.lang)
        print(f"student edition of {len(kit['notebooks'])} notebooks and the data written to {args.out}")
        return EXIT_OK
    if args.workshop_command == "check":
        table = workshop.check_kit(args.kit, names=args.notebooks or None)
        print(workshop.summarise_kit(table))
        if table.empty:
            _err(f"no notebooks NN_*.ipynb in {Path(args.kit) / 'notebooks'}")
            return EXIT_USAGE
        return EXIT_OK if bool(table["ok"].all()) else EXIT_FAILED
    folder = workshop.build_wheelhouse(args.out, platforms=tuple(args.platform or ("linux", "macos", "windows")))
    print(f"{len(list(folder.glob('*.whl')))} wheels in {folder}; participants install with\n"
          f"  python -m pip install --no-index --find-links {folder} \"cxtools[lab]\"")
    return EXIT_OK


def _cmd_score(args: argparse.Namespace) -> int:
    from cxtools.ltv.scoring import run_score_command

    return run_score_command(args)


def _cmd_doctor(args: argparse.Namespace) -> int:
    from cxtools.workshop import doctor

    report = doctor()
    print(report)
    return EXIT_OK if report.ok else EXIT_FAILED


def _interrupted(exc: KeyboardInterrupt, *, exit_now: bool) -> int:
    """One plain message for a run stopped by a signal; the exit code is 128 + its number.

    As the ``cxtools`` command (``exit_now``), the process ends at once: everything of the run
    (kernels, work folder, lock) is already cleaned up, and tearing down the interpreter with
    the data it had read can take seconds.
    """
    from cxtools.report.execute import RunInterrupted

    signum = exc.signum if isinstance(exc, RunInterrupted) else signal.SIGINT
    what = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
    if isinstance(exc, RunInterrupted) and not exc.kernels:
        _err(f"{what}; no kernel was running")
    else:
        _err(f"{what}; the running kernel was stopped and its work folder removed")
    code = 128 + int(signum)
    if exit_now:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    return code


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cxtools`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = {"run": _cmd_run, "list": _cmd_list, "notebooks": _cmd_notebooks, "sample-data": _cmd_sample_data,
               "init": _cmd_init, "check": _cmd_check, "workshop": _cmd_workshop,
               "doctor": _cmd_doctor, "score": _cmd_score}[args.command]
    from cxtools.report.execute import stop_signals

    try:
        if args.command == "run":  # a signal is obeyed at every stage, the data check included
            with stop_signals():
                return handler(args)
        return handler(args)
    except CxParameterError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        return _interrupted(exc, exit_now=argv is None)
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except CxError as exc:
        _err(str(exc))
        return EXIT_FAILED
