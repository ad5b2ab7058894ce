"""Benchmark inputs and the measurements that need a fresh process, for ``groomguard.eval.bench``.

- the message pool: the corpus test split (``build/data/corpus.jsonl``) if present, else ~200 built-in chat lines;
- import + model load time in a fresh interpreter, and the resident memory of a scoring process;
- the ``groomguard score`` CLI on generated JSONL files, a Telegram and a Discord export: wall time and peak RSS of
  the child process.

Not run on its own: ``python -m groomguard.eval.bench`` calls these functions.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

#: Conversations in a generated CLI input file (capped at the number of messages).
CLI_CONVERSATIONS = 5_000
MB = 1_000_000

_LOAD_SNIPPET = (
    "import time; t = time.perf_counter(); from groomguard import Scorer; s = Scorer({path!r}); "
    "print(time.perf_counter() - t)"
)

# The CLI as the `groomguard` script runs it, then this process's own peak RSS (VmHWM) on standard error, and what its
# resident memory is made of: the highest private (anonymous) RSS and the highest RSS of mapped files (shared
# libraries' code, which the system can drop and reload and other processes share) seen by a thread that reads them
# every 20 ms (the two highs need not be at the same moment), and at the end the onnxruntime library's pages.
_CLI_SNIPPET = r"""
import json, sys, threading
from groomguard.runtime.cli import main

def rss():
    with open("/proc/self/status") as f:
        keys = ("VmHWM:", "RssAnon:", "RssFile:")
        return {l.split(":")[0]: int(l.split()[1]) * 1024 for l in f if l.startswith(keys)}

high = {"RssAnon": 0, "RssFile": 0}
done = threading.Event()

def sample():
    while True:
        now = rss()
        for k in high:
            high[k] = max(high[k], now.get(k, 0))
        if done.wait(0.02):
            return

sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
code = main(sys.argv[1:])
done.set()
sampler.join()
status = rss()
onnxruntime, mapping = 0, ""
with open("/proc/self/smaps") as f:
    for l in f:
        parts = l.split()
        if parts and "-" in parts[0] and not parts[0].endswith(":"):
            mapping = " ".join(parts[5:])
        elif parts and parts[0] == "Rss:" and "onnxruntime" in mapping.rsplit("/", 1)[-1]:
            onnxruntime += int(parts[1]) * 1024
print(f"bench-peak-rss-bytes={status['VmHWM']}", file=sys.stderr)
parts = {"anonymous": high["RssAnon"], "files": high["RssFile"], "onnxruntime_library": onnxruntime}
print("bench-end-rss=" + json.dumps(parts), file=sys.stderr)
sys.exit(code)
"""

# Run in a child: load, read RSS, score `n` messages in batches of 1,000, read RSS again; print JSON.
_RSS_SNIPPET = r"""
import json, resource, sys
def rss():
    try:  # /proc first: importing psutil would itself add ~2 MB to what is measured
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmRSS:"))
    except OSError:
        import psutil
        return psutil.Process().memory_info().rss
def peak():
    try:  # VmHWM: this process's own high-water mark (ru_maxrss also counts the parent's RSS at fork)
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmHWM:"))
    except OSError:
        r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return r if sys.platform == "darwin" else r * 1024
from groomguard import Scorer
scorer = Scorer(sys.argv[1])
after_load = rss()
texts = json.load(open(sys.argv[2], encoding="utf-8"))
n, done, i = int(sys.argv[3]), 0, 0
while done < n:
    size = min(1000, n - done)
    batch = [texts[(i + k) % len(texts)] for k in range(size)]
    scorer.probabilities(batch)
    done += size
    i += size
