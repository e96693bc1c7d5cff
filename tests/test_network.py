"""Ingest and ask with every socket but loopback refused: any network use fails the test."""

import subprocess
import sys
import textwrap

import pytest

GUARD = textwrap.dedent("""
    import socket, sys
    attempts = []
    def _local(address):
        host = address[0] if isinstance(address, tuple) else address
        return isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1", ""))
    _connect = socket.socket.connect
    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address):
            attempts.append(repr(address))
            raise OSError("network use refused by test: %r" % (address,))
        return _connect(self, address)
    socket.socket.connect = connect
    socket.socket.connect_ex = lambda self, address: connect(self, address) or 0
    _getaddrinfo = socket.getaddrinfo
    def getaddrinfo(host, *args, **kwargs):
        if not _local((host,)):
            attempts.append("dns:" + str(host))
            raise socket.gaierror("name lookup refused by test: %s" % host)
        return _getaddrinfo(host, *args, **kwargs)
    socket.getaddrinfo = getaddrinfo
""")

RUN = textwrap.dedent("""
    import os
    for name in list(os.environ):
        if name.startswith(("HF_", "TRANSFORMERS_", "QA_")):
            del os.environ[name]
    from qa import Assistant
    a = Assistant(data_dir=sys.argv[1])
    report = a.ingest([sys.argv[2]])
    assert report.added, report.summary()
    answer = a.ask("Who built the Brannock lighthouse?")
    assert not answer.abstained, answer.text
    print("ATTEMPTS", attempts)
""")


@pytest.mark.slow
def test_ingest_and_ask_use_no_network(tmp_path, docs):
    proc = subprocess.run([sys.executable, "-c", GUARD + RUN, str(tmp_path / "data"), str(docs)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ATTEMPTS []" in proc.stdout, proc.stdout


def test_the_guard_itself_catches_network_use():
    code = GUARD + "import socket\ntry:\n    socket.create_connection(('93.184.216.34', 80), timeout=1)\nexcept OSError:\n    pass\nprint(attempts)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "93.184.216.34" in out


SERVE = textwrap.dedent("""
    import json, os, urllib.request
    for name in list(os.environ):
        if name.startswith(("HF_", "TRANSFORMERS_", "QA_", "GRADIO_")):
            del os.environ[name]
    from qa import Assistant
    from ui.app import build, launch_options
    a = Assistant(data_dir=sys.argv[1])
    a.ingest([sys.argv[2]])
    demo = build(a)
    demo.launch(prevent_thread_lock=True, **launch_options(a, "127.0.0.1", int(sys.argv[3])))
    url = "http://127.0.0.1:%s/" % sys.argv[3]
    assert b"citeqa" in urllib.request.urlopen(url, timeout=30).read()
    # the API as a browser would call it (gradio_client itself phones its hub, so it is not used here)
    body = json.dumps({"data": ["Who built the Brannock lighthouse?"]}).encode()
    call = urllib.request.Request(url + "gradio_api/call/ask", body, {"Content-Type": "application/json"})
    event = json.loads(urllib.request.urlopen(call, timeout=30).read())["event_id"]
    stream = urllib.request.urlopen(url + "gradio_api/call/ask/" + event, timeout=60).read().decode()
    assert "Oswin Hale" in stream, stream
    demo.close()
    print("ATTEMPTS", attempts)
""")


@pytest.mark.slow
def test_the_ui_server_uses_no_network(tmp_path, docs, free_port):
    proc = subprocess.run([sys.executable, "-c", GUARD + SERVE, str(tmp_path / "data"), str(docs), str(free_port)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ATTEMPTS []" in proc.stdout, proc.stdout
