"""Ingest and ask with every socket but loopback refused: any network use fails the test."""

import subprocess
import sys
import textwrap

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


def test_ingest_and_ask_use_no_network(tmp_path, docs):
    proc = subprocess.run([sys.executable, "-c", GUARD + RUN, str(tmp_path / "data"), str(docs)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ATTEMPTS []" in proc.stdout, proc.stdout


def test_the_guard_itself_catches_network_use():
    code = GUARD + "import socket\ntry:\n    socket.create_connection(('93.184.216.34', 80), timeout=1)\nexcept OSError:\n    pass\nprint(attempts)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "93.184.216.34" in out
