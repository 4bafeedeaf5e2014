"""A server stopping answers what it is in the middle of: SIGTERM during an import sent over
the API, and the client still gets its report; its logs are JSON lines when asked. SQLite."""
import json
import os
import signal
import subprocess
import tempfile
import threading
import time

from test_two_servers import CRADLE, Server, call, register_csv


def test_sigterm_answers_the_request_in_flight_and_logs_are_json():
    data = tempfile.mkdtemp(prefix="cradle-ops-")
    env = dict(os.environ, CRADLE_DATA_DIR=data, LOG_FORMAT="json", LOG_LEVEL="info")
    env.pop("DATABASE_URL", None)
    subprocess.run([CRADLE, "demo", "--children", "50"], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(env, "server")
    try:
        token = server.token("data.quality")
        status, body = call(server.base, "POST", "/api/v1/sources", {"name": "register", "kind": "childrens_centre", "format": "csv"},
                            token=token)
        assert status == 201, body
        rows = 3000
        answer = {}

        def send():
            answer["reply"] = call(server.base, "POST", "/api/v1/sources/register/imports", register_csv(rows), token=token,
                                   content_type="text/csv", timeout=600)

        upload = threading.Thread(target=send)
        upload.start()
        for _ in range(1200):
            imports = call(server.base, "GET", "/api/v1/sources/register/imports", token=token)[1]
            if any(i["status"] == "running" and i["rowsDone"] > 0 for i in imports):
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the import never showed progress")
        server.process.send_signal(signal.SIGTERM)
        upload.join(timeout=600)
        status, report = answer["reply"]
        assert status == 200, report
        assert report["added"] == rows
        assert server.process.wait(timeout=60) == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()
    server.log.close()
    lines = [l for l in open(server.log.name).read().splitlines() if l.strip()]
    assert lines, "the server logged nothing"
    for line in lines:
        entry = json.loads(line)
        assert {"time", "level", "message", "logger"} <= entry.keys(), entry
