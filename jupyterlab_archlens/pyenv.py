"""The Python environment of a kernelspec and its modules' source files, found from files only.

The interpreter is argv[0] of the kernelspec (a bare ``python``/``python3``/``pythonX.Y`` is
the server's own interpreter, as jupyter_client launches it); its import directories are
computed the way CPython's ``site`` module computes them: a venv's ``pyvenv.cfg`` (with
``include-system-site-packages``/``home``), else the prefix of the interpreter's real path
(``lib/pythonX.Y/site-packages``, Debian's ``dist-packages``, the user site), pyenv shims
through their version files. ``.pth`` files add plain directory lines only; ``import`` lines
are never run. Modules are resolved like CPython's path finder and every read is confined by
real path to the import directories and size-checked first.

Does not: start the interpreter or a kernel, import anything from the environment, or read
files other than ``.py`` sources (and the small ``pyvenv.cfg``/``.pth``/version files).
Mirrors ``src/cli/pyenv.ts`` and ``src/cli/modules.ts`` (the CLI's side).
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass, field

#: Largest module file served (bytes). The largest model-library files are ~280 KB
#: (transformers' modeling_utils.py); the analyzer's maxLibraryFileBytes is the same 1 MiB.
MAX_FILE_BYTES = 1024 * 1024
#: Most names in a package's listing of submodules; a larger package is answered without one
#: (the client then asks for each submodule it needs).
MAX_LISTING = 4096
#: Small settings files (pyvenv.cfg, .pth, pyenv version files) larger than this are ignored.
MAX_SMALL_FILE_BYTES = 65536

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_EXTENSION = re.compile(r"^(\.cpython-[^.]+|\.abi3|)\.(so|pyd)$")
_PYTHON_NAMES = {"python", "python%i" % sys.version_info[0], "python%i.%i" % sys.version_info[:2]}


def is_module_name(name: str) -> bool:
    """Whether every dotted part is a Python identifier (nothing else is ever resolved)."""
    return 0 < len(name) <= 512 and all(_IDENT.match(p) for p in name.split("."))


def _is_dir(p: str) -> bool:
    return os.path.isdir(p)


def _is_file(p: str) -> bool:
    return os.path.isfile(p)


def _small_text(p: str) -> str | None:
    try:
        if os.stat(p).st_size > MAX_SMALL_FILE_BYTES:
            return None
        with open(p, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def _read_cfg(p: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (_small_text(p) or "").splitlines():
        key, eq, value = line.partition("=")
        if eq and key.strip():
            out[key.strip().lower()] = value.strip()
    return out


def _major_minor(text: str | None) -> str | None:
    m = re.match(r"^(\d+)\.(\d+)", text or "")
    return f"{m.group(1)}.{m.group(2)}" if m else None


def _lib_versions(prefix: str) -> list[str]:
    try:
        names = os.listdir(os.path.join(prefix, "lib"))
    except OSError:
        return []
    versions = [m.group(1) for n in names for m in [re.match(r"^python(\d+\.\d+)$", n)] if m]
    return sorted(versions, key=lambda v: -int(v.split(".")[1]))


def pth_dirs(site: str) -> list[str]:
    """Directories the .pth files of ``site`` add: plain directory lines only, never ``import`` lines."""
    try:
        names = sorted(n for n in os.listdir(site) if n.endswith(".pth") and not n.startswith("."))
    except OSError:
        return []
    out = []
    for n in names:
        text = _small_text(os.path.join(site, n))
        for raw in (text or "").splitlines():
            line = raw.rstrip()
            if not line.strip() or line.startswith("#") or re.match(r"^import[ \t]", line):
                continue
            d = os.path.normpath(os.path.join(site, line))
            if _is_dir(d):
                out.append(d)
    return out


def _user_site(version: str, env: dict) -> str:
    base = env.get("PYTHONUSERBASE") or os.path.join(os.path.expanduser("~"), ".local")
    return os.path.join(base, "lib", f"python{version}", "site-packages")


def prefix_sites(prefix: str, version: str | None, env: dict, user: bool) -> list[str]:
    """Site directories of an installation prefix (not a venv), user site first as site.py."""
    sites = []
    for v in [version] if version else _lib_versions(prefix):
        if user and "PYTHONNOUSERSITE" not in env:
            sites.append(_user_site(v, env))
        sites += [
            os.path.join(prefix, "local", "lib", f"python{v}", "dist-packages"),
            os.path.join(prefix, "lib", "python3", "dist-packages"),
            os.path.join(prefix, "lib", f"python{v}", "dist-packages"),
            os.path.join(prefix, "lib", f"python{v}", "site-packages"),
            os.path.join(prefix, "lib64", f"python{v}", "site-packages"),
        ]
    return sites


def venv_sites(venv: str, env: dict) -> list[str]:
    """Site directories of a venv folder, its pyvenv.cfg read for the version and the base."""
    cfg = _read_cfg(os.path.join(venv, "pyvenv.cfg"))
    versions = _lib_versions(venv)
    version = _major_minor(cfg.get("version_info") or cfg.get("version")) or (versions[0] if versions else None)
    sites = []
    if version:
        sites += [
            os.path.join(venv, "lib", f"python{version}", "site-packages"),
            os.path.join(venv, "lib64", f"python{version}", "site-packages"),
        ]
    sites.append(os.path.join(venv, "Lib", "site-packages"))
    if cfg.get("include-system-site-packages", "").lower() == "true" and cfg.get("home"):
        base = os.path.realpath(cfg["home"])
        sites += prefix_sites(os.path.dirname(base) if os.path.basename(base) == "bin" else base, version, env, True)
    return sites


def _venv_of(exe: str) -> str | None:
    for d in (os.path.dirname(exe), os.path.dirname(os.path.dirname(exe))):
        if _is_file(os.path.join(d, "pyvenv.cfg")):
            return d
    return None


def _pyenv_version(root: str, env: dict) -> str | None:
    if env.get("PYENV_VERSION"):
        return env["PYENV_VERSION"].split(":")[0].split()[0]
    text = _small_text(os.path.join(root, "version"))
    words = (text or "").split()
    return words[0] if words else None


def interpreter_sites(exe: str, env: dict, depth: int = 0) -> list[str] | None:
    """Site directories of the interpreter at ``exe`` (a venv's, a prefix's, a pyenv shim's)."""
    venv = _venv_of(exe)
    if venv:
        return venv_sites(venv, env)
    if not os.path.exists(exe):
        return None
    real = os.path.realpath(exe)
    if os.path.basename(os.path.dirname(real)) == "shims" and depth == 0:
        root = os.path.dirname(os.path.dirname(real))
        version = _pyenv_version(root, env)
        if not version or version == "system":
            return None
        return interpreter_sites(os.path.join(root, "versions", version, "bin", "python3"), env, depth + 1)
    prefix = os.path.dirname(os.path.dirname(real))
    m = re.match(r"^python(\d+\.\d+)", os.path.basename(real))
    if not _lib_versions(prefix):
        return None
    return prefix_sites(prefix, m.group(1) if m else None, env, True)


def import_dirs(sites: list[str]) -> list[str]:
    """Each existing site directory followed by what its .pth files add, without repeats."""
    out: list[str] = []
    for s in sites:
        if _is_dir(s):
            for d in [s, *pth_dirs(s)]:
                if _is_dir(d) and d not in out:
                    out.append(d)
    return out


def kernel_interpreter(argv: list[str], language: str | None) -> str | None:
    """The interpreter a kernelspec would run, found without running it; None if not Python."""
    if not argv or (language or "python").lower() != "python":
        return None
    cmd = argv[0]
    if cmd in _PYTHON_NAMES:
        return sys.executable  # what jupyter_client's format_kernel_cmd launches
    if os.path.isabs(cmd):
        return cmd
    if os.sep in cmd:
        return None
    return shutil.which(cmd)


@dataclass
class Environment:
    """The import directories of one interpreter, real paths resolved once."""

    interpreter: str
    dirs: list[str]
    roots: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for d in self.dirs:
            r = os.path.realpath(d)
            if os.path.isdir(r) and r not in self.roots:
                self.roots.append(r)

    def inside(self, real: str) -> bool:
        return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in self.roots)


