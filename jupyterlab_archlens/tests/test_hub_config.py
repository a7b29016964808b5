"""The hub-config endpoint (handlers.py, hubcache.py) against a copy of fixtures/hf_cache.

The copy is the server's HF_HUB_CACHE (bert-base-uncased and openai-community/gpt2 laid out
as huggingface_hub lays them out, config.json a symlink into blobs/; ``evil/escape`` whose
config.json is a symlink leading out of the cache). Symlinks out of the cache, odd repo ids,
too-large files and unauthenticated requests are refused; the cache folder is found as
huggingface_hub finds it.
"""
import json
import os
import shutil
import urllib.parse

import pytest
import tornado.httpclient

from jupyterlab_archlens.hubcache import MAX_CONFIG_BYTES, HubCache, cache_dir, is_repo_id

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "hf_cache")


@pytest.fixture
def hub(tmp_path, monkeypatch):
    root = tmp_path / "hf_cache"
    shutil.copytree(FIXTURE, root, symlinks=True)
    cache = root / "hub"
    # A repo whose refs/main climbs out, one whose snapshot folder is a symlink out, and a
    # too-large config.
    (root / "outside" / "snap").mkdir(parents=True, exist_ok=True)
    (root / "outside" / "snap" / "config.json").write_text('{"secret": "outside"}')
    for name, commit in [("models--evil--dirlink", "abcdef0"), ("models--big--config", "abcdef1")]:
        (cache / name / "refs").mkdir(parents=True)
        (cache / name / "refs" / "main").write_text(commit)
        (cache / name / "snapshots").mkdir()
    os.symlink(root / "outside" / "snap", cache / "models--evil--dirlink" / "snapshots" / "abcdef0")
    (cache / "models--big--config" / "snapshots" / "abcdef1").mkdir()
    (cache / "models--big--config" / "snapshots" / "abcdef1" / "config.json").write_text(" " * (MAX_CONFIG_BYTES + 1))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    return cache


@pytest.fixture
def jp_server_config(hub):
    return {"ServerApp": {"jpserver_extensions": {"jupyterlab_archlens": True}}}


async def configs(jp_fetch, *repos):
    response = await jp_fetch("archlens", "hub-config", params=[("repo", r) for r in repos], method="GET")
    assert response.code == 200
    return {c["repo"]: c for c in json.loads(response.body)["configs"]}


async def test_config_of_the_main_snapshot_through_the_blob_symlink(jp_fetch):
    out = await configs(jp_fetch, "bert-base-uncased", "openai-community/gpt2", "gpt2")
    assert json.loads(out["bert-base-uncased"]["text"])["model_type"] == "bert"
    assert json.loads(out["openai-community/gpt2"]["text"])["n_layer"] == 12
    assert out["gpt2"] == {"repo": "gpt2", "found": False}


async def test_symlinks_leading_out_of_the_cache_and_too_large_configs_are_refused(jp_fetch):
    out = await configs(jp_fetch, "evil/escape", "evil/dirlink", "big/config")
    assert [c["found"] for c in out.values()] == [False, False, False]
    assert "secret" not in json.dumps(out)


@pytest.mark.parametrize("repo", ["..", "../outside", "a/../../etc", "/etc/passwd", "a/b/c", "a\\b", "", ".hidden/x",
                                  "bert-base-uncased.", "org/..", "a b", "models--x", "x" * 97])
async def test_bad_repo_ids_are_refused(jp_fetch, repo):
    if repo == "models--x":
        # a plain name: allowed, and simply not in the cache
        assert (await configs(jp_fetch, repo))[repo]["found"] is False
        return
    with pytest.raises(tornado.httpclient.HTTPClientError) as e:
        await jp_fetch("archlens", "hub-config", params=[("repo", repo)], method="GET")
    assert e.value.code == 400


async def test_no_repo_or_too_many_are_refused(jp_fetch):
    for params in ([], [("repo", f"r{i}") for i in range(21)]):
        with pytest.raises(tornado.httpclient.HTTPClientError) as e:
            await jp_fetch("archlens", "hub-config", params=params, method="GET")
        assert e.value.code == 400


@pytest.mark.parametrize("headers", [{}, {"Authorization": "token not-the-token"}])
async def test_unauthenticated_requests_are_refused(jp_serverapp, jp_base_url, http_server_client, headers):
    url = f"{jp_base_url}archlens/hub-config?{urllib.parse.urlencode([('repo', 'bert-base-uncased')])}"
    response = await http_server_client.fetch(url, headers=headers, raise_error=False)
    assert response.code == 403
    assert b"model_type" not in (response.body or b"")


def test_the_cache_folder_is_found_as_huggingface_hub_finds_it(hub):
    assert cache_dir({"HF_HUB_CACHE": "/a/hub", "HF_HOME": "/b"}, "/home/u") == "/a/hub"
    assert cache_dir({"HF_HOME": "/b"}, "/home/u") == os.path.join("/b", "hub")
    assert cache_dir({"XDG_CACHE_HOME": "/x"}, "/home/u") == os.path.join("/x", "huggingface", "hub")
    assert cache_dir({}, "/home/u") == os.path.join("/home/u", ".cache", "huggingface", "hub")
    assert HubCache(str(hub / "nothere")).config("bert-base-uncased") is None
    assert is_repo_id("org/name.v2") and not is_repo_id("org/../x")
