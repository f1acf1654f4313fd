"""Writes media-golden.json: the messages DSPy 3.3.1's ChatAdapter, JSONAdapter and XMLAdapter build for dspy.Audio and
dspy.File inputs (alone, in lists, in demos), with the content parts split_message_content_for_custom_types makes, and
the marker string each value is saved as (str(value), what dump_state writes); and dspy-saved/media-demo.json, DSPy's
own program.save() of a Predict whose demos hold an Audio and a File.

Run with the vendored DSPy peer (no install):
    ../shared/peers/dspy/run.sh tests/Dspy.Fluent.Tests/Golden/make_media_golden.py
The output is DSPy's; this script only chooses the cases. Values are written in plain form: an Audio as
{"data": base64, "audio_format": ...}, a File as its non-empty fields of {"file_data", "file_id", "filename"}.
MediaGoldenTests.cs builds the same values and checks every case.
"""
import base64
import json
import os

import dspy

TYPES = {"Audio": dspy.Audio, "File": dspy.File}
WAV = {"data": base64.b64encode(b"RIFF\x24\x00\x00\x00WAVEfmt ").decode(), "audio_format": "wav"}
MP3 = {"data": base64.b64encode(b"ID3\x03\x00\x00\x00").decode(), "audio_format": "mpeg"}
PDF = {"file_data": "data:application/pdf;base64," + base64.b64encode(b"%PDF-1.4 tiny").decode(), "filename": "report.pdf"}
TXT = {"file_data": "data:text/plain;base64," + base64.b64encode("héllo \"quoted\"\n".encode()).decode()}
HOSTED = {"file_id": "file-abc123", "filename": "notes.txt"}
HOSTED_ONLY_ID = {"file_id": "file-xyz"}

# (case, adapters, signature, instructions, demos, inputs)
FORMAT = [
    ("audio_input", "chat json xml", "clip: Audio, question -> answer", None, [], {"clip": WAV, "question": "What is said?"}),
    ("audio_with_demo", "chat json xml", "clip: Audio -> transcript", "Transcribe the clip.",
     [{"clip": MP3, "transcript": "hello"}], {"clip": WAV}),
    ("audio_list", "chat json xml", "clips: list[Audio], question -> answer", None, [],
     {"clips": [WAV, MP3], "question": "Same speaker?"}),
    ("file_data_with_name", "chat json xml", "document: File, question -> answer", None, [],
     {"document": PDF, "question": "Summarise."}),
    ("file_data_only", "chat json xml", "document: File -> summary", None, [], {"document": TXT}),
    ("file_id", "chat json xml", "document: File -> summary", None, [], {"document": HOSTED}),
    ("file_id_only", "chat", "document: File -> summary", None, [], {"document": HOSTED_ONLY_ID}),
    ("file_list_with_demo", "chat json xml", "documents: list[File], question -> answer", None,
     [{"documents": [TXT], "question": "Q0", "answer": "A0"}], {"documents": [PDF, HOSTED], "question": "Q1"}),
    ("audio_and_file", "chat json xml", "clip: Audio, document: File -> answer", None,
     [{"clip": WAV, "document": HOSTED, "answer": "yes"}], {"clip": MP3, "document": PDF}),
]


def typed(sig, values):
    def one(annotation, v):
        if annotation is dspy.Audio:
            return dspy.Audio(**v)
        if annotation is dspy.File:
            return dspy.File(**v)
        if annotation == list[dspy.Audio]:
            return [dspy.Audio(**i) for i in v]
        if annotation == list[dspy.File]:
            return [dspy.File(**i) for i in v]
        return v
    fields = {**sig.input_fields, **sig.output_fields}
    return {k: one(fields[k].annotation, v) for k, v in values.items()}


def main():
    adapters = {"chat": dspy.ChatAdapter(), "json": dspy.JSONAdapter(), "xml": dspy.XMLAdapter()}
    formats = []
    for case, names, sig_text, instructions, demos, inputs in FORMAT:
        sig = dspy.Signature(sig_text, instructions, custom_types=TYPES)
        for name in names.split():
            messages = adapters[name].format(sig, [dspy.Example(**typed(sig, d)) for d in demos], typed(sig, inputs))
            formats.append({
                "case": case, "adapter": name, "signature": sig_text, "instructions": instructions,
                "demos": demos, "inputs": inputs,
                "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            })
    saved = [{"kind": "Audio", "value": v, "saved": str(dspy.Audio(**v))} for v in (WAV, MP3)]
    saved += [{"kind": "File", "value": v, "saved": str(dspy.File(**v))} for v in (PDF, TXT, HOSTED, HOSTED_ONLY_ID)]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "media-golden.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"format": formats, "saved": saved}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    program = dspy.Predict(dspy.Signature("clip: Audio, document: File, question -> answer", custom_types=TYPES))
    program.demos = [
        dspy.Example(clip=dspy.Audio(**WAV), document=dspy.File(**PDF), question="Match?", answer="yes").with_inputs("clip", "document", "question"),
        dspy.Example(clip=dspy.Audio(**MP3), document=dspy.File(**HOSTED), question="Match?", answer="no").with_inputs("clip", "document", "question"),
    ]
    program.save(os.path.join(os.path.dirname(path), "dspy-saved", "media-demo.json"))


if __name__ == "__main__":
    main()
