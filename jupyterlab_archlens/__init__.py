"""ArchLens: see the neural networks a notebook builds, without running it.

The Python package ships the prebuilt JupyterLab extension and a small read-only server
extension (handlers.py) that serves the source of the modules a notebook's kernel environment
has; all analysis happens in the browser (a Web Worker) or in the Node CLI, never in a kernel.
"""
try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_archlens' outside a proper installation.")
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-archlens"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_archlens"}]


def _load_jupyter_server_extension(server_app):
    """Registers the read-only module-source endpoint (handlers.py)."""
    from .handlers import setup_handlers

    setup_handlers(server_app.web_app)
    server_app.log.info("jupyterlab_archlens: serving module sources at archlens/modules")
