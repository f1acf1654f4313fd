"""Writes adapter-golden-extra.json: messages and parses from DSPy 3.3.1's own ChatAdapter, JSONAdapter, XMLAdapter and TwoStepAdapter.

Run with the vendored DSPy peer (no install):
    ../shared/peers/dspy/run.sh tests/Dspy.Fluent.Tests/Golden/make_adapter_golden.py
The output is DSPy's; this script only chooses the cases. They add to the shared vectors (xml-adapter-*.json):
- "format": record types whose pydantic schema has "$defs"/"$ref" (list[Person], nested and recursive records,
  Optional, dict, list of enums), through all three adapters; and XMLAdapter prompts for typed scalars, nested values
  in demos (escaping, None, empty lists, dict keys that cannot be tags), typed inputs and incomplete demos.
- "parse": XMLAdapter.parse on replies that exercise each branch of its reader, and replies it rejects.
The C# side declares the same types (AdapterGoldenTypes in XmlAdapterGoldenTests.cs; Sentiment in DspyTypedGoldenTests.cs).
"""
import enum
import json
import os
from typing import Optional

import dspy
import pydantic


class Sentiment(enum.Enum):
    Positive = "Positive"
    Negative = "Negative"
    Neutral = "Neutral"


class Person(pydantic.BaseModel):
    name: str
    age: int = pydantic.Field(description="Age in years")


class Address(pydantic.BaseModel):
    city: str
    zip: Optional[str] = None


class Owner(pydantic.BaseModel):
    """An owner."""

    person: Person
    home: Address = pydantic.Field(description="Where they live")
    others: list[Person]
    mood: Sentiment
    maybe: Optional[Address] = None


class Node(pydantic.BaseModel):
    value: int
    children: list["Node"]


class Empty(pydantic.BaseModel):
    pass


TYPES = {c.__name__: c for c in (Sentiment, Person, Address, Owner, Node, Empty, dspy.History, dspy.Image)}
PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")

