"""The shipped ONNX encoder: the same vectors as sentence-transformers on torch, no torch to run it."""

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pytest

from qa.embed import CONFIG_FILE, Embedder, default_model_dir
from qa.errors import SettingsError

TEXT = ("The Brannock lighthouse was built in 1871 by Oswin Hale. It was lit by oil until 1950, "
        "when the harbour board put in an electric lamp.")


@pytest.fixture(scope="module")
def reference():
    """sentence-transformers on torch over the packaged weights: the encoder as it was before the export."""
    pytest.importorskip("sentence_transformers", reason="the reference needs the [train] extra")
    from eval.encoder import TorchEmbedder
    from qa.embed import source_model_dir

    return TorchEmbedder(source_model_dir())


def shipped_agreement() -> float:
    """How close the shipped export must stay to the reference: exact for fp32; what int8 measured when it was chosen."""
    config = json.loads((default_model_dir() / CONFIG_FILE).read_text())
    return 0.9999 if config["precision"] == "fp32" else 0.9


def test_chunk_and_sentence_vectors_match_sentence_transformers(embedder, reference):
    spans = [[(0, 56), (57, len(TEXT))]]
    ours, our_sentences = embedder.encode_chunks([TEXT], spans)
    theirs, their_sentences = reference.encode_chunks([TEXT], spans)
    floor = shipped_agreement()
    assert float(ours[0] @ theirs[0]) > floor
    assert np.all(np.sum(our_sentences[0] * their_sentences[0], axis=1) > floor)
    queries = ["Who built the lighthouse?", "When did the lamp become electric?"]
    assert np.all(np.sum(embedder.encode_queries(queries) * reference.encode_queries(queries), axis=1) > floor)


def test_vectors_are_unit_length_and_independent_of_the_batch(embedder):
    alone = embedder.encode_queries(["Who built the lighthouse?"])
    # In a batch, the short question is padded to the long text's length: padding must not change it.
    batched = embedder.encode_queries([TEXT * 3, "Who built the lighthouse?"])
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)
    assert float(alone[0] @ batched[1]) > 0.9999


def test_sentence_vectors_are_each_sentences_own(embedder):
    _, sentences = embedder.encode_chunks([TEXT], [[(0, 56), (57, len(TEXT))]])
    question = embedder.encode_queries(["Who built the lighthouse?"])[0]
    first, second = sentences[0] @ question
    assert first > second


def test_counting_sees_the_whole_text_but_encoding_stops_at_the_window(embedder):
    long = " ".join(["lighthouse"] * 600)
    assert embedder.count_tokens(long) == 600 > embedder.max_tokens
    vectors, sentences = embedder.encode_chunks([long], [[(0, 10), (len(long) - 10, len(long))]])
    assert vectors.shape == (1, embedder.dimension) and sentences[0].shape == (2, embedder.dimension)
    # The last sentence lies past the window: it takes the chunk's vector rather than nothing.
    assert np.allclose(sentences[0][1], vectors[0])


def test_a_directory_without_an_exported_encoder_is_one_clear_error(tmp_path, reference):
    from qa.embed import source_model_dir

    with pytest.raises(SettingsError, match="has no model.onnx"):
        Embedder(tmp_path)
    # A sentence-transformers directory: the message says how to export it.
    with pytest.raises(SettingsError, match="python -m qa.train encoder --source"):
        Embedder(source_model_dir())


def test_a_damaged_model_file_is_one_clear_error(tmp_path):
    for name in ("tokenizer.json", CONFIG_FILE):
        (tmp_path / name).write_bytes((default_model_dir() / name).read_bytes())
    (tmp_path / "model.onnx").write_bytes(b"not a model")
    with pytest.raises(SettingsError, match="cannot load the model"):
        Embedder(tmp_path)


def test_the_shipped_encoder_has_its_model_card():
    card = (default_model_dir() / "MODEL_CARD.md").read_text()
    config = json.loads((default_model_dir() / CONFIG_FILE).read_text())
    assert "all-MiniLM-L6-v2" in card and config["onnx_sha256"] in card


