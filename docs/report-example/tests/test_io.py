import pathlib
import pytest

RAN = pathlib.Path(__file__).with_name(".ran")

def rt(x):
    return 1 if x == 2 else x  # the bug

@pytest.mark.parametrize("x", [1, 2, 3])
def test_rt(x):
    assert rt(x) == x

def test_cache_warm():
    first = not (RAN / "warm").exists()
    RAN.mkdir(exist_ok=True)
    (RAN / "warm").write_text("x")
    assert not first, "cache cold on first run [flaky]"

def test_timeout_retry():
    first = not (RAN / "retry").exists()
    RAN.mkdir(exist_ok=True)
    (RAN / "retry").write_text("x")
    assert not first, "server - not ready"

def test_ok():
    pass
