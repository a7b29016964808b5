"""Server extension: read-only source of the modules a notebook's kernel environment has.

``GET {base_url}archlens/modules?kernel=NAME&name=a.b.c&name=...[&stat=1]`` answers, for each
absolute module name, its real path, whether it is a package (then the names its
submodules could have, so the client asks for no other), mtime (ms), size and text (not
with ``stat=1``), or why not (``absent``, ``native``, ``outside``, ``too-large``, ...). The
environment is the kernelspec's interpreter (``kernel`` empty: the default kernel), found
from files only (pyenv.py). Behind Jupyter's authentication and authorization (the
``contents`` read permission: these are files being read), names must be dotted Python
identifiers (no ``..``, no ``/``, no absolute path), every file is confined by real path to
the environment's import directories and size-limited.

``GET {base_url}archlens/hub-config?repo=bert-base-uncased&repo=org/name`` answers, for each
Hugging Face repo id, the ``config.json`` of its main snapshot in the server's local hub cache
(hubcache.py: confined to that folder by real path, size-limited), or that it is not there,
for ``from_pretrained(name)``. Same authentication and permission; repo ids are checked.

Does not: start or talk to a kernel or session, run the interpreter, import anything from
the environment, write anything, or serve files other than ``.py`` module sources and hub
``config.json`` files.
"""
from __future__ import annotations

import json
import re

import tornado
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .hubcache import HubCache, cache_dir, is_repo_id
from .pyenv import Resolver, environment_of, is_module_name, kernel_interpreter

#: Most module names per request (a client splits larger batches).
MAX_NAMES = 200
#: Most bytes of module text per response; names past it are answered "later" (ask again).
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
#: The URLs this extension serves (relative to the server's base URL).
ROUTE = "archlens/modules"
HUB_ROUTE = "archlens/hub-config"
#: Most repo ids per hub-config request.
MAX_REPOS = 20
#: Kernelspec names as jupyter_client defines them; anything else (``../x``) is refused, since
#: jupyter_client only warns about such names and would look for them as folders.
_KERNEL_NAME = re.compile(r"^[a-z0-9._-]{0,255}$", re.IGNORECASE)


class ModulesHandler(APIHandler):
    auth_resource = "contents"

    def _kernel_environment(self, kernel: str):
        ksm = self.kernel_spec_manager
        name = kernel or getattr(self.kernel_manager, "default_kernel_name", "python3")
        try:
            spec = ksm.get_kernel_spec(name)
        except Exception:  # NoSuchKernel and unreadable kernel.json alike
            return name, None
        interpreter = kernel_interpreter(list(spec.argv or []), spec.language)
        return name, environment_of(interpreter) if interpreter else None

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        names = self.get_arguments("name")
        if len(names) > MAX_NAMES:
            raise tornado.web.HTTPError(400, f"at most {MAX_NAMES} module names per request")
        bad = [n for n in names if not is_module_name(n)]
        if bad:
            raise tornado.web.HTTPError(400, "module names must be dotted Python identifiers")
        stat_only = self.get_argument("stat", "") == "1"
        kernel_name = self.get_argument("kernel", "")
        if not _KERNEL_NAME.match(kernel_name) or kernel_name in (".", ".."):
            raise tornado.web.HTTPError(400, "invalid kernelspec name")
        kernel, env = self._kernel_environment(kernel_name)
        if env is None:
            self.finish(json.dumps({"kernel": kernel, "environment": None,
                                    "modules": [{"name": n, "found": False, "reason": "no-environment"} for n in names]}))
            return
        resolver = Resolver(env)
        budget = MAX_RESPONSE_BYTES
        modules = []
        for n in names:
            answer = resolver.resolve(n)
            if answer.reason or stat_only:
                modules.append(answer.to_json())
                continue
            if answer.size > budget:
                modules.append({"name": n, "found": False, "reason": "later"})
                continue
            text = resolver.read(answer)
            if text is None:
                modules.append({"name": n, "found": False, "reason": "unreadable"})
                continue
            budget -= answer.size
            modules.append(answer.to_json(text))
        self.finish(json.dumps({"kernel": kernel, "environment": {"interpreter": env.interpreter}, "modules": modules}))


class HubConfigHandler(APIHandler):
    auth_resource = "contents"

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        repos = self.get_arguments("repo")
        if not repos or len(repos) > MAX_REPOS:
            raise tornado.web.HTTPError(400, f"1 to {MAX_REPOS} repo ids per request")
        if not all(is_repo_id(r) for r in repos):
            raise tornado.web.HTTPError(400, "repo ids must be hub names (name or org/name)")
        cache = HubCache(cache_dir())
        configs = []
        for r in repos:
            text = cache.config(r)
            configs.append({"repo": r, "found": False} if text is None else {"repo": r, "found": True, "text": text})
        self.finish(json.dumps({"configs": configs}))


def setup_handlers(web_app) -> None:
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [(url_path_join(base_url, ROUTE), ModulesHandler),
                                 (url_path_join(base_url, HUB_ROUTE), HubConfigHandler)])
