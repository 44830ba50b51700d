"""Plain `nbgrader <command>` from the repository root runs with the course's configuration."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
NBGRADER = pathlib.Path(sys.executable).with_name("nbgrader")


def test_nbgrader_cli_loads_course_config_from_the_repository_root(tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    env = {**os.environ, "BACKPROP_EXCHANGE": str(exchange)}
    result = subprocess.run([str(NBGRADER), "list", "--log-level=DEBUG"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    log = result.stdout + result.stderr
    # Without course_config.py nbgrader would use its default exchange, which is
    # not writable here, and fail: exit 0 means the BACKPROP_EXCHANGE override held.
    assert result.returncode == 0, log
    assert f"Loaded config file: {ROOT / 'nbgrader_config.py'}" in log, log


def test_course_config_defaults_to_a_gradebook_in_the_course_root():
    from traitlets.config.loader import PyFileConfigLoader

    env = {k: v for k, v in os.environ.items() if k not in ("NBGRADER_DB_URL", "BACKPROP_EXCHANGE")}
    old = os.environ.copy()
    try:
        os.environ.clear()
        os.environ.update(env)
        config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    finally:
        os.environ.clear()
        os.environ.update(old)
    assert config.CourseDirectory.root == str(ROOT)
    assert config.CourseDirectory.db_url == f"sqlite:///{ROOT / 'gradebook.db'}"
    assert config.Exchange.root == "/srv/nbgrader/exchange"
    assert config.Execute.kernel_name == "python3"
