"""Notebooks run with the urnn kernel by real Jupyter tools: nbclient executes a test
notebook and the example explore.ipynb, and `jupyter nbconvert --to html --execute`
writes a report with the plots embedded. Run by Tests/urnnTests/JupyterKernelTests.swift."""

import os
import shutil
import subprocess
import sys
import unittest

import nbformat
from nbclient import NotebookClient

from support import JupyterEnvironment

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "scripts", "examples")
code = nbformat.v4.new_code_cell


def test_notebook():
    cells = [
        code("a = 3\nprint a * 2"),
        code("print expm([[1, 2, 3]])"),
        code("a + 1"),
        code('seed 1\ntask copy = copy delay=5 train=40 test=8\nmodel u = urnn hidden=4\n'
             'train u on copy steps=3 batch=4\nplot eig u to "eig.png"\nplot loss u to "loss.png"'),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "urnn", "display_name": "urnn", "language": "urnn"}
    return notebook


def kinds(cell):
    return [output["output_type"] for output in cell.outputs]


class NotebookTests(unittest.TestCase):
    def test_a_notebook_runs_on_past_an_error_with_plots_inline(self):
        with JupyterEnvironment() as env:
            notebook = test_notebook()
            NotebookClient(notebook, timeout=120, kernel_name="urnn", allow_errors=True,
                           resources={"metadata": {"path": env.work}}).execute()
            first, bad, after, plots = notebook.cells
            self.assertEqual(first.outputs[0]["text"], "6\n")
            self.assertEqual(kinds(bad), ["error"])
            traceback = "\n".join(bad.outputs[0]["traceback"])
            self.assertIn("<cell 2>:1:7: error: expm needs a square matrix, got 1x3", traceback)
            self.assertIn("\n          ^", traceback)
            self.assertEqual(after.outputs[0]["data"]["text/plain"], "4")
            self.assertEqual(after.execution_count, 3)
            images = [o for o in plots.outputs if o["output_type"] == "display_data"]
            self.assertEqual(len(images), 2)
            self.assertTrue(all("image/png" in o["data"] for o in images))
            self.assertTrue(os.path.exists(os.path.join(env.work, "eig.png.gp")))

    def test_explore_runs_with_a_plot_under_each_plot_cell(self):
        with JupyterEnvironment() as env:
            notebook = nbformat.read(os.path.join(EXAMPLES, "explore.ipynb"), as_version=4)
            NotebookClient(notebook, timeout=300, kernel_name="urnn",
                           resources={"metadata": {"path": env.work}}).execute()
            text = ""
            for cell in notebook.cells:
                if cell.cell_type != "code":
                    continue
                self.assertNotIn("error", kinds(cell), cell.source)
                text += "".join(o.get("text", "") for o in cell.outputs)
                plots = cell.source.count("plot ")
                images = [o for o in cell.outputs if o["output_type"] == "display_data" and "image/png" in o["data"]]
                self.assertEqual(len(images), plots, cell.source)
            self.assertIn("stopped being unitary after 1 iterations", text)
            self.assertIn("worst ||W W^T - I||_F", text)
            self.assertIn("baseline (no memory)", text)
            self.assertIn("train orth on copy: 150 steps", text)

    def test_nbconvert_writes_html_with_the_plots_embedded(self):
        with JupyterEnvironment() as env:
            path = os.path.join(env.work, "report.ipynb")
            notebook = test_notebook()
            del notebook.cells[1]
            nbformat.write(notebook, path)
            jupyter = shutil.which("jupyter")
            command = [jupyter, "nbconvert"] if jupyter else [sys.executable, "-m", "nbconvert"]
            result = subprocess.run(
                command + ["--to", "html", "--execute", path],
                cwd=env.work, capture_output=True, text=True, timeout=180)
            self.assertEqual(result.returncode, 0, result.stderr[-2000:])
            with open(os.path.join(env.work, "report.html")) as f:
                html = f.read()
            self.assertEqual(html.count('src="data:image/png;base64,'), 2)
            self.assertTrue("plot eig u to" in html.replace("<span", "").replace("</span>", "") or "eig.png" in html,
                            "the cell's source is not in the report")


if __name__ == "__main__":
    unittest.main()
