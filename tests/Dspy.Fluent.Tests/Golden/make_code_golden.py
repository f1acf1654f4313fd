"""Writes code-golden.json: what DSPy 3.3.1's ChatAdapter, JSONAdapter and XMLAdapter do with `dspy.Code` fields.

Run with the vendored DSPy peer (no install):
    ../shared/peers/dspy/run.sh tests/Dspy.Fluent.Tests/Golden/make_code_golden.py
The output is DSPy's; this script only chooses the cases:
- "format": the messages for signatures with `dspy.Code` (default language, `dspy.Code["java"]`) as inputs and
  outputs, with demos holding `dspy.Code` values and inputs given as plain strings;
- "parse": replies whose code field is fenced (with and without a language, on one line), bare, JSON-looking, a
  number, or an object, read back as the code each adapter keeps (or the error it raises).
`list[dspy.Code]` is left out on purpose: DSPy's prompt for it embeds dspy.Code's class docstring as a JSON schema,
which Dspy.Fluent refuses rather than reproduces (FieldType.ListOf throws NotSupportedException).
"""
import json
import os

import dspy

ADAPTERS = {"chat": dspy.ChatAdapter(), "json": dspy.JSONAdapter(), "xml": dspy.XMLAdapter()}


def sig(case):
    if case == "code_out":
        class S(dspy.Signature):
            """Write a function that answers the question."""
            question: str = dspy.InputField()
            code: dspy.Code = dspy.OutputField(desc="The code to run")
        return S
    if case == "java_in":
        class S(dspy.Signature):
            """Explain the code's time complexity."""
            snippet: dspy.Code["java"] = dspy.InputField(desc="The function to analyze")
            complexity: str = dspy.OutputField()
        return S
    raise KeyError(case)


FORMAT = [
    ("code_out_plain", "code_out", [], {"question": "Sum a list."}),
    ("code_out_demo", "code_out", [dspy.Example(question="Double x.", code=dspy.Code(code="def f(x):\n    return 2 * x"))],
     {"question": "Sum a list."}),
    ("java_in_fenced_input", "java_in", [dspy.Example(snippet=dspy.Code(code="int f() { return 1; }"), complexity="O(1)")],
     {"snippet": "```java\nfor (int i = 0; i < n; i++) {}\n```"}),
]

PARSE = [
    ("fenced_python", "code_out", {"chat": "[[ ## code ## ]]\n```python\nprint(1)\n```\n\n[[ ## completed ## ]]",
                                    "json": "{\"code\": \"```python\\nprint(1)\\n```\"}",
                                    "xml": "<code>\n```python\nprint(1)\n```\n</code>"}),
    ("fenced_no_language", "code_out", {"chat": "[[ ## code ## ]]\n```\nx = 1\ny = 2\n```\n\n[[ ## completed ## ]]",
                                         "json": "{\"code\": \"```\\nx = 1\\ny = 2\\n```\"}",
                                         "xml": "<code>\n```\nx = 1\ny = 2\n```\n</code>"}),
    ("fenced_one_line", "code_out", {"chat": "[[ ## code ## ]]\n```x = 1```\n\n[[ ## completed ## ]]",
                                      "json": "{\"code\": \"```x = 1```\"}",
                                      "xml": "<code>```x = 1```</code>"}),
    ("text_around_fence", "code_out", {"chat": "[[ ## code ## ]]\nHere it is:\n```python\nreturn sum(xs)\n```\nDone.\n\n[[ ## completed ## ]]",
                                        "json": "{\"code\": \"Here it is:\\n```python\\nreturn sum(xs)\\n```\\nDone.\"}",
                                        "xml": "<code>Here it is:\n```python\nreturn sum(xs)\n```\nDone.</code>"}),
    ("bare", "code_out", {"chat": "[[ ## code ## ]]\nreturn sum(xs)\n\n[[ ## completed ## ]]",
                           "json": "{\"code\": \"return sum(xs)\"}",
                           "xml": "<code>return sum(xs)</code>"}),
    ("number", "code_out", {"chat": "[[ ## code ## ]]\n42\n\n[[ ## completed ## ]]",
                             "json": "{\"code\": 42}",
                             "xml": "<code>42</code>"}),
    ("json_looking", "code_out", {"chat": "[[ ## code ## ]]\n{\"a\": 1}\n\n[[ ## completed ## ]]",
                                   "json": "{\"code\": \"{\\\"a\\\": 1}\"}",
                                   "xml": "<code>{\"a\": 1}</code>"}),
    ("object_with_code", "code_out", {"chat": "[[ ## code ## ]]\n{\"code\": \"```python\\nprint(3)\\n```\"}\n\n[[ ## completed ## ]]",
                                       "json": "{\"code\": {\"code\": \"print(3)\"}}",
                                       "xml": "<code><code>print(3)</code></code>"}),
]


def plain(value):
    if isinstance(value, dspy.Code):
        return {"code": value.code}
    return value


def main():
    out = {"dspy_version": dspy.__version__, "format": [], "parse": []}
    for case, signature, demos, inputs in FORMAT:
        for name, adapter in ADAPTERS.items():
            messages = adapter.format(sig(signature), demos=demos, inputs=inputs)
            out["format"].append({"case": f"{case}_{name}", "adapter": name, "signature": signature,
                                  "demos": [{k: plain(v) for k, v in d.items()} for d in demos],
                                  "inputs": inputs, "messages": messages})
    for case, signature, replies in PARSE:
        for name, reply in replies.items():
            entry = {"case": f"{case}_{name}", "adapter": name, "signature": signature, "reply": reply}
            try:
                entry["outputs"] = {k: plain(v) for k, v in ADAPTERS[name].parse(sig(signature), reply).items()}
            except Exception as e:  # the error DSPy raises is part of the vector
                entry["error"] = type(e).__name__
            out["parse"].append(entry)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "code-golden.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")


main()
