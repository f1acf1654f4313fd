import warnings; warnings.filterwarnings("ignore")
import dspy
from dspy.utils.dummies import DummyLM
from dspy.primitives.code_interpreter import FinalOutput

def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b

class FakeInterp:
    def __init__(self): self.tools = {}
    def start(self): pass
    def execute(self, code, variables=None): return "3\n"
    def shutdown(self): pass

lm = DummyLM([{"generated_code": "```python\nx = add(1,2)\nprint(x)\n```", "finished": "False"}, {"generated_code": "```python\nprint(x)\n```", "finished": "True"}, {"reasoning": "r", "answer": "3"}])
dspy.configure(lm=lm)
act = dspy.CodeAct("question -> answer", tools=[add], interpreter_factory=FakeInterp)
r = act(question="What is 1+2?")
for i, h in enumerate(lm.history):
    for m in h["messages"]:
        print(f"----- call {i} {m['role']}"); print(m["content"])
print("=====", r.trajectory)
import json
msgs = [(h["messages"][0]["content"], h["messages"][-1]["content"]) for h in lm.history]
with open("CodeActGolden.cs", "w") as f:
    f.write("namespace Dspy.Fluent.Tests;\n\n/// <summary>What DSPy 3.3.1's CodeAct sent to a scripted LM (Modules/codeact_golden.py wrote this).</summary>\ninternal static class CodeActGolden\n{\n")
    for i, (s, u) in enumerate(msgs):
        f.write(f"    public const string System{i} = {json.dumps(s)};\n\n    public const string User{i} = {json.dumps(u)};\n\n")
    f.write("}\n")
