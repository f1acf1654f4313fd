"""Writes tool-golden.json: how DSPy 3.3.1 formats and parses dspy.Tool / list[dspy.Tool] inputs and dspy.ToolCalls outputs.

Run with the vendored DSPy peer (no install):
    ../shared/peers/dspy/run.sh tests/Dspy.Fluent.Tests/Golden/make_tool_golden.py
The output is DSPy's; this script only chooses the cases (the shared vectors have no Tool/ToolCalls cases):
- "format": ChatAdapter, JSONAdapter and XMLAdapter .format() with tools as inputs (rendered as text: format() is the
  use_native_function_calling=False path) and ToolCalls in demos.
- "native": what Adapter._call_preprocess does with use_native_function_calling=True on an LM that supports function
  calling: the provider tool declarations (lm_kwargs["tools"]) and the signature left after the tool fields are removed.
- "parse": ChatAdapter, JSONAdapter and XMLAdapter .parse() of ToolCalls replies in each shape DSPy accepts, and ones it rejects.
"""
import json
import os

import dspy
from dspy.adapters.types.tool import Tool, ToolCalls


def get_weather(city: str) -> str:
    """Current weather for a city."""
    return f"Sunny in {city}"


def add(a: int, b: int = 0) -> int:
    """Adds two whole numbers.

    Returns the sum."""
    return a + b


def no_doc(query: str, limit: int, exact: bool, scores: list[float]) -> list[str]:
    return []


TOOLS = {"get_weather": Tool(get_weather), "add": Tool(add), "no_doc": Tool(no_doc)}
SIG = "question: str, tools: list[dspy.Tool] -> answer: str, tool_calls: dspy.ToolCalls"
SIG_ONE = "question: str, tool: dspy.Tool -> tool_calls: dspy.ToolCalls"


def calls(*pairs):
    return ToolCalls.from_dict_list([{"name": n, "args": a} for n, a in pairs])


# (case, adapters, signature, instructions, demos, inputs); tools are named by key and made Tool values here.
FORMAT = [
    ("a_tools_list", "chat json xml", SIG, None, [], {"question": "Weather in Lyon?", "tools": ["get_weather", "add"]}),
    ("b_tools_no_doc", "chat json xml", SIG, None, [], {"question": "Find x", "tools": ["no_doc"]}),
    ("c_single_tool", "chat json xml", SIG_ONE, "Call the tool.", [], {"question": "2 + 3?", "tool": "add"}),
    ("d_tool_calls_demo", "chat json xml", SIG, None,
     [{"question": "1 + 2?", "tools": ["add"], "answer": "3", "tool_calls": [("add", {"a": 1, "b": 2})]},
      {"question": "Weather?", "tools": ["get_weather"], "answer": "", "tool_calls": [("get_weather", {"city": "Oslo"}), ("add", {"a": 0})]}],
     {"question": "Weather in Rome?", "tools": ["get_weather", "add"]}),
]

# (case, adapters, signature, completion)
PARSE = [
    ("p_chat_object", "chat", SIG, '[[ ## answer ## ]]\nok\n\n[[ ## tool_calls ## ]]\n{"tool_calls": [{"name": "add", "args": {"a": 1, "b": 2}}]}\n\n[[ ## completed ## ]]'),
    ("p_chat_list", "chat", SIG, '[[ ## answer ## ]]\nok\n\n[[ ## tool_calls ## ]]\n[{"name": "get_weather", "args": {"city": "Lyon"}}, {"name": "add", "args": {}}]\n\n[[ ## completed ## ]]'),
    ("p_chat_single", "chat", SIG, '[[ ## answer ## ]]\nok\n\n[[ ## tool_calls ## ]]\n{"name": "add", "args": {"a": 4}}\n\n[[ ## completed ## ]]'),
    ("p_chat_python_dict", "chat", SIG, "[[ ## answer ## ]]\nok\n\n[[ ## tool_calls ## ]]\n{'tool_calls': [{'name': 'add', 'args': {'a': 1}}]}\n\n[[ ## completed ## ]]"),
    ("p_chat_bad", "chat", SIG, '[[ ## answer ## ]]\nok\n\n[[ ## tool_calls ## ]]\nadd(1, 2)\n\n[[ ## completed ## ]]'),
    ("p_chat_missing_args", "chat", SIG, '[[ ## answer ## ]]\nok\n\n[[ ## tool_calls ## ]]\n[{"name": "add"}]\n\n[[ ## completed ## ]]'),
    ("p_json_object", "json", SIG, '{"answer": "ok", "tool_calls": {"tool_calls": [{"name": "add", "args": {"a": 1, "b": 2}}]}}'),
    ("p_json_list", "json", SIG, '{"answer": "ok", "tool_calls": [{"name": "add", "args": {"a": 1}}]}'),
    ("p_json_bad", "json", SIG, '{"answer": "ok", "tool_calls": "add(1, 2)"}'),
    ("p_xml_object", "xml", SIG, '<answer>ok</answer>\n<tool_calls>{"tool_calls": [{"name": "add", "args": {"a": 1}}]}</tool_calls>'),
    ("p_xml_list", "xml", SIG, '<answer>ok</answer>\n<tool_calls>[{"name": "get_weather", "args": {"city": "Lyon"}}]</tool_calls>'),
    ("p_xml_bad", "xml", SIG, '<answer>ok</answer>\n<tool_calls>add(1, 2)</tool_calls>'),
]