# (case, adapters, signature, instructions, demos, inputs)
FORMAT = [
    ("defs_list_of_records", "chat json xml", "text -> people: list[Person]", None,
     [{"text": "Ada, 36, and Alan, 41.", "people": [{"name": "Ada", "age": 36}, {"name": "Alan & co", "age": 41}]}],
     {"text": "Marie, 66."}),
    ("defs_nested_record", "chat json xml", "text -> owner: Owner", "Extract the owner.",
     [{"text": "Bo owns a flat.", "owner": {"person": {"name": "Bo", "age": 5}, "home": {"city": "Lund", "zip": None},
                                             "others": [], "mood": "Positive", "maybe": None}}],
     {"text": "Cy owns a barn."}),
    ("defs_optional_record", "chat json xml", "text -> person: Optional[Person]", None, [], {"text": "Nobody."}),
    ("defs_dict_of_records", "chat json xml", "text -> people: dict[str, Person]", None, [], {"text": "A team."}),
    ("defs_list_of_enums", "chat json xml", "text -> moods: list[Sentiment]", None, [], {"text": "Up and down."}),
    ("defs_recursive_record", "chat json xml", "text -> tree: Node", None,
     [{"text": "1 has 2.", "tree": {"value": 1, "children": [{"value": 2, "children": []}]}}], {"text": "3 alone."}),
    ("defs_list_of_lists", "chat json xml", "text -> groups: list[list[Person]]", None, [], {"text": "Two groups."}),
    ("defs_empty_record", "chat json xml", "text -> nothing: Empty", None, [], {"text": "Nothing."}),
    ("twostep_demos_complete_and_partial", "twostep", "context: list[str], question -> answer", "Answer briefly.\n\nBe exact.",
     [{"context": ["Paris is in France."], "question": "Capital of France?", "answer": "Paris"},
      {"question": "Capital of Spain?", "answer": "Madrid"},
      {"question": "No outputs here"}],
     {"context": ["Rome is in Italy.", "It's old."], "question": "Capital of Italy?"}),
    ("twostep_typed_values", "twostep", "scores: dict[str, float], flags: list[bool], note: Optional[str] -> total: float, people: list[Person]",
     None,
     [{"scores": {"a": 1.0, "b": 0.25}, "flags": [True, False], "note": None, "total": 1.25, "people": [{"name": "Ada", "age": 36}]}],
     {"scores": {"x": 2.0}, "flags": [], "note": "say \"hi\""}),
    ("history_partial_turns", "chat json xml", "question, history: History -> answer, score: float", None, [],
     {"question": "Now?", "history": {"messages": [{"question": "Q1", "answer": "A1", "score": 0.5}, {"question": "Q2"},
                                                   {"answer": "only an answer"}, {"question": "Q3", "answer": "A3", "extra": "ignored"}]}}),
    ("history_first_with_demos", "chat json xml", "history: History, context: list[str], question -> answer", "Answer from the context.",
     [{"history": {"messages": []}, "context": ["c0"], "question": "d0", "answer": "a0"}],
     {"history": {"messages": [{"context": ["c1", "c2"], "question": "Q1", "answer": "A1"}]}, "context": ["c3"], "question": "Q2"}),
    ("image_with_demo", "chat json xml", "image: Image, question -> answer", None,
     [{"image": {"url": PIXEL}, "question": "Colour?", "answer": "red"}],
     {"image": {"url": "https://example.com/cat.png"}, "question": "What animal?"}),
    ("image_list", "json xml", "images: list[Image], question -> answer", None, [],
     {"images": [{"url": PIXEL}, {"url": "https://example.com/b.jpg"}], "question": "Same picture?"}),
    ("history_empty", "chat", "question, history: History -> answer", None, [], {"question": "Q", "history": {"messages": []}}),
    ("history_not_given", "chat", "question, history: History -> answer", None, [], {"question": "Q"}),
    ("xml_typed_scalars", "xml",
     "question -> flag: bool, count: int, score: float, choice: Literal['a', 'b'], mood: Sentiment", None,
     [{"question": "Q1", "flag": True, "count": 3, "score": 0.5, "choice": "a", "mood": "Negative"}], {"question": "Q2"}),
    ("xml_dict_keys_and_values", "xml", "text -> counts: dict[str, int], flags: dict[str, bool]", None,
     [{"text": "t", "counts": {"a.b": 1, "-x": 2, "": 3, "x y": 4, "it's \"q\"": 5, "say \"hi\"": 6, "é_1": 7, "tab\tkey": 8},
       "flags": {"on": True, "off": False}}],
     {"text": "u"}),
    ("xml_optional_list_none_and_nested_lists", "xml", "text -> tags: Optional[list[str]], grid: list[list[int]]", None,
     [{"text": "t", "tags": None, "grid": [[1, 2], [], [3]]}], {"text": "u"}),
    ("xml_typed_inputs", "xml", "passages: list[str], note: str, k: int, text -> answer", None,
     [{"passages": ["a < b", "c & d"], "note": ["one", "two"], "k": 2, "text": "x <y> & z", "answer": "p > q ]]> r"}],
     {"passages": ["e"], "note": "plain & <raw>", "k": 1, "text": "w"}),
    ("xml_incomplete_demo_list_output", "xml", "topic -> keywords: list[str], summary", None,
     [{"topic": "t1", "summary": "s1"}, {"topic": "t2", "keywords": ["k"], "summary": "s2"}], {"topic": "t3"}),
    ("xml_multiline_instructions", "xml", "question -> answer: int", "Count carefully.\n\n  Then answer with a number.",
     [], {"question": "How many?"}),
]

