"""The module-source endpoint (handlers.py) against a fake kernel environment.

The environment is a copy of fixtures/pyenv (a venv whose site-packages holds ``tinyzoo``,
and a .pth that adds ``extra/``) with a kernelspec whose argv[0] is the venv's stand-in
interpreter (never run). Symlinks leading out of site-packages and a too-large file are added
to the copy. The same module names give the same answers as the CLI's resolver
(tests/env/library.test.ts).
"""
import json
import os
import shutil
import urllib.parse

import pytest
import tornado.httpclient

from jupyterlab_archlens.pyenv import MAX_FILE_BYTES, environment_of, kernel_interpreter, pth_dirs

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "pyenv")
KERNEL = "archlens-fake-env"


@pytest.fixture
def fake_env(tmp_path):
    root = tmp_path / "env"
    shutil.copytree(FIXTURE, root, symlinks=True)
    site = root / "venv" / "lib" / "python3.11" / "site-packages"
    outside = tmp_path / "outside"
    (outside / "leakypkg").mkdir(parents=True)
    (outside / "leaky.py").write_text("SECRET = 'outside'\n")
    (outside / "leakypkg" / "__init__.py").write_text("SECRET = 'outside'\n")
    os.symlink(outside / "leaky.py", site / "leaky.py")
    os.symlink(outside / "leakypkg", site / "leakypkg")
    os.symlink(site / "tinyzoo" / "layers.py", site / "layers_alias.py")
    # A relative symlink inside a package that climbs out, and a submodule of a package folder
    # that a symlink leads out to.
    (outside / "leakypkg" / "sub.py").write_text("SECRET = 'outside'\n")
    os.symlink(os.path.relpath(outside / "leaky.py", site / "tinyzoo"), site / "tinyzoo" / "relleak.py")
    (site / "huge.py").write_text("x = 1\n" * (MAX_FILE_BYTES // 6 + 10))
    (site / "fast.py").write_text("x = 1\n")
    (site / "fast.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    return {"root": root, "site": str(site.resolve()), "python": str(root / "venv" / "bin" / "python3")}


@pytest.fixture
def jp_server_config(fake_env, jp_data_dir):
    kernel_dir = jp_data_dir / "kernels" / KERNEL
    kernel_dir.mkdir(parents=True)
    spec = {"argv": [fake_env["python"], "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Fake env", "language": "python"}
    (kernel_dir / "kernel.json").write_text(json.dumps(spec))
    return {"ServerApp": {"jpserver_extensions": {"jupyterlab_archlens": True}}}


def query(*names, kernel=KERNEL, **extra):
    return [("kernel", kernel)] + [("name", n) for n in names] + list(extra.items())


async def get(jp_fetch, *names, **kw):
    response = await jp_fetch("archlens", "modules", params=query(*names, **kw), method="GET")
    assert response.code == 200
    body = json.loads(response.body)
    return {m["name"]: m for m in body["modules"]}, body


async def test_a_module_is_found_with_its_text(jp_fetch, fake_env):
    modules, body = await get(jp_fetch, "tinyzoo.layers", "tinyextra")
    layers = modules["tinyzoo.layers"]
    assert layers["found"] is True and layers["package"] is False
    assert layers["path"] == os.path.join(fake_env["site"], "tinyzoo", "layers.py")
    assert "class ConvBNAct(nn.Sequential)" in layers["text"]
    assert layers["size"] == len(layers["text"].encode())
    assert body["environment"]["interpreter"] == fake_env["python"]
    # found through the .pth line of site-packages
    assert modules["tinyextra"]["path"].endswith(os.path.join("extra", "tinyextra.py"))


async def test_a_package_gives_its_init(jp_fetch, fake_env):
    modules, _ = await get(jp_fetch, "tinyzoo", "tinyzoo.models", "tinyzoo.models.convnet")
    assert modules["tinyzoo"]["package"] is True
    assert modules["tinyzoo"]["path"] == os.path.join(fake_env["site"], "tinyzoo", "__init__.py")
    assert "from .layers import" in modules["tinyzoo"]["text"]
    assert modules["tinyzoo.models"]["path"].endswith(os.path.join("tinyzoo", "models", "__init__.py"))
    assert modules["tinyzoo.models.convnet"]["found"] is True


async def test_stat_only_answers_have_no_text(jp_fetch):
    modules, _ = await get(jp_fetch, "tinyzoo", stat="1")
    assert modules["tinyzoo"]["found"] is True and "text" not in modules["tinyzoo"]
    assert modules["tinyzoo"]["mtime"] > 0


@pytest.mark.parametrize("name", ["..", "..tinyzoo", "tinyzoo..layers", "../../etc/passwd", "/etc/passwd",
                                  "tinyzoo/layers", "tinyzoo layers", "", "tinyzoo.1x", "C:\\\\x"])
async def test_dotdot_absolute_paths_and_non_identifiers_are_refused(jp_fetch, name):
    with pytest.raises(tornado.httpclient.HTTPClientError) as e:
        await jp_fetch("archlens", "modules", params=query(name), method="GET")
    assert e.value.code == 400


async def test_symlinks_leading_out_are_refused_and_inside_ones_followed(jp_fetch, fake_env):
    modules, _ = await get(jp_fetch, "leaky", "leakypkg", "layers_alias")
    assert modules["leaky"] == {"name": "leaky", "found": False, "reason": "outside"}
    assert modules["leakypkg"] == {"name": "leakypkg", "found": False, "reason": "outside"}
    assert "SECRET" not in json.dumps(modules)
    assert modules["layers_alias"]["path"] == os.path.join(fake_env["site"], "tinyzoo", "layers.py")


async def test_too_large_files_and_compiled_modules_are_not_served(jp_fetch):
    modules, _ = await get(jp_fetch, "huge", "fast", "nothere", "tinyzoo.nothere")
    assert modules["huge"] == {"name": "huge", "found": False, "reason": "too-large"}
    assert modules["fast"] == {"name": "fast", "found": False, "reason": "native"}
    assert modules["nothere"]["reason"] == "absent"
    assert modules["tinyzoo.nothere"]["reason"] == "absent"


async def test_an_unknown_kernel_has_no_environment(jp_fetch):
    modules, body = await get(jp_fetch, "tinyzoo", kernel="no-such-kernel")
    assert body["environment"] is None
    assert modules["tinyzoo"]["reason"] == "no-environment"


@pytest.mark.parametrize("kernel", ["..", "../kernels/" + KERNEL, "/etc", "a/b", "x" * 300])
async def test_kernelspec_names_that_are_paths_are_refused(jp_fetch, kernel):
    with pytest.raises(tornado.httpclient.HTTPClientError) as e:
        await jp_fetch("archlens", "modules", params=query("tinyzoo", kernel=kernel), method="GET")
    assert e.value.code == 400


async def test_too_many_names_are_refused(jp_fetch):
    with pytest.raises(tornado.httpclient.HTTPClientError) as e:
        await jp_fetch("archlens", "modules", params=query(*["m%d" % i for i in range(201)]), method="GET")
    assert e.value.code == 400


async def test_unauthenticated_requests_are_refused(jp_serverapp, jp_base_url, http_server_client):
    # jp_fetch sends the server's token; this request does not.
    url = f"{jp_base_url}archlens/modules?{urllib.parse.urlencode(query('tinyzoo'))}"
    response = await http_server_client.fetch(url, raise_error=False)
    assert response.code == 403
    assert b"ConvBNAct" not in (response.body or b"")


async def test_relative_symlinks_climbing_out_and_submodules_of_outside_packages_are_refused(jp_fetch):
    modules, _ = await get(jp_fetch, "tinyzoo.relleak", "leakypkg.sub")
    assert modules["tinyzoo.relleak"] == {"name": "tinyzoo.relleak", "found": False, "reason": "outside"}
    assert modules["leakypkg.sub"]["found"] is False
    assert "SECRET" not in json.dumps(modules)


async def test_requests_with_a_wrong_token_are_refused(jp_serverapp, jp_base_url, http_server_client):
    url = f"{jp_base_url}archlens/modules?{urllib.parse.urlencode(query('tinyzoo'))}"
    response = await http_server_client.fetch(url, headers={"Authorization": "token not-the-token"}, raise_error=False)
    assert response.code == 403
    assert b"ConvBNAct" not in (response.body or b"")


def test_environment_is_found_from_files_without_running_anything(fake_env, tmp_path):
    python = fake_env["python"]
    assert kernel_interpreter([python, "-m", "ipykernel_launcher"], "python") == python
    assert kernel_interpreter(["ir", "--slave"], "R") is None
    env = environment_of(python, {})
    assert env.dirs == [fake_env["site"], str((fake_env["root"] / "extra").resolve())]
    # the import line of the .pth is code: never run, never a directory
    assert pth_dirs(fake_env["site"]) == [str((fake_env["root"] / "extra").resolve())]
    assert not os.path.exists("/tmp/archlens-pth-was-run")


async def test_a_package_lists_its_possible_submodules(jp_fetch):
    modules, _ = await get(jp_fetch, "tinyzoo", "tinyzoo.models", "tinyzoo.layers", "fast")
    # Every name a submodule could have (files, folders, compiled modules), so the client need
    # not ask for any other name; a plain module has no listing.
    assert {"layers", "models", "relleak"} <= set(modules["tinyzoo"]["submodules"])
    assert modules["tinyzoo.models"]["submodules"] == ["__init__", "_registry", "convnet"]
    assert "submodules" not in modules["tinyzoo.layers"]
    stat, _ = await get(jp_fetch, "tinyzoo.models", stat="1")
    assert stat["tinyzoo.models"]["submodules"] == ["__init__", "_registry", "convnet"]