print(json.dumps({"after_load": after_load, "after_scoring": rss(), "peak": peak(), "messages": done}))
"""


def message_pool(corpus: Path | None, limit: int, seed: int) -> tuple[list[str], str]:
    """Up to ``limit`` texts from the corpus test split (shuffled with ``seed``), else the built-in list."""
    texts: list[str] = []
    if corpus is not None and corpus.is_file():
        with corpus.open(encoding="utf-8") as f:
            for line in f:
                if '"test"' not in line:  # cheap pre-filter: the corpus can be hundreds of MB
                    continue
                record = json.loads(line)
                if record.get("split") == "test" and isinstance(record.get("text"), str):
                    texts.append(record["text"])
    rng = random.Random(seed)
    if len(texts) >= 200:
        rng.shuffle(texts)
        return texts[:limit], f"{corpus} (test split, {min(limit, len(texts))} of {len(texts)} messages)"
    builtin = [line for line in BUILTIN_MESSAGES.strip().splitlines() if line.strip()] + list(LONG_MESSAGES)
    rng.shuffle(builtin)
    return builtin, f"built-in list ({len(builtin)} chat lines; no test split found at {corpus})"


def fresh_load_seconds(model: Path, runs: int) -> dict:
    """Import + ``Scorer(model)`` in a fresh interpreter, timed inside it; median of ``runs``."""
    code = _LOAD_SNIPPET.format(path=str(model))
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return {"median_ms": statistics.median(times) * 1e3, "runs_ms": [t * 1e3 for t in times]}


def scoring_process_rss(model: Path, texts: list[str], messages: int, workdir: Path) -> dict:
    """RSS of a fresh process after loading the model and after scoring ``messages`` in batches of 1,000."""
    pool = workdir / "pool.json"
    pool.write_text(json.dumps(texts), encoding="utf-8")
    cmd = [sys.executable, "-c", _RSS_SNIPPET, str(model), str(pool), str(messages)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "after_load_mb": r["after_load"] / MB,
        "after_scoring_mb": r["after_scoring"] / MB,
        "peak_mb": r["peak"] / MB,
        "messages_scored": r["messages"],
    }


def write_jsonl(path: Path, texts: list[str], n: int, seed: int) -> int:
    """``n`` lines ``{"conversation_id", "sender", "text"}`` over ~5,000 interleaved conversations; returns bytes."""
    rng = random.Random(seed)
    quoted = [json.dumps(t, ensure_ascii=False) for t in texts]
    conversations = max(1, min(CLI_CONVERSATIONS, n))
    with path.open("w", encoding="utf-8") as f:
        for start in range(0, n, 50_000):
            chunk = []
            for _ in range(min(50_000, n - start)):
                c = rng.randrange(conversations)
                sender = "ab"[rng.getrandbits(1)]
                chunk.append(f'{{"conversation_id": "c{c}", "sender": "u{c}{sender}", "text": {rng.choice(quoted)}}}\n')
            f.write("".join(chunk))
    return path.stat().st_size


def write_telegram(path: Path, texts: list[str], n: int, seed: int, chats: int = 50) -> int:
    """A Telegram Desktop account export (``result.json``, indented as Telegram writes it) with ``n`` messages in
    ``chats`` chats; returns its size in bytes."""
    rng = random.Random(seed)
    per_chat = [n // chats + (1 if i < n % chats else 0) for i in range(chats)]
    with path.open("w", encoding="utf-8") as f:
        f.write('{\n "personal_information": {"user_id": 1, "first_name": "Bench"},\n "chats": {\n  "list": [\n')
        message_id = 0
        for c, count in enumerate(per_chat):
            f.write(f'   {{\n    "name": "chat {c}",\n    "type": "personal_chat",\n    "id": {1000 + c},\n')
            f.write('    "messages": [\n')
            items = []
            for _ in range(count):
                message_id += 1
                sender = f"user {c}{'ab'[rng.getrandbits(1)]}"
                item = {
                    "id": message_id,
                    "type": "message",
                    "date": "2024-03-01T18:02:00",
                    "date_unixtime": "1709316120",
                    "from": sender,
                    "from_id": f"user{c}",
                    "text": rng.choice(texts),
                    "text_entities": [{"type": "plain", "text": "x"}],
                }
                items.append("     " + json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n     "))
            f.write(",\n".join(items))
            f.write("\n    ]\n   }" + (",\n" if c < chats - 1 else "\n"))
        f.write("  ]\n }\n}\n")
    return path.stat().st_size


def write_discord(path: Path, texts: list[str], n: int, seed: int) -> int:
    """A DiscordChatExporter JSON export of one channel (indented, with the fields DCE writes) with ``n`` messages;
    returns its size in bytes."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        f.write('{\n  "guild": {"id": "100", "name": "Bench Club"},\n  "channel": {"id": "200", "name": "general"},\n')
        f.write('  "dateRange": {"after": null, "before": null},\n  "messages": [\n')
        items = []
        for i in range(n):
            author = rng.randrange(50)
            item = {
                "id": str(10**17 + i),
                "type": "Default",
                "timestamp": "2024-03-01T18:02:00.000+00:00",
                "timestampEdited": None,
                "isPinned": False,
                "content": rng.choice(texts),
                "author": {"id": str(500 + author), "name": f"user{author}", "nickname": f"User {author}"},
                "attachments": [],
                "embeds": [],
                "stickers": [],
                "reactions": [],
                "mentions": [],
            }
            items.append("    " + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    "))
            if len(items) >= 10_000:
                f.write(",\n".join(items) + (",\n" if i < n - 1 else ""))
                items = []
        f.write(",\n".join(items))
        f.write(f'\n  ],\n  "messageCount": {n}\n}}\n')
    return path.stat().st_size


#: Messages per conversation in the generated PAN12 file (the corpus's conversations are short).
PAN12_PER_CONVERSATION = 10
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 cannot hold


def write_pan12(path: Path, texts: list[str], n: int, seed: int, per: int = PAN12_PER_CONVERSATION) -> int:
    """A PAN 2012 corpus XML file with ``n`` messages in conversations of ``per`` (two authors each), laid out as the
    corpus is; returns its size in bytes."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<conversations>\n')
        for c in range(-(-n // per)):
            f.write(f'<conversation id="{rng.getrandbits(128):032x}">\n')
            authors = (f"{rng.getrandbits(128):032x}", f"{rng.getrandbits(128):032x}")
            for m in range(min(per, n - c * per)):
                text = escape(_NOT_XML.sub(" ", rng.choice(texts)))
                time_of_day = f"{m // 60:02d}:{m % 60:02d}"
                f.write(f'<message line="{m + 1}">\n<author>{authors[m % 2]}</author>\n<time>{time_of_day}</time>\n')
                f.write(f"<text>{text}</text>\n</message>\n")
            f.write("</conversation>\n")
        f.write("</conversations>\n")
    return path.stat().st_size


def _export_run(model: Path, path: Path, size: int, n: int, workdir: Path) -> dict:
    """Score a generated export once with the CLI: wall time and peak RSS (issue 13: JSON exports were read whole,
    ~490 MB for a 50 MB result.json)."""
    cli_args = ["score", str(path), "--output", os.devnull, "--quiet", "--model", str(model)]
    stderr_path = workdir / f"cli_{path.stem}.stderr"
    cmd, code, wall, peak = _run_measured(cli_args, stderr_path)
    stderr = stderr_path.read_text(encoding="utf-8", errors="replace")
    path.unlink()
    if code != 0:
        raise RuntimeError(f"groomguard {' '.join(cli_args)} exited {code}: {stderr[-2000:]}")
    match = re.search(r"groomguard: ([\d,]+) messages", stderr)
    scored = int(match.group(1).replace(",", "")) if match else None
    if scored != n:
        raise RuntimeError(f"the CLI scored {scored} messages of {n}: {stderr[-2000:]}")
    return {
        "messages": n,
        "file_bytes": size,
        "file_mb": size / MB,
        "seconds": wall,
        "peak_rss_mb": peak / MB,
        "command": "groomguard " + " ".join(["score", path.name, *cli_args[2:]]),
        "peak_rss_source": "VmHWM of the CLI process" if cmd[0] == sys.executable else "psutil RSS polling",
    }


def telegram_run(model: Path, texts: list[str], n: int, workdir: Path, seed: int) -> dict:
    """Score a generated ``n``-message Telegram account export (``result.json``) once with the CLI."""
    path = workdir / "result.json"
    return _export_run(model, path, write_telegram(path, texts, n, seed), n, workdir)


def pan12_run(model: Path, texts: list[str], n: int, workdir: Path, seed: int) -> dict:
    """Score a generated ``n``-message PAN12 XML file once with the CLI: it holds one conversation at a time."""
    path = workdir / "pan12.xml"
    run = _export_run(model, path, write_pan12(path, texts, n, seed), n, workdir)
    return {**run, "conversations": -(-n // PAN12_PER_CONVERSATION)}


def discord_run(model: Path, texts: list[str], n: int, workdir: Path, seed: int) -> dict:
    """Score a generated ``n``-message DiscordChatExporter JSON export once with the CLI."""
    path = workdir / "discord.json"
    return _export_run(model, path, write_discord(path, texts, n, seed), n, workdir)


def cli_command() -> list[str]:
    """The installed ``groomguard`` script next to this interpreter, else ``python -m groomguard.runtime.cli``."""
    script = Path(sys.executable).with_name("groomguard")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("groomguard")
    return [found] if found else [sys.executable, "-m", "groomguard.runtime.cli"]


def _run_measured(cli_args: list[str], stderr_path: Path) -> tuple[list[str], int, float, int]:
    """Run the CLI on ``cli_args``; return (command, exit code, wall seconds, peak RSS bytes of that process).

    On Linux the child is ``python -c`` calling ``groomguard.runtime.cli.main`` (what the ``groomguard`` script runs)
    and reporting its own VmHWM when done: exact, unlike ``ru_maxrss`` of a child, which on Linux starts from the
    parent's RSS at fork. Elsewhere the ``groomguard`` script runs and psutil polls its RSS.
    """
    linux = Path("/proc/self/status").is_file()
    cmd = [sys.executable, "-c", _CLI_SNIPPET, *cli_args] if linux else [*cli_command(), *cli_args]
    with stderr_path.open("w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        if linux:
            code = proc.wait()
            wall = time.perf_counter() - start
            match = re.search(r"bench-peak-rss-bytes=(\d+)", stderr_path.read_text(encoding="utf-8", errors="replace"))
            return cmd, code, wall, int(match.group(1)) if match else 0
        import psutil  # pragma: no cover - not Linux

        peak, ps = 0, psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                peak = max(peak, ps.memory_info().rss)
            except psutil.Error:
                break
            time.sleep(0.01)
        return cmd, proc.wait(), time.perf_counter() - start, peak


def end_rss_mb(stderr: str) -> dict:
    """``{"end_rss_mb": {"anonymous", "files", "onnxruntime_library"}}`` from the CLI snippet's report on standard
    error (MB: the highest private and mapped-file RSS of the run, the onnxruntime library's at its end); empty when
    it made none (not Linux)."""
    match = re.search(r"^bench-end-rss=(\{.*\})$", stderr, re.MULTILINE)
    if not match:
        return {}
    return {"end_rss_mb": {k: v / MB for k, v in json.loads(match.group(1)).items()}}


def cli_run(model: Path, texts: list[str], n: int, workdir: Path, seed: int, repeats: int = 1) -> dict:
    """Generate an ``n``-message JSONL file and score it with the CLI ``repeats`` times, output to /dev/null.

    The wall time reported is the median of the runs (a shared machine's slow spell hits one run, not the figure);
    the peak RSS, the highest of them. Every run is recorded.
    """
    path = workdir / f"messages_{n}.jsonl"
    size = write_jsonl(path, texts, n, seed)
    cli_args = ["score", str(path), "--format", "jsonl", "--output", os.devnull, "--quiet", "--model", str(model)]
    runs = []
    for _ in range(max(1, repeats)):
        stderr_path = workdir / f"cli_{n}.stderr"
        cmd, code, wall, peak = _run_measured(cli_args, stderr_path)
        stderr = stderr_path.read_text(encoding="utf-8", errors="replace")
        if code != 0:
            raise RuntimeError(f"groomguard {' '.join(cli_args)} exited {code}: {stderr[-2000:]}")
        match = re.search(r"groomguard: ([\d,]+) messages", stderr)
        scored = int(match.group(1).replace(",", "")) if match else None
        if scored != n:
            raise RuntimeError(f"the CLI scored {scored} messages of {n}: {stderr[-2000:]}")
        runs.append({"seconds": wall, "peak_rss_mb": peak / MB, **end_rss_mb(stderr)})
    path.unlink()
    wall = statistics.median(r["seconds"] for r in runs)
    return {
        "messages": n,
        "conversations": max(1, min(CLI_CONVERSATIONS, n)),
        "file_bytes": size,
        "seconds": wall,
        "msg_per_s": n / wall,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        **{k: v for k, v in max(runs, key=lambda r: r["peak_rss_mb"]).items() if k == "end_rss_mb"},
        "runs": runs,
        "command": "groomguard " + " ".join(["score", "FILE", *cli_args[2:]]),
        "peak_rss_source": "VmHWM of the CLI process" if cmd[0] == sys.executable else "psutil RSS polling",
    }


def child_measurements(
    model: Path,
    texts: list[str],
    plan_load_runs: int,
    rss_messages: int,
    cli_sizes,
    seed: int,
    cli_repeats: int = 1,
    telegram_messages: int = 0,
    discord_messages: int = 0,
    pan12_messages: int = 0,
):
    """All fresh-process figures: (load, rss, cli runs by size, telegram, discord and PAN12 runs or None), in a
    temporary directory removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="groomguard-bench-") as tmp:
        workdir = Path(tmp)
        load = fresh_load_seconds(model, plan_load_runs)
        rss = scoring_process_rss(model, texts, rss_messages, workdir)
        cli = {str(n): cli_run(model, texts, n, workdir, seed, cli_repeats) for n in cli_sizes}
        telegram = telegram_run(model, texts, telegram_messages, workdir, seed) if telegram_messages else None
        discord = discord_run(model, texts, discord_messages, workdir, seed) if discord_messages else None
        pan12 = pan12_run(model, texts, pan12_messages, workdir, seed) if pan12_messages else None
    return load, rss, cli, telegram, discord, pan12


# Mundane chat lines used when no corpus test split is available (varied length, script, emoji, typos).
BUILTIN_MESSAGES = """
hey
hi!! how was ur day
good morning ☀️
lol
ok
k
see you tomorrow
what time is practice on saturday?
can you send me the homework for maths
did you finish the science project yet
i forgot my charger at school again 😩
mum says dinner is at 7
brb
omg that was so funny 😂😂😂
who won the match last night
we lost 2-1 but the ref was terrible
are we still going to the cinema on friday?
the new spiderman movie looks sick
i can't, i have a dentist appointment
what did you get for question 4
idk i just guessed
haha same
thx
np
ttyl
gn
sleep well x
happy birthday!!! 🎂🎉
thank you sooo much 🥰
what are you getting your sister for christmas
maybe a book or some headphones
does anyone have the link for the class zoom
https://example.com/meeting/123
my phone is at 3% so if i don't reply that's why
can you ask your mum if i can stay over
she said yes!
what should we bring to the picnic
i'll bring crisps and juice
it's raining again ugh
the bus is late
i'm outside
coming down now
where r u
at the library
ok wait for me there
do u want to play fortnite later
i'm stuck on level 12 of that puzzle game
you need to use the blue key first
gg
rematch?
my dog ate my sandwich 🐶
pics or it didn't happen
our teacher gave us so much homework this weekend
i hate fractions
just divide the top and bottom by the same number
oh that makes sense now thanks
are you coming to the football tryouts?
yeah at 4pm on the main field
don't forget your boots
the wifi at my nan's house is so slow
we're going to the beach this summer
which one?
the one near the lighthouse
that place has the best ice cream 🍦
i got a new bike for my birthday
what colour?
blue and white
can we meet at the park at 3
sure
bring your scooter
my brother won't get off the xbox
tell your dad lol
what's the answer to the riddle
a shadow
wait how
think about it 🤔
the test is moved to thursday
nooooo i haven't studied
me neither
let's study together on wednesday?
good idea, my place or yours
mine, my mum is making pizza
yesss 🍕
did you see the video i sent
which one
the cat falling off the sofa
HAHAHA
i've watched it like ten times
what are you doing this weekend
nothing much, probably just chilling
we could go bowling
how much is it
like 6 pounds a game i think
i'll ask my parents for money
the concert tickets went on sale
they sold out in 5 minutes 😭
maybe next time
are you feeling better?
yeah my cold is mostly gone
good, see you at school then
can you help me with my essay
sure what's it about
the causes of the first world war
ugh history
i need 500 words by monday
start with the assassination of franz ferdinand
ok thanks!!
we have a substitute teacher tomorrow
hopefully we get to watch a film
my grandma is visiting this week
she always brings cake
lucky
what's your minecraft server called
i'll send you the ip later
it's survival mode
don't burn down my house this time 😤
that was an accident i swear
when does the swimming lesson start
half past five
my goggles broke
use my spare pair
the library closes at six today
i need to return two books
what did the coach say
we need to run more laps
i can't feel my legs
drink some water
can u record the show for me
it starts at 8
sure, which channel
the one after the news
did your mum sign the permission slip
i forgot to give it to her
it's due tomorrow!!
i'll do it tonight promise
the school trip is to the science museum
they have a planetarium there
so cool ✨
ok see u later alligator
in a while crocodile
what's 7 times 8
56
ty
we're out of milk, can you grab some on the way home
sure, anything else?
bread and some apples please
traffic is awful, I'll be 20 min late
no worries, take your time
meeting moved to 2:30, same room
can you review my pull request when you get a chance
the build is failing on the lint step again
I'll look after lunch
Thanks for the flowers, they're lovely
How's the new job going?
Busy but good, the team is really nice
We should catch up soon ☕
I'm free next Tuesday evening
perfect, the usual place?
yep 7pm
hola, ¿qué tal?
todo bien, ¿y tú?
bonjour, tu viens ce soir ?
oui, j'arrive vers 19h
hallo, wie geht's?
ciao! a domani
お疲れさま
ありがとう！
привет, как дела
спасибо, всё хорошо
שלום מה נשמע
مرحبا كيف حالك
👍
😂
❤️
🙏🙏
🎮🕹️
👀
...
??
!!!
yesss finally friday 🎉
can't wait for the holidays
only 3 more weeks of school
i got an A on the spelling test!!!
proud of you 💪
my little sister keeps taking my stuff
put a lock on your door haha
did u hear about the snow day tomorrow?
no way, really?
check the school website
it says closed!!! ❄️❄️
let's build a snowman
who's bringing the ball
i have one but it's a bit flat
we can pump it at my house
remember to bring your pe kit tomorrow
what's the wifi password again
it's on the fridge
the printer is out of ink
ugh i need to print my project
use the one at the library
reminder: parents evening is on the 14th
can you pick me up from practice at 6?
on my way
sorry I missed your call, what's up?
nothing important, call you back later
ok 👌
lmaooo
bruhhh
nah that's cap
fr fr
no cap that was the best game ever
sameee
wyd
nm u
just watching youtube
send me the link to that song
it's called something about summer i'll find it
"""
LONG_MESSAGES = (
    "I was thinking we could paint the fence this weekend if the weather holds, what do you think? We'd need to buy "
    "more brush cleaner and maybe another tin of the green paint because the last one ran out halfway.",
    "So the plan is: we meet at the station at 9, take the train to the city, visit the museum in the morning, have "
    "lunch at that noodle place Sam recommended, and then go to the park before heading back around 5.",
    "i've been practicing the piano piece for weeks and i still can't get the middle part right, my teacher says to "
    "slow it down and use the metronome but it's so boring",
)
