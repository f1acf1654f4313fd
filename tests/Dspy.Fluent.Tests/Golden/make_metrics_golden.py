"""Writes metrics-golden.json: DSPy's own answer normalisation, EM, F1 and passage match on chosen strings.

Run with the vendored DSPy peer (no install):  ../shared/peers/dspy/run.sh tests/Dspy.Fluent.Tests/Golden/make_metrics_golden.py
The values are DSPy's (dspy.evaluate.metrics and the DPR has_answer it uses); this script only chooses the cases.
"""
import json
import os

from dspy.evaluate.metrics import EM, F1, _passage_match, normalize_text

TEXTS = [
    "The,  Eiffel  Tower!", "An apple a day", "the Answer", "A", "Thé Café", "Cafe\u0301", "Café", "ΟΔΟΣ ΣΑΣ", "İstanbul",
    "rock-and-roll", "“Quoted” text — dash", "a\u001cb\tc\u00a0d", "the_end", "Theater the.", "x a\u0301 y", "ＴＨＥ Ｔｈｅ",
    "100%  sure", "don't stop", "  \n The  \t  answer \r\n", "Ǆemal", "Σ", "ΑΣ.Σ", "𝐀 𝐁", "an 𝐚n a\u0300",
    "Mount Everest (8,849 m)", "",
]

EM_CASES = [
    ("The Eiffel Tower", ["Eiffel Tower", "Louvre"]), ("paris", ["Paris"]), ("paris", ["Paris, France"]),
    ("Cafe\u0301", ["Café"]), ("Cafe", ["Café"]), ("  the   answer!", ["Answer"]), ("an answer", ["the answer", "no"]),
    ("rock and roll", ["rock-and-roll"]), ("rockandroll", ["rock-and-roll"]), ("", ["the"]),
]

F1_CASES = [
    ("Eiffel Tower is in Paris", ["Paris"]), ("the cat sat on the mat", ["the cat sat"]), ("a b c d", ["b c d e f"]),
    ("New York City", ["new york", "NYC"]), ("1 2 2 3", ["2 2 2 1"]), ("nothing shared", ["at all"]), ("", [""]),
    ("The", ["a"]), ("x y z", ["z y x"]), ("one two three four five six seven", ["two four six", "seven"]),
]

PASSAGE_CASES = [
    (["Eiffel Tower | The Eiffel Tower is in Paris."], ["Paris"]),
    (["Eiffel Tower | The Eiffel Tower is in Paris."], ["paris france"]),
    (["Lyon | Lyon is a city.", "Ada Lovelace | Ada was born in London, England."], ["London"]),
    (["Ada Lovelace | Ada was born in Londonderry."], ["London"]),
    (["Mount Everest | Its height is 8,849 m."], ["8849 m"]),
    (["Mount Everest | Its height is 8,849 m."], ["8,849"]),
    (["Café Zoë | Open daily."], ["cafe zoe"]),
    (["Café Zoë | Open daily."], ["Café Zoë"]),
    (["Title | Some text."], ["The"]),
    (["Title | “Quoted” words"], ["quoted"]),
]

golden = {
    "normalize": [{"text": t, "normalized": normalize_text(t)} for t in TEXTS],
    "em": [{"prediction": p, "answers": a, "match": bool(EM(p, a))} for p, a in EM_CASES],
    "f1": [{"prediction": p, "answers": a, "f1": float(F1(p, a))} for p, a in F1_CASES],
    "passage_match": [{"passages": ps, "answers": a, "match": bool(_passage_match(ps, a))} for ps, a in PASSAGE_CASES],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics-golden.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(golden, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"wrote {path}")
