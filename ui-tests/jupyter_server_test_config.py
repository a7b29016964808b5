"""JupyterLab server configuration for the Galata UI tests (never for real use)."""
from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821

# Port 8888 may be taken by a developer's own JupyterLab; the tests use their own port.
c.ServerApp.port = 8931  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821  (CI runs as root)
