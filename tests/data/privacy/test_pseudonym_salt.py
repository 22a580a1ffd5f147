"""The salt of pseudonyms: a secret from the environment, else a random one per installation.

Every test here points XDG_CONFIG_HOME and HOME at temporary folders, so no test
reads or writes the real home folder.
"""

from __future__ import annotations

import hashlib
import os
import stat

import pandas as pd
import pytest

from cxtools.core.errors import CxParameterError
from cxtools.data.privacy import SALT_VARIABLE, pseudonymise, salt_kind, salt_path

IDS = pd.Series(["C0000001", "C0000002", "C0000001", None], name="customer_id")


@pytest.fixture()
def config(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(SALT_VARIABLE, raising=False)
    return tmp_path / "config"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_first_use_makes_a_user_only_salt_file(config):
    path = config / "cxtools" / "pseudonym-salt"
    assert salt_path() == path and not path.exists()
    first = pseudonymise(IDS)
    assert path.is_file()
    salt = path.read_text(encoding="ascii").strip()
    assert len(salt) == 64 and int(salt, 16) >= 0  # 256 random bits, hex
    assert first.tolist()[:3] == [
        "id-" + hashlib.sha256(f"{salt}:{v}".encode()).hexdigest()[:10] for v in ["C0000001", "C0000002", "C0000001"]]
    assert first.iloc[3] is None
    if os.name != "nt":
        assert _mode(path) == 0o600
        assert _mode(path.parent) == 0o700
    assert salt_kind() == "per-installation"


def test_the_salt_is_kept_and_reused(config):
    first = pseudonymise(IDS)
    path = salt_path()
    before = (path.read_bytes(), os.stat(path).st_mtime_ns, os.stat(path).st_ino)
    for _ in range(3):
        pd.testing.assert_series_equal(pseudonymise(IDS), first)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns, os.stat(path).st_ino) == before
    assert [p.name for p in path.parent.iterdir()] == ["pseudonym-salt"]  # no temporary files left


def test_installations_and_salts_give_different_pseudonyms(config, tmp_path, monkeypatch):
    one = pseudonymise(IDS)
    first_salt = salt_path().read_text()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "another-machine"))
    two = pseudonymise(IDS)
    assert one.iloc[0] != two.iloc[0] and one.iloc[1] != two.iloc[1]
    assert salt_path().read_text() != first_salt
    assert pseudonymise(IDS, salt="a").iloc[0] != pseudonymise(IDS, salt="b").iloc[0]
    # not the public salt of earlier versions
    assert one.iloc[0] != "id-" + hashlib.sha256(b"cxtools:C0000001").hexdigest()[:10]


def test_a_secret_salt_in_the_environment_wins(config, monkeypatch):
    monkeypatch.setenv(SALT_VARIABLE, "team secret")
    assert salt_kind() == "secret (environment)"
    assert pseudonymise(IDS).iloc[0] == "id-" + hashlib.sha256(b"team secret:C0000001").hexdigest()[:10]
    assert not salt_path().exists()  # nothing written when a secret is set
    monkeypatch.delenv(SALT_VARIABLE)
    assert salt_kind() == "per-installation" and salt_path().exists()


def test_default_location_without_xdg(config, monkeypatch):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    expected = os.path.join(os.environ["HOME"], ".config", "cxtools", "pseudonym-salt")
    if os.name != "nt":
        assert str(salt_path()) == expected
        monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")  # the XDG specification says: ignore it
        assert str(salt_path()) == expected
        pseudonymise(IDS)
        assert os.path.isfile(expected)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_loose_permissions_are_tightened(config):
    pseudonymise(IDS)
    path = salt_path()
    os.chmod(path, 0o644)
    os.chmod(path.parent, 0o755)
    before = pseudonymise(IDS)
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    pd.testing.assert_series_equal(pseudonymise(IDS), before)


def test_a_damaged_salt_file_is_refused(config):
    path = salt_path()
    path.parent.mkdir(parents=True)
    path.write_text("\n")
    with pytest.raises(CxParameterError, match=r"pseudonym-salt.*0 characters.*delete it"):
        pseudonymise(IDS)


def test_no_writable_config_folder_gives_a_salt_per_run(config, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))  # a file: the folder cannot be made
    assert salt_kind() == "per-run (no writable config folder)"
    first = pseudonymise(IDS)
    pd.testing.assert_series_equal(pseudonymise(IDS), first)  # stable within the process
    assert first.iloc[0] != "id-" + hashlib.sha256(b"cxtools:C0000001").hexdigest()[:10]


def test_the_test_run_never_uses_the_real_home_folder():
    # conftest.py gives the whole run (and the kernels it starts) a config folder of its own
    real = os.path.join(os.path.expanduser("~"), ".config")
    assert not str(salt_path()).startswith(real + os.sep)


def test_processes_starting_together_share_one_salt(config, python):
    # the runner's notebook kernels may all make the first pseudonym at once
    import subprocess

    code = "from cxtools.data.privacy import _installation_salt; print(_installation_salt())"
    procs = [subprocess.Popen([python, "-c", code], stdout=subprocess.PIPE, text=True, env=os.environ.copy())
             for _ in range(4)]
    salts = {proc.communicate(timeout=60)[0].strip() for proc in procs}
    assert all(proc.returncode == 0 for proc in procs)
    assert salts == {salt_path().read_text().strip()}
    assert [p.name for p in salt_path().parent.iterdir()] == ["pseudonym-salt"]
