"""A Jupyter kernel for urnn: runs `urnn kernel` and maps its line-delimited JSON
protocol (docs/kernel.md) onto the Jupyter messaging protocol through ipykernel."""

__version__ = "0.1.0"
