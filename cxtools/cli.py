"""Command-line interface: ``cxtools run | list | sample-data``.

``cxtools run`` executes notebooks headless (papermill) and writes stakeholder
reports; ``cxtools list`` documents each notebook's parameters; ``cxtools
sample-data`` writes the seeded sample data set. ``python -m cxtools`` is the same
command.

Exit codes: 0 success, 1 a notebook failed or timed out, 2 bad command line or
parameter (nothing was run), 130 interrupted with Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxtools.errors import CxError, CxParameterError

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser() -> argparse.ArgumentParser:
    """The ``cxtools`` argument parser (sub-commands ``run``, ``list``, ``sample-data``)."""
    parser = argparse.ArgumentParser(
        prog="cxtools",
        description="Customer-experience research notebooks: run them headless, list their parameters, "
        "write sample data.",
    )
    from cxtools import __version__

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
                     help="longest time a single cell may run (default: no limit)")
    run.add_argument("--log-output", action="store_true",
                     help="print a line per cell and the cells' output instead of a progress bar")
    run.add_argument("--notebooks-dir", metavar="DIR", help="folder with the notebooks (default: the project's)")

    lst = commands.add_parser("list", help="list notebooks and their parameters",
                              description="List each notebook with its title and parameters (type, default, help).")
    lst.add_argument("--notebooks-dir", metavar="DIR", help="folder with the notebooks (default: the project's)")

    sample = commands.add_parser("sample-data", help="write the seeded sample data set",
                                 description="Write the synthetic sample data set (see data/samples/README.md).")
    sample.add_argument("--out", metavar="DIR", required=True, help="folder to write the files into")
    sample.add_argument("--customers", type=int, default=4000, metavar="N", help="number of customers (default 4000)")
    sample.add_argument("--seed", type=int, default=2026, metavar="S", help="random seed (default 2026)")
    sample.add_argument("--format", choices=("csv", "parquet"), default="csv", help="file format (default csv)")
    sample.add_argument("--clean", action="store_true",
                        help="leave out the deliberately dirty rows the loaders are meant to reject")

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
    score.add_argument("--time-unit", choices=("D", "W", "M", "Y"), default=None,
                       help="unit of --horizon (default: the model's)")
    score.add_argument("--customer", default="customer_id", help="customer id column (default customer_id)")
    score.add_argument("--timestamp", default="timestamp", help="purchase time column (default timestamp)")
    score.add_argument("--amount", default=None, help="spend column (needed with --spend-model)")
    score.add_argument("--exclude", default=None, help="boolean column of rows that are not purchases")
    score.add_argument("--observation-end", default=None, help="last day observed (default: last purchase day)")
    score.add_argument("--margin", type=float, default=1.0, help="profit share of revenue (default 1)")
    score.add_argument("--discount-rate", type=float, default=0.0, help="per --discount-period (default 0)")
    score.add_argument("--discount-period", choices=("day", "week", "month", "year"), default="year")
    score.add_argument("--interval", type=float, default=0.9, help="CLV interval width (default 0.9)")
    score.add_argument("--no-interval", action="store_true", help="no CLV interval (much faster on large logs)")
    score.add_argument("--n-draws", type=int, default=200, help="parameter draws for the interval (default 200)")
    score.add_argument("--engine", choices=("duckdb", "spark"), default=None, help="default: from the source")
    score.add_argument("--memory-limit", default=None, help="DuckDB memory limit, e.g. 1GB")

    def _cmd_score(args: argparse.Namespace) -> int:
        from cxtools.ltv.scoring import run_score_command

        return run_score_command(args)

    score.set_defaults(handler=_cmd_score)
    return parser


def _err(message: str) -> None:
    print(f"cxtools: error: {message}", file=sys.stderr)


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
    if args.timeout is not None and args.timeout <= 0:
        raise CxParameterError(f"--timeout must be a positive number of seconds, got {args.timeout:g}")

    if args.log_output:
        import logging

        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
        logging.getLogger("papermill").setLevel(logging.INFO)

    summary = report.run_notebooks(
        notebooks,
        parameters=given,
        out_dir=args.out,
        timeout=args.timeout,
        log_output=args.log_output,
        progress_bar=not args.log_output,
        echo=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print()
    print(summary.table())
    n_ok = sum(r.ok for r in summary.results)
    print(f"\n{n_ok} of {len(summary.results)} notebooks ok; reports in {args.out}/index.html")
    return EXIT_OK if summary.ok else EXIT_FAILED


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
        print()
    return EXIT_OK


def _cmd_sample_data(args: argparse.Namespace) -> int:
    try:
        from cxtools.samples import write_sample_data
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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cxtools`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = getattr(args, "handler", None) or {"run": _cmd_run, "list": _cmd_list,
                                                 "sample-data": _cmd_sample_data}[args.command]
    try:
        return handler(args)
    except CxParameterError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted; the running kernel was stopped")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into `head` and the like
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except CxError as exc:
        _err(str(exc))
        return EXIT_FAILED
