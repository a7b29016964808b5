"""ArchLens: see the neural networks a notebook builds, without running it.

The Python package ships the prebuilt JupyterLab extension, a small read-only server
extension (handlers.py) that serves the source of the modules a notebook's kernel environment
has, and the bundled Node CLI; all analysis happens in the browser (a Web Worker) or in the
Node CLI, never in a kernel. ``scan()`` runs the CLI over a corpus and returns a pandas
DataFrame (pandas and dask are the optional ``[scan]`` extra, imported only when ``scan()`` is
called).
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


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_archlens"}]


def _load_jupyter_server_extension(server_app):
    """Registers the read-only module-source and hub-config endpoints (handlers.py)."""
    from .handlers import setup_handlers

    setup_handlers(server_app.web_app)
    server_app.log.info("jupyterlab_archlens: serving module sources at archlens/modules and hub configs at archlens/hub-config")
