"""JupyterLab server configuration for the Galata UI tests (never for real use)."""
from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821

# Port 8888 may be taken by a developer's own JupyterLab; the tests use their own port.
c.ServerApp.port = 8931  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821  (CI runs as root)

# A kernelspec whose interpreter is the fake environment of fixtures/pyenv (a venv holding the
# tiny model library `tinyzoo`): ArchLens' server extension reads that library's source from
# it. The interpreter is a stand-in that is never run (no kernel is ever started by the tests).
import json  # noqa: E402
import os  # noqa: E402
from tempfile import mkdtemp  # noqa: E402

_data = mkdtemp(prefix="archlens-jupyter-data-")
_python = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "pyenv", "venv", "bin", "python3")
os.makedirs(os.path.join(_data, "kernels", "archlens-fakeenv"))
with open(os.path.join(_data, "kernels", "archlens-fakeenv", "kernel.json"), "w") as f:
    json.dump({"argv": [os.path.normpath(_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
               "display_name": "ArchLens fake env", "language": "python"}, f)
# KernelSpecManager.kernel_dirs is not configurable: the kernelspec is found through JUPYTER_PATH.
os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in [_data, os.environ.get("JUPYTER_PATH", "")] if p)

# A second kernelspec, `archlens-libenv`: a fake venv created here whose site-packages is the
# library sources scripts/setup.sh installs into build/pylibs (timm, transformers,
# torchvision; never imported). Its interpreter is the same never-run stand-in. Without
# build/pylibs (setup.sh not run) the kernelspec is not added and its test skips.
_pylibs = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "pylibs"))
if os.path.isdir(_pylibs):
    _libenv = os.path.join(_data, "libenv")
    os.makedirs(os.path.join(_libenv, "bin"))
    os.makedirs(os.path.join(_libenv, "lib", "python3.11"))
    with open(os.path.join(_libenv, "pyvenv.cfg"), "w") as f:
        f.write("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n")
    os.symlink(os.path.normpath(_python), os.path.join(_libenv, "bin", "python3"))
    os.symlink(_pylibs, os.path.join(_libenv, "lib", "python3.11", "site-packages"))
    os.makedirs(os.path.join(_data, "kernels", "archlens-libenv"))
    with open(os.path.join(_data, "kernels", "archlens-libenv", "kernel.json"), "w") as f:
        json.dump({"argv": [os.path.join(_libenv, "bin", "python3"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                   "display_name": "ArchLens library env", "language": "python"}, f)

# The server's Hugging Face hub cache (the hub-config endpoint reads from_pretrained configs
# from it): the fixture cache, never the developer's own (pyenv-libraries.spec.ts).
os.environ["HF_HUB_CACHE"] = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "hf_cache", "hub"))
