import qa


def test_public_names_are_exactly_the_documented_ones():
    assert sorted(qa.__all__) == sorted([
        "Answer", "AnswerSentence", "Assistant", "ChatSession", "Chunk", "Citation", "Conversation", "Document", "DocumentError",
        "FileResult", "GeneratorError", "IngestReport", "InputError", "NothingToReadError", "Passage", "QAError", "SUPPORTED_FORMATS", "Settings",
        "SettingsError", "StoreBusyError", "StoreError", "Turn", "__version__",
        # A document as read, where a citation stands in it, and the viewer's two views of that place.
        "pdf_page", "place", "read_document", "section_of",
    ])
    for name in qa.__all__:
        assert hasattr(qa, name)


def test_every_error_is_a_qa_error():
    for name in ("DocumentError", "GeneratorError", "InputError", "SettingsError", "StoreError", "StoreBusyError"):
        assert issubclass(getattr(qa, name), qa.QAError)
    assert issubclass(qa.StoreBusyError, qa.StoreError) and issubclass(qa.NothingToReadError, qa.DocumentError)


def test_importing_the_package_loads_nothing_heavy():
    import subprocess
    import sys

    code = "import qa, sys; print(sorted(m for m in ('torch', 'sentence_transformers', 'onnxruntime', 'tokenizers', 'chromadb', 'llama_index', 'transformers', 'openai', 'ollama') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_no_module_imports_another_modules_private_names():
    import ast
    from pathlib import Path

    root = Path(qa.__file__).resolve().parent.parent
    for path in [*root.joinpath("qa").glob("*.py"), *root.joinpath("ui").glob("*.py"), *root.joinpath("eval").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                private = [a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"]
                assert not private, f"{path.name} imports {private} from {node.module}"


def test_the_ui_uses_only_the_public_api():
    import ast
    from pathlib import Path

    root = Path(qa.__file__).resolve().parent.parent
    for path in root.joinpath("ui").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qa"):
                assert node.module == "qa" and all(a.name in qa.__all__ for a in node.names), (path.name, node.module)
