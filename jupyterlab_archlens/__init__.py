"""ArchLens: see the neural networks a notebook builds, without running it.

The Python package only ships the prebuilt JupyterLab extension; all analysis happens in
the browser (a Web Worker) or in the Node CLI, never in a kernel.
"""
try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_archlens' outside a proper installation.")
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-archlens"}]
