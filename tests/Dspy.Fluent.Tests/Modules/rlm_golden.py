# Runs DSPy 3.3.1's RLM against a scripted LM and a scripted interpreter, and writes what it sent as C# constants.
import warnings, json; warnings.filterwarnings("ignore")
import dspy
from dspy.utils.dummies import DummyLM
from dspy.primitives.code_interpreter import FinalOutput

class FakeInterp:
    def __init__(self):
        self.tools = {}
        self.outputs = ["Length: 57\n", FinalOutput({"answer": "Paris"})]
    def start(self): pass
    def execute(self, code, variables=None):
        return self.outputs.pop(0)
    def shutdown(self): pass

lm = DummyLM([
    {"reasoning": "Look at the context first.", "code": "```\nprint('Length: ' + context.length)\n```"},
    {"reasoning": "Ask a sub-LM.", "code": "```\nSUBMIT(llm_query('Capital? ' + context))\n```"},
])
dspy.configure(lm=lm)
rlm = dspy.RLM("context, question -> answer", max_iters=5, max_llm_calls=10, interpreter_factory=FakeInterp)
r = rlm(context="The capital of France is Paris. It is on the Seine river.", question="Which city?")
msgs = [(h["messages"][0]["content"], h["messages"][-1]["content"]) for h in lm.history]
with open("RLMGolden.cs", "w") as f:
    f.write("namespace Dspy.Fluent.Tests;\n\n/// <summary>What DSPy 3.3.1's RLM sent to a scripted LM (Modules/rlm_golden.py wrote this).</summary>\ninternal static class RLMGolden\n{\n")
    for i, (s, u) in enumerate(msgs):
        f.write(f"    public const string System{i} = {json.dumps(s)};\n\n    public const string User{i} = {json.dumps(u)};\n\n")
    f.write("}\n")
