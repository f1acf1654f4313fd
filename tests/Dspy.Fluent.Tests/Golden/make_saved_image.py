"""Writes dspy-saved/image-demo.json with DSPy 3.3.1's own program.save(): a Predict whose demos hold images.

Run: ../shared/peers/dspy/run.sh tests/Dspy.Fluent.Tests/Golden/make_saved_image.py
"""
import os

import dspy

PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"

program = dspy.Predict("image: dspy.Image, question -> answer")
program.demos = [
    dspy.Example(image=dspy.Image(url="https://example.com/cat.png"), question="What animal?", answer="A cat.").with_inputs("image", "question"),
    dspy.Example(image=dspy.Image(url=PIXEL), question="Colour?", answer="red").with_inputs("image", "question"),
]
program.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "dspy-saved", "image-demo.json"))
