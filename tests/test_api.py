import qa


def test_public_names_are_exactly_the_documented_ones():
    assert sorted(qa.__all__) == sorted([
        "Answer", "AnswerSentence", "Assistant", "ChatSession", "Citation", "DocumentError", "FileResult", "GeneratorError", "IngestReport",
        "InputError", "Passage", "QAError", "Settings", "SettingsError", "StoreBusyError", "StoreError", "__version__",
    ])
    for name in qa.__all__:
        assert hasattr(qa, name)


def test_every_error_is_a_qa_error():
    for name in ("DocumentError", "GeneratorError", "InputError", "SettingsError", "StoreError", "StoreBusyError"):
        assert issubclass(getattr(qa, name), qa.QAError)
    assert issubclass(qa.StoreBusyError, qa.StoreError)


def test_importing_the_package_loads_nothing_heavy():
    import subprocess
    import sys

    code = "import qa, sys; print(sorted(m for m in ('torch', 'sentence_transformers', 'chromadb', 'llama_index', 'transformers', 'openai', 'ollama') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
