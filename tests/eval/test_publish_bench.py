"""make bench's table in the README (eval/publish_bench.py): rendered from bench.json, rewritten between markers."""

from __future__ import annotations

import json

from groomguard.eval.publish_bench import END, START, main, render_bench_block

BENCH = {
    "machine": {"cpu": "Test CPU", "usable_cores": 1, "python": "3.11.0", "numpy": "2.0", "onnxruntime": "1.2"},
    "rss": {"messages_scored": 500},
    "cli": {"10": {"messages": 10, "conversations": 3}, "100": {"messages": 100, "conversations": 5, "runs": [{}] * 3}},
    "budget": [
        {"figure": "single p50", "value": 12.345, "unit": "µs", "budget": "≤ 60 µs", "met": True},
        {"figure": "1M CLI messages", "value": 31.0, "unit": "s", "budget": "< 30 s", "met": False},
        {"figure": "something new", "value": 1234.0, "unit": "bytes", "budget": "≤ 1 MB", "met": True},
    ],
}


def test_every_budget_line_is_a_row():
    block = render_bench_block(BENCH, "bench.json")
    assert "Test CPU (1 cores)" in block and "`bench.json`" in block
    assert "| one message through the Python API, p50 | 12.3 µs | ≤ 60 µs | yes |" in block
    assert "| CLI on 100 JSONL messages (median of 3 runs) | 31.00 s | < 30 s | no |" in block
    assert "| something new | 1,234 bytes | ≤ 1 MB | yes |" in block  # unknown figures keep their own name


def test_timings_are_also_shown_at_the_budgets_machine_speed():
    bench = {
        **BENCH,
        "sklearn": {"single": {"p50_us": 3600.0}},  # twice DESIGN's 1.8 ms: a machine twice as slow
        "budget": [
            *BENCH["budget"],
            {"figure": "batch 1000", "value": 40_000.0, "unit": "msg/s", "budget": "≥ 100,000 msg/s", "met": False},
            {"figure": "RSS, CLI process", "value": 85.0, "unit": "MB", "budget": "≤ 80 MB", "met": False},
        ],
    }
    block = render_bench_block(bench, "bench.json")
    assert "2.00x slower" in block and "3.60 ms" in block
    assert "| one message through the Python API, p50 | 12.3 µs | ≤ 60 µs | yes | 6.2 µs |" in block
    assert "| 31.00 s | < 30 s | no | 15.50 s |" in block  # met stays judged on the measured figure
    assert "| batches of 1,000 messages | 40,000 msg/s | ≥ 100,000 msg/s | no | 80,000 msg/s |" in block
    assert "| 85.0 MB | ≤ 80 MB | no | - |" in block  # memory does not scale with speed
    assert "| 1,234 bytes | ≤ 1 MB | yes | - |" in block


def test_the_clis_memory_per_conversation_is_derived_from_the_two_peaks():
    assert "per conversation" not in render_bench_block(BENCH, "bench.json")  # no peaks in the report: no line
    bench = {
        **BENCH,
        "rss": {"messages_scored": 500, "peak_mb": 70.0},
        "cli": {
            "10": {"messages": 10, "conversations": 3, "peak_rss_mb": 75.0},
            "1000": {"messages": 1000, "conversations": 5, "peak_rss_mb": 80.0},  # the largest run is read
        },
    }
    assert "about 2000.0 KB per conversation of 200 messages" in render_bench_block(bench, "bench.json")
    assert "one conversation at a time" not in render_bench_block(bench, "bench.json")  # no PAN12 run: no sentence
    pan12 = {"messages": 200_000, "conversations": 20_000, "peak_rss_mb": 71.25}
    block = render_bench_block({**bench, "pan12": pan12}, "bench.json")
    assert "PAN12 file of 20,000 conversations (200,000 messages) the CLI's peak was 71.2 MB." in block
    # without the sentence it follows, a paragraph of its own: never appended to the table's last row
    alone = render_bench_block({**BENCH, "pan12": pan12}, "bench.json").split("\n")
    assert alone[-2:] == ["", next(line for line in alone if line.startswith("PAN12 XML"))]


def test_what_the_clis_memory_is_made_of_comes_from_the_largest_run():
    assert "made of" not in render_bench_block(BENCH, "bench.json")  # an older report without it: no line
    end = {"anonymous": 45.25, "files": 36.5, "onnxruntime_library": 19.75}
    bench = {**BENCH, "cli": {**BENCH["cli"], "1000": {"messages": 1000, "conversations": 5, "end_rss_mb": end}}}
    block = render_bench_block(bench, "bench.json")
    assert "at most 45.2 MB private" in block and "at most 36.5 MB pages of mapped files" in block
    assert "19.8 MB of them are onnxruntime's library" in block


def test_main_rewrites_only_the_block(tmp_path):
    bench = tmp_path / "bench.json"
    bench.write_text(json.dumps(BENCH), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n{START}\nold table\n{END}\nafter\n", encoding="utf-8")
    assert main(["--bench", str(bench), "--readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# title\n") and text.endswith(f"{END}\nafter\n") and "old table" not in text
    assert render_bench_block(BENCH, bench.as_posix()) in text


def test_main_refuses_a_readme_without_markers(tmp_path, capsys):
    bench = tmp_path / "bench.json"
    bench.write_text(json.dumps(BENCH), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n", encoding="utf-8")
    assert main(["--bench", str(bench), "--readme", str(readme)]) == 2
    assert "markers" in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == "# no markers\n"
