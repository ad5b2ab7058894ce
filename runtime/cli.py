"""The ``groomguard`` command line: score exported chat logs on this machine with the shipped model.

    groomguard score chat.txt                  # WhatsApp, Telegram, Discord, Slack, Messenger, JSONL, CSV, PAN12
    groomguard score export.zip --output-format table
    cat messages.jsonl | groomguard score - --format jsonl --output scored.jsonl
    groomguard info                                # the model's version, labels and thresholds
    groomguard spark-score messages.parquet out/   # the same records on Apache Spark (groomguard[spark])

Entry point: ``main(argv=None)``. Exit status (``EXIT_*``): 0 success; 1 a conversation alerted, only with
--fail-on-flag (or a message was flagged, with --fail-on-message-flag); 2 bad usage, an unusable model, or an output
path that cannot be written; 3 some inputs unreadable or with nothing scored from them (the others were scored);
4 both 1 and 3; 130 interrupted (Ctrl-C; the output ends with an "interrupted" record); 141 standard output closed
by its reader (``| head``). Message text is never printed unless --include-text is given, and skipped lines are
reported by file and line number without their content.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from groomguard.runtime.cli_output import KEY_SEPARATOR, OUTPUT_FORMATS, Writer, fails, plural, printable
from groomguard.runtime.formats import FORMATS, ChatMessage, InputSource, ParseProblem, read_sources
from groomguard.runtime.formats._io import INVALID_UTF8
from groomguard.runtime.model_file import ModelError
from groomguard.runtime.monitor import ConversationMonitor
from groomguard.runtime.normalize import MAX_CHARS, normalized_length
from groomguard.runtime.scorer import PRESETS, Scorer

#: Messages scored, folded into the monitor and written at a time. The CLI's peak memory is the monitor's state plus
#: one batch's Python objects (parsed messages, rows, snapshots, output lines): 256 peaks ~2 MB lower than 512 on 1M
#: messages, with no difference in speed that could be measured. A message's float32 scores can differ in their last
#: bit with the batch it is scored in (onnxruntime's sums over a chunk's padded width): on the bench's 100k messages,
#: 34 of 110,000 output records differ from batches of 512 in a value's 4th decimal, and no flag or alert does.
BATCH = 256
SHOWN_PROBLEMS = 50
SHOWN_REASONS = 12
EXIT_OK = 0
EXIT_FLAGGED = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_FLAGGED_AND_INPUT = 4
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def _probability(text: str) -> float:
    """argparse type for --threshold: a number from 0 to 1 (not NaN)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number; give a risk between 0 and 1") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="groomguard",
        description="Flag grooming and sexual-solicitation messages in exported chat logs, on this machine. "
        "A flag is for a person to review; it is not evidence.",
    )
    parser.add_argument("--version", action="store_true", help="print the package and model versions and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    score = sub.add_parser(
        "score",
        help="score chat exports: one record per message, then one per conversation and sender",
        description="Score chat exports. Output: one record per message (id, conversation_id, sender, line, source, "
        "risk: the message's risk in its conversation; message_risk and labels: the message alone; flagged), then "
        "one per conversation and sender (type 'conversation', conversation_id, "
        "source, risk, alert, first_alert_index, tactics_seen), written once the conversation has been scored to "
        "its end: once its input has, or in PAN12 and Telegram exports (one conversation after another) and with "
        "--grouped, once the next conversation starts. A summary line goes to standard error.",
        epilog="Exit status: 0 success; 1 a conversation alerted (with --fail-on-flag) or a message was flagged "
        "(with --fail-on-message-flag); 2 bad usage, unusable model or output path; 3 some inputs unreadable or "
        "nothing scored from them; 4 both 1 and 3; 130 interrupted; 141 output closed by its reader.",
    )
    score.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or zips; '-' reads standard input")
    score.add_argument("--format", default="auto", choices=["auto", *FORMATS], help="input format (default: auto)")
    score.add_argument(
        "--grouped",
        action="store_true",
        help="each input lists every conversation's messages together (a database export ordered by conversation, "
        "say): write a conversation's records as soon as the next one starts, holding one conversation in memory "
        "instead of all of an input's; each run of a conversation's messages is then a conversation of its own. "
        "PAN12 and Telegram exports are read so without it",
    )
    score.add_argument(
        "--output",
        "-o",
        type=Path,
        help="write records to this file (written to a temporary file beside it, renamed at the end; never an "
        "input, nor inside an input folder) instead of standard output",
    )
    score.add_argument("--output-format", default="jsonl", choices=OUTPUT_FORMATS, help="default: jsonl")
    group = score.add_mutually_exclusive_group()
    group.add_argument("--preset", default="balanced", choices=PRESETS, help="thresholds to use (default: balanced)")
    group.add_argument(
        "--threshold",
        type=_probability,
        help="flag messages and alert conversations whose risk is at least this (0-1)",
    )
    score.add_argument("--model", type=Path, help="model directory or .onnx file (default: the shipped model)")
    score.add_argument("--include-text", action="store_true", help="echo message text in the output")
    score.add_argument("--fail-on-flag", action="store_true", help="exit 1 when a conversation alerts")
    score.add_argument(
        "--fail-on-message-flag",
        action="store_true",
        help="exit 1 when a conversation alerts or any single message is flagged",
    )
    score.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no per-line problem reports")
    # Listed here for --help only: main() hands its arguments to groomguard.spark.cli, imported only then, so the
    # runtime never imports pyspark (or groomguard.spark) otherwise.
    sub.add_parser(
        "spark-score",
        add_help=False,
        help="score a Parquet/Delta/JSONL table on Apache Spark with the same records (needs groomguard[spark]; "
        "see spark-score --help)",
    )
    info = sub.add_parser("info", help="show the model's version, labels, thresholds and checksum")
    info.add_argument("--model", type=Path, help="model directory or .onnx file (default: the shipped model)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["spark-score"]:
        return _spark_score(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        return _version()
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "info":
            return _info(args)
        return _score(args)
    except ModelError as exc:
        print(f"groomguard: cannot use the model: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        if exc.target == "standard output":
            _silence_stdout()  # what is still buffered would fail again when the interpreter flushes it
        print(f"groomguard: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:  # before scoring started (loading the model, reading standard input's first bytes)
        print("groomguard: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED


def _version() -> int:
    from groomguard import __version__

    try:
        from groomguard.runtime.model_file import load_model_file

        model = f"model {load_model_file().model_version}"
    except ModelError as exc:
        model = f"shipped model unusable: {exc}"
    print(f"groomguard {__version__} ({model})")
    return EXIT_OK


def _silence_stdout() -> None:
    """After a broken pipe: point standard output at /dev/null so that the interpreter's final flush cannot raise."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file descriptor (e.g. captured in tests)
        pass


def _spark_score(argv: list[str]) -> int:
    try:
        from groomguard.spark.cli import main as spark_main
    except ImportError:  # the package was installed without its spark/ folder
        print(
            "groomguard: spark-score is not part of this installation: pip install 'groomguard[spark]'", file=sys.stderr
        )
        return 2
    return spark_main(argv)


def _info(args: argparse.Namespace) -> int:
    scorer = Scorer(args.model)
    m = scorer.model.manifest
    print(
        json.dumps(
            {
                "model_version": m["model_version"],
                "path": str(scorer.model.onnx_path),
                "sha256": m["sha256"],
                "labels": m["labels"],
                "thresholds": m["thresholds"],
            },
            indent=2,
        )
    )
    return EXIT_OK


def _output_problem(output: Path, inputs: Sequence[str]) -> str | None:
    """Why ``output`` must not be written (an input, inside an input folder, no such folder), or None."""
    target = output.resolve()
    if target.is_dir():
        return "it is a folder"
    if not target.parent.is_dir():
        return f"the folder {output.parent} does not exist"
    for path in inputs:
        if path == "-":
            continue
        source = Path(path).resolve()
        if source == target or (target.exists() and source.exists() and os.path.samefile(source, target)):
            return f"it is an input ({path}): it would be overwritten before it is read"
        if source.is_dir() and target.is_relative_to(source):
            return f"it is inside the input folder {path}: the scan would read its own output"
    return None


def _identity(source: InputSource) -> str:
    """What an input is, however its path was spelled: the real path of its file or folder (symbolic links, ``./``
    and ``..`` resolved), with a zip member's path inside its archive after the archive's; ``-`` for standard
    input."""
    if source.name == "-" and not source.rereadable:
        return "-"
    if source.archive is not None and source.name.startswith(source.archive):
        return os.path.realpath(source.archive) + "\0" + source.name[len(source.archive) :]
    return os.path.realpath(source.name)


class OutputError(Exception):
    """Writing the records failed (a full disk, say): the run stops with EXIT_USAGE, not with a traceback and exit 1,
    which is the status of an alert; an --output file is left as it was before the run."""

    def __init__(self, target: str, exc: OSError, kept: bool = False) -> None:
        self.target = target
        after = f"; {target} was left as it was" if kept else ""
        super().__init__(f"cannot write the records to {target}: {exc.strerror or exc}{after}")


class _Guarded:
    """The stream the records are written to, with a failed write (but a closed pipe: see main) an OutputError."""

    def __init__(self, stream: TextIO, target: str, kept: bool) -> None:
        self.stream = stream
        self.target = target
        self.kept = kept  # an --output FILE, written to a temporary file: a failed run leaves FILE as it was

    def error(self, exc: OSError) -> OutputError:
        return OutputError(self.target, exc, self.kept)

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except UnicodeEncodeError:  # a lone surrogate ("\\ud800" in a JSON input) has no UTF-8: write it escaped
            encoding = getattr(self.stream, "encoding", None) or "utf-8"
            return self.write(text.encode(encoding, "backslashreplace").decode(encoding))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self.error(exc) from exc

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self.error(exc) from exc


class _Output:
    """--output written to a hidden temporary file beside the target (readable by its owner only), renamed over it
    at the end. A target that exists and is not a regular file (/dev/null, a named pipe) is written directly."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temp: Path | None = None
        if target.exists() and not target.is_file():
            self.stream: TextIO = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
            return
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        self.temp = Path(name)
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.stream.close()
        if self.temp is not None:
            with contextlib.suppress(FileNotFoundError):  # a FILE that exists keeps its permissions (a new one is
                os.chmod(self.temp, stat.S_IMODE(os.stat(self.target).st_mode))  # readable by its owner only)
            os.replace(self.temp, self.target)

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # what is still buffered would fail again (a full disk)
            self.stream.close()
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)


_DIGITS = re.compile(r"\d+")


def _kind(reason: str) -> str:
    """A problem's reason without its numbers, so that the summary counts kinds of problem, not single values."""
    return _DIGITS.sub("N", reason)


def _score(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if p != "-" and not Path(p).exists()]
    if missing:
        print(f"groomguard: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if args.output is not None:
        problem = _output_problem(args.output, args.paths)
        if problem:
            print(f"groomguard: refusing to write --output {args.output}: {problem}", file=sys.stderr)
            return EXIT_USAGE
    scorer = Scorer(args.model, preset=args.preset, threshold=args.threshold)
    monitor = ConversationMonitor(scorer, preset=args.preset, threshold=args.threshold)
    errors: Counter = Counter()
    ignored: Counter = Counter()
    repaired: Counter = Counter()  # lines scored after a repair (U+FFFD where bytes were not UTF-8, a stray quote)
    failed: set[str] = set()  # inputs that could not be read at all
    shown = 0

    def report(problem: ParseProblem) -> None:
        nonlocal shown
        if problem.severity == "info":
            ignored[_kind(problem.reason)] += 1
            return
        if problem.severity == "repaired":
            repaired[_kind(problem.reason)] += 1
            verb = "decoded" if problem.reason == INVALID_UTF8 else "repaired"
        else:
            errors[_kind(problem.reason)] += 1
            verb = "skipped"
        if problem.line == 0:
            failed.add(problem.source)
        if not args.quiet and shown < SHOWN_PROBLEMS:
            shown += 1
            print(f"groomguard: {verb} {printable(str(problem))}", file=sys.stderr)

    try:
        output = _Output(args.output) if args.output is not None else None
    except OSError as exc:
        print(f"groomguard: cannot write --output {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    out = _Guarded(
        output.stream if output else sys.stdout, str(args.output or "standard output"), bool(output and output.temp)
    )
    writer = Writer(out, args.output_format, include_text=args.include_text, labels=scorer.labels)
    progress = _progress(args.quiet)
    flagged = 0
    total = 0
    alerted = 0
    empty: dict[str, str] = {}  # inputs read without a single message to score -> why
    gc_threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0  # leave alone what a host application froze itself
    interrupted = False
    try:
        # The scoring loop allocates many short-lived objects and no reference cycles worth collecting early: a
        # larger first GC generation, with the objects that exist now (model, modules) frozen out of the scans,
        # saves ~6%. Both are undone below.
        gc.set_threshold(50_000, gc_threshold[1], gc_threshold[2])
        if freeze:
            gc.freeze()
        batch: list[ChatMessage] = []
        keys: list[str] = []
        truncated = [0]  # messages scored on their first MAX_CHARS normalized characters only
        # A conversation never spans two inputs (its key starts with its input's name), so once an input is read
        # to its end and its last batch scored, its conversations are complete: their records are written and
        # their state dropped, and memory holds the conversations of one input at a time, not of the whole run
        # (of a grouped format, one conversation at a time: see below).
        ended: list[dict[str, None]] = []  # the keys of conversations ended, not yet written
        waiting: set[str] = set()  # those of them ended by the next conversation of a grouped input

        def finish_ended() -> None:
            nonlocal alerted
            for source_keys in ended:
                alerted += writer.conversations(monitor, list(source_keys))
                for key in source_keys:
                    monitor.reset(key)
            ended.clear()
            waiting.clear()

        def flush() -> None:
            """Score the batch, then write the conversations that ended before it (all their messages are scored)."""
            nonlocal flagged, total, batch, keys
            if batch:
                flagged += _flush(batch, keys, scorer, monitor, writer, truncated)
                total += len(batch)
                progress.update(len(batch))
                batch, keys = [], []
            finish_ended()

        read: set[str] = set()  # the inputs read so far, by _identity
        for path in args.paths:
            sources = 0
            for source, messages in read_sources([path], args.format, report):
                sources += 1
                identity = _identity(source)
                if identity in read:  # given twice (a file and its folder, a symlink, ./x and x): read once
                    print(
                        f"groomguard: {printable(source.name)} was given more than once; it is read once",
                        file=sys.stderr,
                    )
                    continue
                read.add(identity)
                prefix = source.name + KEY_SEPARATOR
                before = total + len(batch)
                source_keys: dict[str, None] = {}  # in order of first message (grouped formats: the open one)
                current = None  # the key of the message before
                # In a grouped format (PAN12, Telegram: see GROUPED_FORMATS), or any with --grouped, each run of one
                # conversation's messages is a conversation: it ends where another starts and joins `ended`, and
                # memory holds one conversation of the input, not all of them. An id that comes back while its last
                # run still waits to be written is scored and written after that run, never merged with it (an id
                # that comes back later starts afresh anyway), and stderr says so: the sign of an input not ordered
                # by conversation.
                came_back = 0
                for message in messages:
                    key = prefix + message.conversation_id
                    if key != current:
                        if current is None:
                            grouped = args.grouped or messages.grouped  # the format is known once a message is read
                        elif grouped:
                            del source_keys[current]
                            ended.append({current: None})
                            waiting.add(current)
                            if key in waiting:
                                if not came_back and not args.quiet:  # a per-line report; the count comes below
                                    print(
                                        f"groomguard: {printable(message.source)}:{message.line}: a conversation "
                                        "came back after another one started: each run of a conversation's messages is "
                                        "scored as a conversation of its own (with --grouped, the input must be "
                                        "ordered by conversation)",
                                        file=sys.stderr,
                                    )
                                came_back += 1
                                flush()  # the run before is written, and its state dropped, before this one
                            elif not batch:
                                finish_ended()  # every message of it is scored already
                        current = key
                    batch.append(message)
                    keys.append(key)
                    source_keys[key] = None
                    if len(batch) >= BATCH:
                        flush()
                if total + len(batch) == before and source.name not in failed:
                    empty[source.name] = "no line of it was a message to score"
                if came_back > 1 or (came_back and args.quiet):
                    print(
                        f"groomguard: {printable(source.name)}: a conversation came back after another one started "
                        f"{plural(came_back, 'time')}; each run was scored as a conversation of its own",
                        file=sys.stderr,
                    )
                ended.append(source_keys)
                if not batch:
                    finish_ended()
            if not sources:  # a folder or zip with no file to read (empty, or hidden files and media only)
                empty[path] = "it holds no file that was read (hidden files and media are skipped)"
        flush()
        alerted += writer.conversations(monitor)  # none left: every input ended above
        writer.finish()
        writer.close()
    except KeyboardInterrupt:
        interrupted = True
        try:
            writer.interrupted(total)
            writer.close()
        except (OSError, ValueError, OutputError):  # what was written is kept, whatever the interrupted record does
            pass
    except BaseException:
        if output:
            output.discard()
        raise
    finally:
        progress.close()
        if freeze:
            gc.unfreeze()
        gc.set_threshold(*gc_threshold)
    discarded = bool(output and output.temp is not None and total == 0 and (interrupted or failed or empty))
    if discarded:
        output.discard()  # nothing scored (or interrupted before anything was): a previous FILE is left as it was
        print(f"groomguard: nothing was scored; --output {args.output} was not written", file=sys.stderr)
    elif output:
        try:
            output.commit()  # an interrupted run keeps what it wrote, ended by its "interrupted" record
        except OSError as exc:  # the last of the records reach the disk when the file is closed
            output.discard()
            raise out.error(exc) from exc
    if interrupted and discarded:
        print("groomguard: interrupted before any message was scored", file=sys.stderr)
        return EXIT_INTERRUPTED
    if interrupted:
        where = f" to {args.output}" if args.output else ""
        print(
            f"groomguard: interrupted after {plural(total, 'message')}; the output{where} is incomplete "
            "(it ends with an 'interrupted' record)",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    for name, why in empty.items():
        print(f"groomguard: nothing scored from {printable(name)}: {why}", file=sys.stderr)
    counts = (writer.conversations_written, total, flagged, alerted)
    _summary(args, scorer, *counts, errors, ignored, repaired, failed, empty, truncated[0])
    input_error = bool(failed or empty)
    fail = fails(args, flagged, alerted)
    if fail and input_error:
        return EXIT_FLAGGED_AND_INPUT
    if fail:
        return EXIT_FLAGGED
    return EXIT_INPUT if input_error else EXIT_OK


def _summary(
    args: argparse.Namespace,
    scorer: Scorer,
    conversations: int,
    total: int,
    flagged: int,
    alerted: int,
    errors: Counter,
    ignored: Counter,
    repaired: Counter,
    failed: set[str],
    empty: dict[str, str],
    truncated: int = 0,
) -> None:
    decision = args.preset if args.threshold is None else f"threshold {args.threshold}"
    summary = (
        f"groomguard: {plural(total, 'message')} in {plural(conversations, 'conversation')} scored "
        f"(model {scorer.model_version}, {decision}); {plural(flagged, 'message')} flagged "
        "(each on its risk in its conversation), "
        f"{plural(alerted, 'conversation')} with an alert (the conversation-level signal)"
    )
    skipped = sum(errors.values())
    summary += f"; {plural(skipped, 'line')} skipped"
    if errors:
        kinds = errors.most_common()
        shown = "; ".join(f"{n:,} {reason}" for reason, n in kinds[:SHOWN_REASONS])
        if len(kinds) > SHOWN_REASONS:
            where = (
                "run without --quiet to list each problem"
                if args.quiet
                else f"the first {SHOWN_PROBLEMS} problems are listed above"
            )
            shown += f"; {plural(len(kinds) - SHOWN_REASONS, 'other kind')} of problem ({where})"
        summary += f" ({shown})"
    decoded = repaired[_kind(INVALID_UTF8)]
    if decoded:
        summary += f"; {plural(decoded, 'line')} scored after decoding with replacement characters (not UTF-8)"
    others = [(reason, n) for reason, n in repaired.most_common() if reason != _kind(INVALID_UTF8)]
    if others:
        kinds = "; ".join(f"{n:,} {reason}" for reason, n in others)
        summary += f"; {plural(sum(n for _, n in others), 'line')} scored after a repair ({kinds})"
    if truncated:
        summary += (
            f"; {plural(truncated, 'message')} scored on {'its' if truncated == 1 else 'their'} first {MAX_CHARS:,} "
            "characters only (listed above)"
        )
    not_scored = sum(ignored.values())
    summary += f"; {plural(not_scored, 'system or media line')} not scored"
    if failed or empty:
        summary += f"; {plural(len(failed) + len(empty), 'input')} unreadable or with nothing scored"
    print(summary, file=sys.stderr)


def _flush(
    batch: list[ChatMessage],
    keys: list[str],
    scorer: Scorer,
    monitor: ConversationMonitor,
    writer: Writer,
    truncated: list[int],
) -> int:
    probs = scorer.probabilities([m.text for m in batch], window=True)
    for m in batch:  # normalization can lengthen a text up to 18-fold (NFKC of U+FDFA; "wyd" -> 18 characters)
        if len(m.text) * 18 > MAX_CHARS and normalized_length(m.text) > MAX_CHARS:
            truncated[0] += 1
            print(
                f"groomguard: {m.source}:{m.line}: message longer than {MAX_CHARS:,} characters once normalized; "
                f"only its first {MAX_CHARS:,} were scored",
                file=sys.stderr,
            )
    writer.register(batch, keys)  # first: it learns each conversation's first file, which ref() reads
    senders = [(key, m.sender) for key, m in zip(keys, batch, strict=True)]
    updates = monitor.update_scored(senders, probs, [writer.ref(m, key) for m, key in zip(batch, keys, strict=True)])
    writer.messages(batch, probs, updates.context, updates.flagged)
    return sum(updates.flagged)


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(unit=" msg", file=sys.stderr, desc="scoring", leave=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
