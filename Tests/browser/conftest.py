"""Real-browser journeys: a real `cradle serve --demo` and headless Chromium."""
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("CRADLE_BINARY", os.path.join(ROOT, ".build", "debug", "cradle"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WIDTHS = (375, 768, 1366)


@pytest.fixture(scope="session", params=WIDTHS, ids=lambda w: f"{w}px")
def server(request):
    """A fresh demo server for each screen width (a phone, a tablet, a laptop): every journey
    runs at each, on its own data."""
    data = tempfile.mkdtemp(prefix="cradle-browser-")
    port = free_port()
    env = dict(os.environ, CRADLE_DATA_DIR=data, PORT=str(port), CRADLE_PUBLIC_URL=f"http://127.0.0.1:{port}")
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(data, "server.log"), "w")
    proc = subprocess.Popen([BINARY, "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    break
        except Exception:
            if proc.poll() is not None or time.time() > deadline:
                log.close()
                raise RuntimeError("cradle did not start: " + open(os.path.join(data, "server.log")).read()[-3000:])
            time.sleep(0.5)
    yield {"base": base, "db": os.path.join(data, "cradle.sqlite"), "width": request.param}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def browser(server):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,1000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    width = server["width"]
    # The page's own width, as a phone or tablet lays it out (not the window's outer size).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 768})
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def query(server, sql, *args):
    """Read-only look at the demo store, to pick a child for the journey."""
    con = sqlite3.connect(f"file:{server['db']}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()
