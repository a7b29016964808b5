"""pytest-jupyter's server fixtures (jp_fetch, jp_serverapp, ...) for the server extension tests."""
pytest_plugins = ("pytest_jupyter.jupyter_server",)
