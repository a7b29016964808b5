"""ArchLens: see the neural networks a notebook builds, without running it.

The Python package ships the prebuilt JupyterLab extension and the bundled Node CLI; all
analysis happens in the browser (a Web Worker) or in the Node CLI, never in a kernel.
``scan()`` runs the CLI over a corpus and returns a pandas DataFrame (pandas and dask are the
optional ``[scan]`` extra, imported only when ``scan()`` is called).
"""
try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_archlens' outside a proper installation.")
    __version__ = "dev"

from ._scan import scan  # noqa: E402  (imports neither pandas nor dask)

__all__ = ["scan", "__version__"]


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-archlens"}]