# (case, signature, completion)
PARSE = [
    ("markup_inside_text_field", "q -> answer", "<answer>Use <b>bold</b> text</answer>"),
    ("markup_with_attributes_kept_raw", "q -> answer", "<answer>\n  Use <b x='1'>bold</b> &amp; <i/> text\n</answer>"),
    ("repeated_text_field_tags", "q -> answer", "<answer>A</answer><answer>B's</answer>"),
    ("prose_around_tags", "q -> answer", "Sure: <answer>Paris</answer> done"),
    ("unescaped_less_than", "q -> answer", "<answer>a < b</answer>"),
    ("unescaped_ampersand", "q -> answer", "<answer>a & b</answer>"),
    ("undefined_entity", "q -> answer", "<answer>a &nbsp; b</answer>"),
    ("mismatched_end_tag", "q -> answer", "<answer>Paris</answr>"),
    ("unclosed_tag", "q -> answer", "<answer>Paris"),
    ("closes_the_wrapper", "q -> answer", "<answer>x</answer></dspy_root><x/>"),
    ("cdata", "q -> answer", "<answer><![CDATA[a < b]]></answer>"),
    ("comments_dropped", "q -> answer", "<!-- c --><answer>x<!-- d -->y</answer>"),
    ("xml_declaration", "q -> answer", "<?xml version='1.0'?><answer>x</answer>"),
    ("character_references", "q -> answer", "<answer>&#65;&#x42;&lt;&gt;&quot;&apos;</answer>"),
    ("unbound_prefix", "q -> answer", "<a:answer>x</a:answer>"),
    ("default_namespace_hides_field", "q -> answer", "<answer xmlns='u'>x</answer>"),
    ("crlf_normalized", "q -> answer", "<answer>x\r\ny\rz</answer>"),
    ("empty_text_field", "q -> answer", "<answer></answer>"),
    ("self_closing_text_field", "q -> answer", "<answer/>"),
    ("wrapped_in_another_tag", "q -> answer", "<response><answer>x</answer></response>"),
    ("duplicate_attribute", "q -> answer", "<answer a='1' a='2'>x</answer>"),
    ("tag_name_starting_with_digit", "q -> answer", "<2answer>x</2answer>"),
    ("control_character", "q -> answer", "<answer>\x01</answer>"),
    ("cdata_end_in_text", "q -> answer", "<answer>]]></answer>"),
    ("greater_than_in_text", "q -> answer", "<answer>a > b</answer>"),
    ("int_with_spaces", "q -> answer: int", "<answer> 42 </answer>"),
    ("int_written_as_float", "q -> answer: int", "<answer>42.0</answer>"),
    ("int_not_a_number", "q -> answer: int", "<answer>forty-two</answer>"),
    ("int_repeated", "q -> answer: int", "<answer>1</answer><answer>2</answer>"),
    ("float", "q -> answer: float", "<answer>3.5</answer>"),
    ("bool_yes", "q -> flag: bool", "<flag>yes</flag>"),
    ("bool_true", "q -> flag: bool", "<flag>True</flag>"),
    ("list_from_plain_text", "q -> k: list[str]", "<k>a, b</k>"),
    ("list_from_json_text", "q -> k: list[str]", "<k>[\"a\", \"b\"]</k>"),
    ("list_empty", "q -> k: list[str]", "<k></k>"),
    ("list_from_repeated_tags", "q -> k: list[str]", "<k>a</k><k>b</k>"),
    ("list_of_other_child_tags", "q -> k: list[str]", "<k><kw>a</kw><kw>b</kw></k>"),
    ("list_items_among_other_tags", "q -> k: list[str]", "<k><item>a</item><other>z</other><item>b</item></k>"),
    ("list_int_bad_item", "q -> k: list[int]", "<k><item>1</item><item>x</item></k>"),
    ("list_int_items", "q -> k: list[int]", "<k><item>1</item><item>2</item></k>"),
    ("list_int_json_trailing_comma", "q -> k: list[int]", "<k>[1, 2,]</k>"),
    ("list_item_with_markup", "q -> a: list[str]", "<a><item>x<b>y</b></item></a>"),
    ("nested_lists", "q -> a: list[list[int]]", "<a><item><item>1</item><item>2</item></item><item></item></a>"),
    ("dict_child_tags", "q -> d: dict[str, int]", "<d><a>1</a><b>2</b></d>"),
    ("dict_from_json_text", "q -> d: dict[str, int]", "<d>{\"a\": 1}</d>"),
    ("dict_empty", "q -> d: dict[str, int]", "<d></d>"),
    ("dict_repeated_key", "q -> d: dict[str, int]", "<d><a>1</a><a>2</a></d>"),
    ("dict_entries_and_dashed_tags", "q -> a: dict[str, list[str]]",
     "<a><entry key=\"2nd place\"><item>L</item></entry><x-y>1</x-y></a>"),
    ("record_extra_tag_ignored", "q -> p: Person", "<p><name>Ada</name><age>36</age><extra>x</extra></p>"),
    ("record_missing_property", "q -> p: Person", "<p><name>Ada</name></p>"),
    ("record_from_json_text", "q -> p: Person", "<p>{\"name\": \"Ada\", \"age\": 36}</p>"),
    ("record_bad_property", "q -> p: Person", "<p><name>Ada</name><age>old</age></p>"),
    ("list_of_records", "q -> p: list[Person]",
     "<p><item><name>Ada</name><age>36</age></item><item><name>Bo</name><age>5</age></item></p>"),
    ("list_of_one_record", "q -> p: list[Person]", "<p><item><name>Ada</name><age>36</age></item></p>"),
    ("optional_record_empty", "q -> p: Optional[Person]", "<p></p>"),
    ("optional_record", "q -> p: Optional[Person]", "<p><name>Ada</name><age>36</age></p>"),
    ("optional_int_empty", "q -> a: Optional[int]", "<a></a>"),
    ("optional_int_none", "q -> a: Optional[int]", "<a>None</a>"),
    ("optional_int", "q -> a: Optional[int]", "<a>5</a>"),
    ("optional_int_missing", "q -> a: Optional[int]", "<b>5</b>"),
    ("optional_str_stripped", "q -> a: Optional[str]", "<a>  x  </a>"),
    ("enum", "q -> s: Sentiment", "<s>Negative</s>"),
    ("list_of_enums", "q -> s: list[Sentiment]", "<s><item>Negative</item><item>Neutral</item></s>"),
    ("literal_quoted", "q -> s: Literal['x', 'y']", "<s>'x'</s>"),
    ("literal_not_allowed", "q -> s: Literal['x', 'y']", "<s>z</s>"),
    ("fields_in_any_order", "q -> a, b", "<b>2</b><a>1</a>"),
    ("no_tags_at_all", "q -> a, b", "no tags at all"),
    ("empty_reply", "q -> a, b", ""),
    ("nested_record_full", "q -> owner: Owner",
     "<owner><person><name>Bo</name><age>5</age></person><home><city>Lund</city></home>"
     "<others><item><name>Cy</name><age>7</age></item></others><mood>Positive</mood><maybe></maybe></owner>"),
    ("recursive_record", "q -> tree: Node",
     "<tree><value>1</value><children><item><value>2</value><children></children></item></children></tree>"),
]