@pytest.mark.parametrize("command", [["--help"], ["status"], ["ask", "Who built the lighthouse?"]])
def test_the_command_runs_without_torch(tmp_path, docs, command):
    """``qa --help`` and ``qa status`` load no model and do not start Chroma; ``qa ask`` loads the encoder on
    onnxruntime and opens Chroma, and does not import LlamaIndex (only writes need it); none imports torch."""
    from qa import Assistant

    Assistant(data_dir=tmp_path / "data").ingest([docs])
    code = ("import sys\nfrom qa.cli import main\ndata, args = sys.argv[1], sys.argv[2:]\ntry:\n"
            "    main(args if args == ['--help'] else args + ['--data-dir', data])\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in ('torch', 'transformers', 'sentence_transformers', 'onnxruntime', 'llama_index', 'chromadb')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data"), *command], capture_output=True, text=True, timeout=300)
    loaded = out.stdout.rsplit("LOADED", 1)[1].strip()
    assert loaded == ("['chromadb', 'onnxruntime']" if command[0] == "ask" else "[]"), out


@pytest.mark.slow
def test_a_store_written_by_the_torch_encoder_answers_the_same(tmp_path, docs, embedder, reference):
    """Stores made before the export keep working: the shipped encoder gives the vectors they hold."""
    from qa import Assistant

    question = "Who built the Brannock lighthouse?"
    before = Assistant(data_dir=tmp_path / "data", embedder=reference)
    before.ingest([docs])
    old_answer, old_hits = before.ask(question), before.retrieve(question)
    after = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    new_answer, new_hits = after.ask(question), after.retrieve(question)
    # The same quotes from the same places; the scores behind them agree to 1e-3 (checked on the signals below).
    unscored = lambda answer: [dataclasses.replace(c, scores={}) for c in answer.citations]  # noqa: E731
    assert new_answer.text == old_answer.text and unscored(new_answer) == unscored(old_answer)
    assert [h.chunk.id for h in new_hits] == [h.chunk.id for h in old_hits]
    for old, new in zip(old_hits, new_hits):
        assert old.signals.keys() == new.signals.keys()
        assert all(abs(old.signals[k] - new.signals[k]) < 1e-3 for k in old.signals), (old.signals, new.signals)


def test_a_store_of_another_encoders_vectors_is_embedded_again_once(tmp_path, docs, embedder, caplog):
    """``QA_EMBED_MODEL`` pointed at an encoder with other vectors: the store is embedded again, once, with a warning."""
    import logging

    from qa import Assistant

    other = tmp_path / "other-encoder"
    other.mkdir()
    for name in ("model.onnx", "tokenizer.json"):
        (other / name).symlink_to(default_model_dir() / name)
    config = json.loads((default_model_dir() / CONFIG_FILE).read_text())
    (other / CONFIG_FILE).write_text(json.dumps({**config, "name": "other", "vectors": "other-vectors"}))
    question = "Who built the Brannock lighthouse?"

    Assistant(data_dir=tmp_path / "data", embedder=embedder).ingest([docs])
    with caplog.at_level(logging.WARNING, logger="qa"):
        switched = Assistant(data_dir=tmp_path / "data", embedder=Embedder(other))
        assert "Oswin Hale" in switched.ask(question).text
        assert "embedding its" in caplog.text and "other-vectors" in caplog.text
        assert switched.store.vectors() == "other-vectors"
        caplog.clear()
        Assistant(data_dir=tmp_path / "data", embedder=Embedder(other)).ask(question)
        assert "embedding its" not in caplog.text  # once


def test_a_store_that_records_no_encoder_holds_the_packaged_models_vectors(tmp_path, docs, embedder, caplog):
    """Stores from before the record answer as they are; their next ingest writes the record down."""
    import logging

    from qa import Assistant

    first = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    first.ingest([docs])
    first.store.chunks.modify(metadata={"generation": first.store.generation()})  # as such a store was left
    old = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assert old.store.vectors() is None
    with caplog.at_level(logging.WARNING, logger="qa"):
        assert "Oswin Hale" in old.ask("Who built the Brannock lighthouse?").text
    assert "embedding its" not in caplog.text and old.store.vectors() is None
    old.ingest([docs])
    assert old.store.vectors() == "all-MiniLM-L6-v2"
