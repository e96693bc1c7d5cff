"""Helpers the tests share: test documents, ports, a served UI. Fixtures live in conftest.py."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"
CHROMA = Path(sys.executable).with_name("chroma")


def write(path: Path, text: str) -> Path:
    """Write ``text`` (dedented) to ``path``, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def write_docs(root: Path) -> Path:
    """Write the small folder of test documents under ``root``.

    Two people leave in them, at different dates (the keeper in 1987, the baker
    in 2003), so "When did she leave?" is answerable only from a conversation.
    """
    write(root / "lighthouse.txt", """
        Home » stories » The Keeper of Brannock Light

        The Keeper of Brannock Light

        by Mara Ellison

        The Brannock lighthouse stands on a granite spit at the mouth of Tolver Bay. It was built in 1871 by the engineer Oswin Hale, who chose the spit because ships kept running aground on the hidden shoal beside it.

        Its lamp burned whale oil until 1904, when the harbour board replaced it with a kerosene burner. Electric light arrived only in 1952.

        The last resident keeper, Ida Penrose, left the tower in 1987 after the light was automated. She kept a logbook for thirty-one years, recording every storm and every ship that passed the U.S.
        Coast Guard cutter station across the bay.

        Leave a comment

        Share this story on social media

        lighthousesmaritime historyTolverBayarchitecture
        """)
    write(root / "notes" / "bakery.md", """
        # Fenwick Street Bakery

        The bakery on Fenwick Street opened in 1998. Its owner, Tomas Reyes, bakes rye bread every morning at four o'clock.

        Its first pastry chef, Nell Archer, left the bakery in 2003 to open a tea room in Harrow.

        On Saturdays the bakery sells cardamom buns, which usually sell out before ten.
        """)
    return root


def squad_article(title: str = "Lighthouses") -> dict:
    """A small article in SQuAD 2.0's shape: two paragraphs, answerable and unanswerable questions."""
    context = ("The Brannock lighthouse was built in 1871 by Oswin Hale.  Its lamp burned whale oil until 1904. "
               "Ida Penrose was its last keeper.")
    other = "The Tolver Bay ferry has run since 1923. Captain Ruth Mabry steered it for thirty years."
    return {"title": title, "paragraphs": [
        {"context": context, "qas": [
            {"id": "1", "question": "Who built the Brannock lighthouse?", "is_impossible": False,
             "answers": [{"text": "Oswin Hale", "answer_start": context.index("Oswin Hale")}]},
            {"id": "2", "question": "Who was the first keeper?", "is_impossible": True, "answers": []}]},
        {"context": other, "qas": [
            {"id": "3", "question": "Since when has the Tolver Bay ferry run?", "is_impossible": False,
             "answers": [{"text": "1923", "answer_start": other.index("1923")}]}]}]}


def made_up_readings(n: int, seed: int, good: float = 4.0, bad: float = -2.0, spread: float = 1.5) -> tuple[list, list]:
    """``n`` training questions as the answering path reads them, with made-up selector scores: half
    answerable (the best sentence holds the answer, scored around ``good``, every key term present)
    and half not (scored around ``bad``, a key term missing). Returns the questions and their scores."""
    import random

    import numpy as np

    from qa.selector import candidates
    from qa.train import Asked
    from qa.types import Chunk, Hit

    text = "It was built in 1871. A keeper lived there."
    chunk = Chunk("c", "a.txt", "A", 1, 0, 0, len(text), text, ((0, 21), (22, len(text))))
    vectors = {"c": np.array([[0.8, 0.6], [0.6, 0.8]])}
    rng = random.Random(seed)
    asked, scores = [], []
    for i in range(n):
        answerable = i % 2 == 0
        question = "When was it built?" if answerable else "What did its keeper cost?"
        found = candidates(question, np.array([1.0, 0.0]), [Hit(chunk, 1.0)], vectors)
        labels = np.array([answerable and "1871" in c.text for c in found])
        asked.append(Asked(question, "answerable" if answerable else "unanswerable", f"article {i % 3}",
                           ("1871",) if answerable else (), tuple(found), labels, (text,)))
        best = rng.gauss(good if answerable else bad, spread)
        scores.append(np.array([best, best - 3.0]))
    return asked, scores


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(assistant, eval_dir: Path | None = None):
    """The UI over ``assistant``, served on a free loopback port for the duration; yields its URL."""
    from ui.app import build, launch_options

    demo = build(assistant, eval_dir)
    port = free_port()
    demo.launch(prevent_thread_lock=True, **launch_options(assistant, HOST, port))
    try:
        yield f"http://{HOST}:{port}/"
    finally:
        demo.close()


def make_pdf(path, text="Hello from a PDF about the Brannock lighthouse.", password=None, owner=None, algorithm=None,
             operators=None, fonts=("Helvetica",)):
    """A one-page PDF saying ``text`` (or drawn by the text ``operators`` given, with ``fonts`` as /F1, /F2 ...); with
    ``password`` (may be "") encrypted with ``algorithm``."""
    import pypdf
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    named = {NameObject(f"/F{i}"): writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"), NameObject("/BaseFont"): NameObject("/" + font)}))
        for i, font in enumerate(fonts, 1)}
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(named)})
    stream = DecodedStreamObject()
    stream.set_data((operators or f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET").encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    if password is not None:
        writer.encrypt(password, owner, algorithm=algorithm)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


class ChromaServer:
    """``chroma run`` on 127.0.0.1, stopped and started again on the same path and port."""

    def __init__(self, path: Path) -> None:
        self.path, self.port, self.proc = path, free_port(), None

    def start(self) -> None:
        self.log = open(self.path.parent / "chroma-server.log", "ab")
        self.proc = subprocess.Popen([str(CHROMA), "run", "--path", str(self.path), "--host", HOST, "--port", str(self.port)],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/api/v2/heartbeat", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the Chroma server did not answer its heartbeat within 60 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self.log.close()

    def kill(self) -> None:
        """SIGKILL: the server goes away without a word, as in a crash or an out-of-memory kill."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def env(self, data_dir: Path) -> dict:
        return {**os.environ, "QA_CHROMA_HOST": HOST, "QA_CHROMA_PORT": str(self.port), "QA_DATA_DIR": str(data_dir)}


def garbage_body(path: Path) -> None:
    """Random bytes under the file's own, valid .npy header: it still loads, as the wrong numbers."""
    import numpy as np

    with path.open("rb") as fh:
        np.lib.format.read_magic(fh)
        np.lib.format.read_array_header_1_0(fh)
        header = fh.tell()
    raw = path.read_bytes()
    path.write_bytes(raw[:header] + np.random.default_rng(0).bytes(len(raw) - header))


def make_pages_pdf(path, pages, bookmarks=()):
    """A PDF with one page per item of ``pages``, each a list of lines set top to bottom in Helvetica; ``bookmarks``,
    (title, page index, index of the parent bookmark or None) each, make its outline."""
    import pypdf
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    font = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                                NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for lines in pages:
        page = writer.add_blank_page(width=612, height=792)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
        body = " T* ".join(f"({line}) Tj" for line in escaped)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 11 Tf 14 TL 72 740 Td {body} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    made = []
    for title, page_index, parent in bookmarks:
        made.append(writer.add_outline_item(title=title, page_number=page_index, parent=None if parent is None else made[parent]))
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def make_scanned_pdf(path, lines):
    """A one-page PDF that is only a picture of ``lines`` of text (no text layer), as a scanner makes one."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1700, 2200), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for i, line in enumerate(lines):
        draw.text((150, 200 + i * 80), line, fill="black", font=font)
    image.save(path, "PDF", resolution=200.0)
    return path