def jsonable(value):
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def with_history(sig, values):
    """The values with a History field's {"messages": [...]} made a dspy.History and an Image field's {"url": ...}
    (alone or in a list) a dspy.Image (the JSON keeps the plain form)."""
    def typed(k, v):
        annotation = sig.input_fields[k].annotation if k in sig.input_fields else None
        if annotation is dspy.History:
            return dspy.History(**v)
        if annotation is dspy.Image:
            return dspy.Image(url=v["url"])
        if annotation == list[dspy.Image]:
            return [dspy.Image(url=i["url"]) for i in v]
        return v
    return {k: typed(k, v) for k, v in values.items()}


def main():
    adapters = {"chat": dspy.ChatAdapter(), "json": dspy.JSONAdapter(), "xml": dspy.XMLAdapter(),
                # format() never calls the LM; TwoStepAdapter only checks that it is given one.
                "twostep": dspy.TwoStepAdapter(dspy.LM("openai/never-called"))}
    formats = []
    for case, names, sig_text, instructions, demos, inputs in FORMAT:
        sig = dspy.Signature(sig_text, instructions, custom_types=TYPES)
        for name in names.split():
            messages = adapters[name].format(sig, [dspy.Example(**with_history(sig, d)) for d in demos], with_history(sig, inputs))
            formats.append({
                "case": case, "adapter": name, "signature": sig_text, "instructions": instructions,
                "demos": demos, "inputs": inputs,
                "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            })
    parses = []
    for case, sig_text, completion in PARSE:
        sig = dspy.Signature(sig_text, custom_types=TYPES)
        entry = {"case": case, "adapter": "xml", "signature": sig_text, "completion": completion}
        try:
            parsed = adapters["xml"].parse(sig, completion)
            entry["expected"] = {k: jsonable(v) for k, v in parsed.items()}
            entry["expected_types"] = {k: type(v).__name__ for k, v in parsed.items()}
        except Exception as e:  # noqa: BLE001 - the error class is the datum
            entry["error"] = True
            entry["error_type"] = type(e).__name__
            entry["error_message"] = str(e).split("\n")[0]
        parses.append(entry)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adapter-golden-extra.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"dspy": dspy.__version__, "format": formats, "parse": parses}, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
