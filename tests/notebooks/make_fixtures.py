"""Write the report runner's fixture notebooks: ``python tests/notebooks/make_fixtures.py``."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

def nb(title, params, *cells):
    p = new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    book = new_notebook(cells=[new_markdown_cell(f"# {title}\n\nFixture for the report runner's tests."), p,
                               *[new_code_cell(c) if not c.startswith("#md ") else new_markdown_cell(c[4:]) for c in cells]])
    for i, cell in enumerate(book.cells):
        cell.id = f"cell-{i}"  # stable ids: regenerating gives the same files
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.metadata["language_info"] = {"name": "python"}
    return book

books = {
"ok": nb("Fixture that succeeds",
    'data_dir: str = "."  # folder with the data files\nscale: float = 2.0  # multiplier for the published answer\nfail: bool = False  # raise on purpose (to test that the last good report is kept)',
    "import matplotlib.pyplot as plt\nfrom cxtools.report import publish_metrics",
    "#md ## Result\n\nA line and a number.",
    "if fail:\n    raise ValueError('asked to fail')",
    "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([0, 1, 2], [0, 1, 4])\nax.set_xlabel('month')\nax.set_ylabel('customers')\nplt.show()",
    "import os\npublish_metrics({'answer': 21 * scale, 'n': 3, 'data_dir_is_absolute': os.path.isabs(data_dir)})",
    "publish_metrics({'n': 4, 'label': 'final'})",
),
"raises": nb("Fixture that raises",
    'divisor: int = 0  # 0 makes the notebook fail',
    "x = 1",
    "y = x / divisor",
),
"sleeps": nb("Fixture that sleeps",
    'seconds: float = 60.0  # how long the slow cell sleeps',
    "import time",
    "time.sleep(seconds)",
    "print('woke up')",
),
"typed": nb("Fixture with typed parameters",
    '\n'.join([
        'flag: bool = True  # a yes/no switch',
        'code: str = "A1"  # a code that must stay text',
        'count: int = 3  # a whole number',
        'ratio: float = 0.5  # a share between 0 and 1',
        'waves: list[str] = ["2025Q1", "2025Q2"]  # survey waves',
        'ids: list[int] = [1, 2]  # some numbers',
        'label: str | None = None  # optional text',
    ]),
    "from cxtools.report import publish_metrics\npublish_metrics({\n"
    "    'flag': flag, 'flag_type': type(flag).__name__,\n"
    "    'code': code, 'code_type': type(code).__name__,\n"
    "    'count': count, 'count_type': type(count).__name__,\n"
    "    'ratio': ratio, 'ratio_type': type(ratio).__name__,\n"
    "    'waves': waves, 'ids': ids, 'label': label,\n})",
),
"leaky": nb("Fixture that shows personal data",
    'data_dir: str = "."  # folder with the data files\nshow: str = "ivan.petrov@example.com"  # what the notebook prints\n'
    'to_stderr: bool = False  # print it as a warning (left out of the HTML, kept in the notebook)',
    "from cxtools.report import publish_metrics\npublish_metrics({'rows': 1})",
    "import sys\nprint('contact:', show, file=sys.stderr if to_stderr else sys.stdout)",
),
}
if __name__ == "__main__":
    import pathlib

    here = pathlib.Path(__file__).parent
    for name, book in books.items():
        nbformat.validate(book)
        nbformat.write(book, here / f"{name}.ipynb")