def typed_value(key, value):
    if key == "tools":
        return [TOOLS[n] for n in value]
    if key == "tool":
        return TOOLS[value]
    if key == "tool_calls":
        return calls(*value)
    return value


def plain(value):
    if isinstance(value, ToolCalls):
        return {"$type": "dspy.ToolCalls", "value": [{"name": c.name, "args": c.args} for c in value.tool_calls]}
    if isinstance(value, Tool):
        return {"$type": "dspy.Tool", "value": value.name}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


class FunctionCallingLM(dspy.BaseLM):
    """Never called: _call_preprocess only asks whether it supports function calling."""

    def __init__(self):
        super().__init__(model="openai/gpt-4o-mini")

    @property
    def supports_function_calling(self):
        return True


def main():
    adapters = {"chat": dspy.ChatAdapter(), "json": dspy.JSONAdapter(), "xml": dspy.XMLAdapter()}
    tools = {name: {"name": t.name, "desc": t.desc, "args": t.args} for name, t in TOOLS.items()}
    formats = []
    for case, names, sig_text, instructions, demos, inputs in FORMAT:
        sig = dspy.Signature(sig_text, instructions)
        typed_demos = [dspy.Example(**{k: typed_value(k, v) for k, v in d.items()}) for d in demos]
        typed_inputs = {k: typed_value(k, v) for k, v in inputs.items()}
        for name in names.split():
            messages = adapters[name].format(sig, typed_demos, typed_inputs)
            formats.append({
                "case": case, "adapter": name, "signature": sig_text, "instructions": instructions,
                "demos": [{k: plain(typed_value(k, v)) for k, v in d.items()} for d in demos],
                "inputs": {k: plain(typed_value(k, v)) for k, v in inputs.items()},
                "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            })
    natives = []
    for case, names, sig_text, instructions, demos, inputs in FORMAT[:3]:
        sig = dspy.Signature(sig_text, instructions)
        typed_inputs = {k: typed_value(k, v) for k, v in inputs.items()}
        for name, adapter in (("chat", dspy.ChatAdapter(use_native_function_calling=True)), ("json", dspy.JSONAdapter())):
            lm_kwargs = {}
            processed = adapter._call_preprocess(FunctionCallingLM(), lm_kwargs, sig, typed_inputs)
            natives.append({"case": case, "adapter": name, "signature": sig_text, "inputs": {k: plain(v) for k, v in typed_inputs.items()},
                            "tools": lm_kwargs.get("tools"), "processed_signature": processed.signature,
                            "processed_messages": [{"role": m["role"], "content": m["content"]} for m in adapter.format(processed, [], {k: v for k, v in typed_inputs.items() if k in processed.input_fields})]})
    parses = []
    for case, name, sig_text, completion in PARSE:
        sig = dspy.Signature(sig_text)
        entry = {"case": case, "adapter": name, "signature": sig_text, "completion": completion}
        try:
            parsed = adapters[name].parse(sig, completion)
            entry["expected"] = {k: plain(v) for k, v in parsed.items()}
            entry["expected_types"] = {k: type(v).__name__ for k, v in parsed.items()}
        except Exception as e:  # noqa: BLE001 - the error class is the datum
            entry["error"] = True
            entry["error_type"] = type(e).__name__
            entry["error_message"] = str(e).split("\n")[0]
        parses.append(entry)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tool-golden.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"dspy": dspy.__version__, "tools": tools, "format": formats, "native": natives, "parse": parses}, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
