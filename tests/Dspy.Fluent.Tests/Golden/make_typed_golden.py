"""Writes typed-golden.json: prompts DSPy's own ChatAdapter and JSONAdapter build for typed outputs.

Run with the vendored DSPy peer (no install):  ../shared/peers/dspy/run.sh tests/Dspy.Fluent.Tests/Golden/make_typed_golden.py
The output is DSPy's; this script only chooses the cases. The C# side declares the same types (see TypedGoldenTests).
"""
import enum
import json
import os
from typing import Literal

import dspy
import pydantic


class Sentiment(enum.Enum):
    Positive = "Positive"
    Negative = "Negative"
    Neutral = "Neutral"


class Person(pydantic.BaseModel):
    first_name: str
    age: int
    tags: list[str]


CASES = [
    ("bool_output", "claim: str -> verdict: bool", None, {}, [], {"claim": "Water boils at 100 C at sea level."}),
    ("enum_output", "review: str -> sentiment: Sentiment", None, {}, [], {"review": "Loved it."}),
    ("literal_output", "question: str -> choice: Literal['yes', 'no']", None, {}, [], {"question": "Is the sky blue?"}),
    ("list_output", "topic: str -> keywords: list[str]", None, {"keywords": "three to five keywords"}, [],
     {"topic": "photosynthesis"}),
    ("record_output", "text: str -> person: Person", "Extract the person.", {}, [], {"text": "Ada, 36, likes maths."}),
    ("float_and_dict", "numbers: list[int], label: str -> mean: float, counts: dict[str, int]", None, {}, [],
     {"numbers": [1, 2, 3], "label": "small"}),
    ("string_list_input_numbered", "passages: str, question -> answer", None, {}, [],
     {"passages": ["First «one».", "Second\nline.", "Third."], "question": "Which?"}),
    ("multiline_instructions_demo", "question -> answer: int", "Count carefully.\n  Then answer with a number.", {},
     [{"question": "How many legs has a cat?", "answer": 4}], {"question": "How many wheels has a bike?"}),
]


def main():
    out = []
    for case, sig_text, instructions, descs, demos, inputs in CASES:
        sig = dspy.Signature(sig_text, instructions, custom_types={"Sentiment": Sentiment, "Person": Person})
        for name, desc in descs.items():
            sig = sig.with_updated_fields(name, desc=desc)
        for adapter_name, adapter in (("chat", dspy.ChatAdapter()), ("json", dspy.JSONAdapter())):
            messages = adapter.format(sig, [dspy.Example(**d) for d in demos], inputs)
            out.append({
                "case": case, "adapter": adapter_name, "signature": sig_text, "instructions": instructions,
                "field_descriptions": descs, "demos": demos, "inputs": inputs,
                "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            })
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "typed-golden.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
