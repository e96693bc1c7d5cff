"""The browser UI of citeqa: a Gradio chat with the evidence beside every answer.

Start it with ``qa ui``; build it in Python with :func:`ui.app.build`. It uses
only the public API of :mod:`qa`.
"""
