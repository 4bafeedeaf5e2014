"""Two `cradle serve` processes on one PostgreSQL database, as a county would run Cradle.

Both answer audited requests and register sources at once; an import sent to the first is
resumed by the second when the first is killed part-way; the audit trail is one valid chain
(`cradle audit verify`, from either server's data directory). Needs PostgreSQL: the URL of a
database the test may create others beside, in CRADLE_TEST_DATABASE_URL.
"""
import json
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CRADLE = os.path.join(ROOT, ".build", "debug", "cradle")
PG = os.environ.get("CRADLE_TEST_DATABASE_URL", "")
PASSWORD = "cradle-demo-fernmoor"




def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def database_url(name):
    parts = urllib.parse.urlsplit(PG)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def call(base, method, path, body=None, token=None, content_type="application/json", timeout=120):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text and r.headers.get_content_type().endswith("json") else text)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class Server:
    def __init__(self, env, name):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(env["CRADLE_DATA_DIR"], f"{name}.log"), "w")
        self.process = subprocess.Popen([CRADLE, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                if call(self.base, "GET", "/health", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            assert self.process.poll() is None, f"{name} exited: see {self.log.name}"
            time.sleep(0.5)
        raise AssertionError(f"{name} did not start")

    def token(self, username):
        status, body = call(self.base, "POST", "/api/v1/tokens", {"username": username, "password": PASSWORD})
        assert status == 201 or status == 200, body
        return body["token"]


def register_csv(rows):
    """A children's-centre register of synthetic children (no real names or numbers)."""
    given = ["Ava", "Noah", "Isla", "Leo", "Mia", "Oscar", "Ruby", "Arlo", "Ivy", "Theo", "Evie", "Finn"]
    family = ["Ashdown", "Brackley", "Cobbold", "Dunmore", "Elstow", "Fenwick", "Garside", "Hollins", "Ingle", "Jessop"]
    lines = ["record_id,given_name,family_name,date_of_birth,sex,postcode"]
    for i in range(rows):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        year = 2022 + (i // 336) % 4
        lines.append(f"T{i},{given[i % len(given)]}{'' if i % 7 else 'a'},{family[(i // 12) % len(family)]}-{i // 120},"
                     f"{year}-{month:02d}-{day:02d},{'F' if i % 2 else 'M'},")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture()
def two_servers():
    name = "two_servers_" + secrets.token_hex(4)
    admin = database_url("postgres")
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    dirs = [tempfile.mkdtemp(prefix=f"cradle-{n}-") for n in ("a", "b")]
    common = dict(os.environ, DATABASE_URL=database_url(name), CRADLE_AUDIT_KEY=secrets.token_hex(32),
                  CRADLE_IMPORT_LEASE_SECONDS="3", LOG_LEVEL="notice")
    envs = [dict(common, CRADLE_DATA_DIR=d) for d in dirs]
    subprocess.run([CRADLE, "demo", "--children", "200"], env=envs[0], check=True, stdout=subprocess.DEVNULL)
    servers = []
    try:
        servers = [Server(envs[0], "a"), Server(envs[1], "b")]
        yield servers, envs
    finally:
        for s in servers:
            if s.process.poll() is None:
                s.process.send_signal(signal.SIGTERM)
                s.process.wait(timeout=60)
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])


@pytest.mark.skipif(not PG, reason="needs CRADLE_TEST_DATABASE_URL (PostgreSQL)")
def test_two_servers_share_one_database(two_servers):
    (a, b), envs = two_servers
    tokens = {s.base: s.token("data.quality") for s in (a, b)}
    reads = {s.base: s.token("health.visitor") for s in (a, b)}

    # Both servers answer audited requests and write at once.
    failures = []

    def traffic(server, worker, n):
        for i in range(n):
            status, body = call(server.base, "GET", "/api/v1/sources", token=tokens[server.base])
            if status != 200:
                failures.append((server.base, status, body))
            status, body = call(server.base, "GET", "/api/v1/worklist", token=reads[server.base])
            if status != 200:
                failures.append((server.base, status, body))
            if i % 10 == 0:
                status, body = call(server.base, "POST", "/api/v1/sources",
                                    {"name": f"feed-{worker}-{i}", "kind": "gp", "format": "csv"}, token=tokens[server.base])
                if status != 201:
                    failures.append((server.base, status, body))

    threads = [threading.Thread(target=traffic, args=(s, w, 40)) for w, s in enumerate((a, b, a, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []

    # An import sent to A, A killed part-way: B resumes it once A's lease lapses.
    status, body = call(a.base, "POST", "/api/v1/sources", {"name": "register", "kind": "childrens_centre", "format": "csv"},
                        token=tokens[a.base])
    assert status == 201, body
    rows = 3000
    def send():
        try:
            call(a.base, "POST", "/api/v1/sources/register/imports", register_csv(rows), token=tokens[a.base],
                 content_type="text/csv", timeout=600)
        except OSError:
            pass  # A is killed while the upload waits for its report

    upload = threading.Thread(target=send)
    upload.daemon = True
    upload.start()
    started = None
    for _ in range(1200):
        status, body = call(b.base, "GET", "/api/v1/sources/register/imports", token=tokens[b.base])
        assert status == 200, body
        running = [i for i in body if i["status"] == "running" and i["rowsDone"] > 0]
        if running:
            started = running[0]
            break
        time.sleep(0.05)
    assert started, "the import never showed progress"
    a.process.send_signal(signal.SIGKILL)
    a.process.wait()
    killed_at = call(b.base, "GET", f"/api/v1/imports/{started['importId']}", token=tokens[b.base])[1]
    assert killed_at["rowsDone"] < killed_at["rowsTotal"], "A finished before it was killed"

    for _ in range(600):
        status, report = call(b.base, "GET", f"/api/v1/imports/{started['importId']}", token=tokens[b.base])
        if report["status"] not in ("queued", "running"):
            break
        time.sleep(0.2)
    assert report["status"] == "done", report
    assert report["rowsDone"] == report["rowsTotal"] == rows
    assert report["added"] == rows, f"every row once: {report['added']} added of {rows}"
    sources = {s["name"]: s for s in call(b.base, "GET", "/api/v1/sources", token=tokens[b.base])[1]}
    assert sources["register"]["records"] == rows

    # B stops gracefully (its last checkpoint signed); the trail verifies from either directory.
    b.process.send_signal(signal.SIGTERM)
    b.process.wait(timeout=60)
    for env in envs:
        result = subprocess.run([CRADLE, "audit", "verify"], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "chain intact" in result.stdout
