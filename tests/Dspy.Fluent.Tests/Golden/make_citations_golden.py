"""Writes citations-golden.json: what DSPy 3.3.1's ChatAdapter and JSONAdapter (and XMLAdapter) do with its experimental
`dspy.experimental.Document` inputs and `Citations` outputs.

Run with the vendored DSPy peer (no install):
    ../shared/peers/dspy/run.sh tests/Dspy.Fluent.Tests/Golden/make_citations_golden.py
The output is DSPy's; this script only chooses the cases:
- "format": the messages (XMLAdapter too for two cases) (content parts included: each document is its own `document` block between text parts)
  for `list[Document]` and single `Document` inputs (title, context, PDF media type, none of them), with and without
  a `Citations` output, and a demo holding documents;
- "parse": replies whose citations field is a list of citation objects, an object with a "citations" list, one
  citation object, an empty list, or something DSPy rejects (the error it raises is the vector).
Documents are written as {"data", "title", "media_type", "context"}; citations as DSPy's format() lists.
"""
import json
import os

import dspy
from dspy.experimental import Citations, Document

ADAPTERS = {"chat": dspy.ChatAdapter(), "json": dspy.JSONAdapter(), "xml": dspy.XMLAdapter()}


def sig(case):
    if case == "docs_qa":
        class S(dspy.Signature):
            """Answer the question from the documents, citing them."""
            documents: list[Document] = dspy.InputField()
            question: str = dspy.InputField()
            answer: str = dspy.OutputField()
            citations: Citations = dspy.OutputField(desc="Where the answer comes from")
        return S
    if case == "one_doc":
        class S(dspy.Signature):
            """Summarize the document."""
            document: Document = dspy.InputField(desc="The source")
            summary: str = dspy.OutputField()
        return S
    if case == "cite_only":
        class S(dspy.Signature):
            claim: str = dspy.InputField()
            citations: Citations = dspy.OutputField()
        return S
    raise KeyError(case)


def doc(d):
    return Document(**d)


SKY = {"data": "The sky is blue because air scatters short wavelengths.", "title": "Optics"}
GRASS = {"data": "Grass is green: chlorophyll reflects green light.", "context": "a botany primer"}
PDF = {"data": "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK", "title": "Scan",
       "media_type": "application/pdf"}
PLAIN = {"data": "Nothing but text."}

C1 = {"cited_text": "air scatters short wavelengths", "document_index": 0, "start_char_index": 24, "end_char_index": 54}
C2 = {"type": "char_location", "cited_text": "chlorophyll", "document_index": 1, "document_title": "Botany",
      "start_char_index": 15, "end_char_index": 26, "supported_text": "It is chlorophyll."}


FORMAT = [
    ("docs_two", "docs_qa", [], {"documents": [SKY, GRASS], "question": "Why is the sky blue?"}, "chat json xml"),
    ("docs_one_in_list", "docs_qa", [], {"documents": [PLAIN], "question": "What is here?"}, "chat json"),
    ("one_doc_pdf", "one_doc", [], {"document": PDF}, "chat json xml"),
    ("one_doc_plain", "one_doc", [], {"document": GRASS}, "chat json"),
    ("cite_only", "cite_only", [], {"claim": "Water is wet."}, "chat json"),
    ("cite_only_demo", "cite_only", [{"claim": "Sky is blue.", "citations": [C1, C2]}], {"claim": "Water is wet."}, "chat json"),
    ("one_doc_demo", "one_doc", [{"document": SKY, "summary": "Scattering makes it blue."}], {"document": PLAIN}, "chat"),
]

def chat(answer, citations):
    return f"[[ ## answer ## ]]\n{answer}\n\n[[ ## citations ## ]]\n{citations}\n\n[[ ## completed ## ]]"


def xml(answer, citations):
    return f"<answer>\n{answer}\n</answer>\n<citations>\n{citations}\n</citations>"


def js(answer, citations):
    return json.dumps({"answer": answer, "citations": citations})


PARSE = [
    ("list_of_citations", "docs_qa", {"chat": chat("Scattering.", json.dumps([C1, C2])), "json": js("Scattering.", [C1, C2]),
                                      "xml": xml("Scattering.", json.dumps([C1, C2]))}),
    ("object_with_list", "docs_qa", {"chat": chat("Scattering.", json.dumps({"citations": [C2]})), "json": js("Scattering.", {"citations": [C2]})}),
    ("one_citation", "docs_qa", {"chat": chat("Scattering.", json.dumps(C1)), "json": js("Scattering.", C1),
                                 "xml": xml("Scattering.", json.dumps({"citations": [C1]}))}),
    ("empty_list", "docs_qa", {"chat": chat("No idea.", "[]"), "json": js("No idea.", [])}),
    ("string_numbers", "docs_qa", {"chat": chat("Scattering.", json.dumps([dict(C1, document_index="0")])),
                                   "json": js("Scattering.", [dict(C1, document_index="0")])}),
    ("not_citations", "docs_qa", {"chat": chat("Scattering.", "{\"foo\": 1}"), "json": js("Scattering.", {"foo": 1}),
                                  "xml": xml("Scattering.", "{\"foo\": 1}")}),
    ("missing_index", "docs_qa", {"chat": chat("Scattering.", "[{\"cited_text\": \"air\"}]"), "json": js("Scattering.", [{"cited_text": "air"}])}),
]


def plain(value):
    if isinstance(value, Citations):
        return value.format()
    if isinstance(value, Document):
        return {"data": value.data, "title": value.title, "media_type": value.media_type, "context": value.context}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def typed(key, value):
    if key == "documents":
        return [doc(d) for d in value]
    if key == "document":
        return doc(value)
    if key == "citations":
        return Citations.from_dict_list(value)
    return value


def main():
    out = {"dspy_version": dspy.__version__, "format": [], "parse": [], "str": []}
    for case, signature, demos, inputs, adapters in FORMAT:
        for name in adapters.split():
            examples = [dspy.Example({k: typed(k, v) for k, v in d.items()}) for d in demos]
            messages = ADAPTERS[name].format(sig(signature), demos=examples, inputs={k: typed(k, v) for k, v in inputs.items()})
            out["format"].append({"case": f"{case}_{name}", "adapter": name, "signature": signature,
                                  "demos": [{k: plain(typed(k, v)) for k, v in d.items()} for d in demos],
                                  "inputs": {k: plain(typed(k, v)) for k, v in inputs.items()}, "messages": messages})
    for case, signature, replies in PARSE:
        for name, reply in replies.items():
            entry = {"case": f"{case}_{name}", "adapter": name, "signature": signature, "reply": reply}
            try:
                entry["outputs"] = {k: plain(v) for k, v in ADAPTERS[name].parse(sig(signature), reply).items()}
            except Exception as e:  # the error DSPy raises is part of the vector
                entry["error"] = type(e).__name__
            out["parse"].append(entry)
    for d in (SKY, GRASS, PDF, PLAIN):
        out["str"].append({"document": plain(doc(d)), "str": str(doc(d))})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "citations-golden.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")


main()