def environment_of(interpreter: str, env: dict | None = None) -> Environment | None:
    sites = interpreter_sites(interpreter, dict(os.environ) if env is None else env)
    if sites is None:
        return None
    return Environment(interpreter, import_dirs(sites))


@dataclass
class Answer:
    """What a module name resolved to: a file, or why not (``reason``)."""

    name: str
    path: str | None = None
    package: bool = False
    namespace: bool = False
    mtime: float = 0.0
    size: int = 0
    reason: str | None = None
    #: folders its submodules are looked for in (a package's __path__, real paths)
    search: list[str] = field(default_factory=list)
    #: a package's possible submodule names (a superset: a name not in it is absent), or None
    submodules: list[str] | None = None

    def to_json(self, text: str | None = None) -> dict:
        if self.reason:
            return {"name": self.name, "found": False, "reason": self.reason}
        out = {"name": self.name, "found": True, "path": self.path, "package": self.package,
               "namespace": self.namespace, "mtime": self.mtime, "size": self.size}
        if self.submodules is not None:
            out["submodules"] = self.submodules
        if text is not None:
            out["text"] = text
        return out


def _is_extension(entry: str, name: str) -> bool:
    return entry.startswith(name + ".") and bool(_EXTENSION.match(entry[len(name):]))


class Resolver:
    """Absolute module names -> source files, as CPython's path finder, confined to ``env``."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._found: dict[str, Answer] = {}

    def _list(self, d: str) -> list[str] | None:
        if not self.env.inside(d):
            return None
        try:
            return os.listdir(d)
        except OSError:
            return None

    def _real(self, p: str) -> str | None:
        real = os.path.realpath(p)
        return real if os.path.exists(real) and self.env.inside(real) else None

    def _file(self, name: str, p: str, package: bool, search: list[str]) -> Answer:
        real = self._real(p)
        if real is None:
            return Answer(name, reason="outside")
        try:
            st = os.stat(real)
        except OSError:
            return Answer(name, reason="unreadable")
        if not os.path.isfile(real):
            return Answer(name, reason="absent")
        if st.st_size > MAX_FILE_BYTES:
            return Answer(name, reason="too-large")
        return Answer(name, path=real, package=package, mtime=st.st_mtime_ns / 1e6, size=st.st_size, search=search)

    def resolve(self, name: str) -> Answer:
        hit = self._found.get(name)
        if hit is None:
            hit = self._resolve(name)
            if hit.package and not hit.reason:
                hit.submodules = self._submodules(hit.search)
            self._found[name] = hit
        return hit

    def _submodules(self, search: list[str]) -> list[str] | None:
        """Every name a submodule of a package with folders ``search`` could have, as
        ``_resolve`` looks for it (an entry ``x``, ``x.py`` or a compiled ``x``), or None when
        there are more than MAX_LISTING."""
        names: set[str] = set()
        for d in search:
            for e in self._list(d) or []:
                stem = e.split(".", 1)[0] if e.endswith((".py", ".so", ".pyd")) else e
                if _IDENT.match(stem):
                    names.add(stem)
            if len(names) > MAX_LISTING:
                return None
        return sorted(names)

    def _resolve(self, name: str) -> Answer:
        if not is_module_name(name):
            return Answer(name, reason="invalid")
        parent, _, last = name.rpartition(".")
        if parent:
            p = self.resolve(parent)
            if p.reason:
                return Answer(name, reason="absent")
            dirs = p.search
        else:
            dirs = self.env.roots
        portions: list[str] = []
        for d in dirs:
            entries = self._list(d)
            if entries is None:
                continue
            if last in entries:
                pkg = self._real(os.path.join(d, last))
                if pkg is None:
                    return Answer(name, reason="outside")
                if os.path.isdir(pkg):
                    inner = self._list(pkg) or []
                    if any(_is_extension(e, "__init__") for e in inner):
                        return Answer(name, reason="native")
                    if "__init__.py" in inner:
                        return self._file(name, os.path.join(pkg, "__init__.py"), True, [pkg])
                    portions.append(pkg)
            if any(_is_extension(e, last) for e in entries):
                return Answer(name, reason="native")
            if f"{last}.py" in entries:
                return self._file(name, os.path.join(d, f"{last}.py"), False, [])
        if portions:
            return Answer(name, path=portions[0], package=True, namespace=True, search=portions)
        return Answer(name, reason="absent")

    def read(self, answer: Answer) -> str | None:
        """The text of a found module file (re-checked: real path inside, size), else None."""
        if answer.reason or answer.namespace or answer.path is None:
            return "" if answer.namespace else None
        real = self._real(answer.path)
        if real is None:
            return None
        try:
            with open(real, "rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_FILE_BYTES:
            return None
        return data.decode("utf-8", errors="replace")
