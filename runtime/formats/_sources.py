"""Turning command-line paths into InputSources: stdin, files, folders, zip archives, multi-file exports.

Rules (shared by folders and zip archives, whose members are treated like a folder's files):
- hidden files and folders (a name starting with ``.``) and ``__MACOSX`` are skipped;
- a folder holding both ``users.json`` and ``channels.json`` is a Slack export: ONE source for the whole folder;
- a folder holding ``message_1.json`` (``message_<n>.json``) is a Messenger/Instagram chat: ONE source for it
  (its ``photos/``, ``audio/``… subfolders are media and are not read);
- inside folders and zips, media and office files (images, audio, video, PDF, vCard…) are skipped silently:
  WhatsApp and Messenger exports are full of them. A file named explicitly on the command line is never skipped;
- a ``.zip`` found in a folder is expanded like a ``.zip`` named explicitly; zips inside zips are not opened;
- a path that does not exist or a zip that cannot be read still becomes a source, whose opener raises the error,
  so that ``read_messages`` reports it and carries on.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from .base import InputSource

STDIN_HEAD = 64 * 1024
MESSENGER_FILE = re.compile(r"message_\d+\.json")
# fmt: off
SKIPPED_EXTENSIONS = frozenset({
    "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "tif", "tiff", "svg", "ico",
    "mp4", "mov", "m4v", "avi", "mkv", "webm", "3gp", "wmv",
    "opus", "ogg", "oga", "mp3", "m4a", "aac", "wav", "amr", "flac",
    "pdf", "vcf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "tgs", "exe", "dll", "so", "dylib",
})
# fmt: on


class DirTree:
    """A Tree over a folder on disk."""

    def __init__(self, root: Path, names: list[str]) -> None:
        self.root = root
        self._names = names

    def names(self) -> list[str]:
        return list(self._names)

    def open(self, name: str) -> BinaryIO:
        return open(self.root / name, "rb")


class ZipTree:
    """A Tree over the members of a zip below ``prefix`` (``""`` or ``"Export Name/"``)."""

    def __init__(self, zip_path: str, prefix: str, names: list[str]) -> None:
        self.zip_path = zip_path
        self.prefix = prefix
        self._names = names

    def names(self) -> list[str]:
        return list(self._names)

    def open(self, name: str) -> BinaryIO:
        return _open_member(self.zip_path, self.prefix + name)


def _open_member(zip_path: str, member: str) -> BinaryIO:
    # The member stream keeps the archive file open until it is closed itself.
    with zipfile.ZipFile(zip_path) as archive:
        return archive.open(member)


def _failing(exc: BaseException) -> Callable[[], BinaryIO]:
    def opener() -> BinaryIO:
        raise exc

    return opener


def _is_dir_source() -> BinaryIO:
    raise IsADirectoryError("a multi-file export has no single stream; read its tree")


class _HeadThenRest(io.RawIOBase):
    """Serves cached ``head`` bytes, then the live remainder of ``rest`` (which it never closes)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._pos = 0
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._pos < len(self._head):
            n = min(len(buffer), len(self._head) - self._pos)
            buffer[:n] = self._head[self._pos : self._pos + n]
            self._pos += n
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Stdin:
    """Standard input as an opener: the first 64 KB are kept so that detection can peek and parsing still starts
    at the first byte; the rest is streamed once."""

    def __init__(self) -> None:
        self._head: bytes | None = None

    def __call__(self) -> BinaryIO:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise OSError(9, "standard input is not available as bytes")
        if self._head is None:
            self._head = stream.read(STDIN_HEAD) or b""
        return io.BufferedReader(_HeadThenRest(self._head, stream))


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in rel.split("/"))


def _skipped(rel: str) -> bool:
    return posixpath.splitext(rel)[1].lower().lstrip(".") in SKIPPED_EXTENSIONS


def _under(rel: str, folder: str) -> bool:
    return folder == "" or rel.startswith(folder + "/")


def group(names: list[str]) -> Iterator[tuple[str, str, list[str]]]:
    """Split sorted relative file paths into ``("slack"|"messenger", folder, files)`` groups and
    ``("file", path, [])`` entries, in path order (a group appears where its first file would)."""
    names = [n for n in names if not _hidden(n)]
    dirs_of = {n: posixpath.dirname(n) for n in names}
    users = {d for n, d in dirs_of.items() if posixpath.basename(n) == "users.json"}
    channels = {d for n, d in dirs_of.items() if posixpath.basename(n) == "channels.json"}
    slack_roots = sorted(users & channels, key=len)
    messenger = {d for n, d in dirs_of.items() if MESSENGER_FILE.fullmatch(posixpath.basename(n))}
    done: set[str] = set()
    for name in names:
        slack = next((root for root in slack_roots if _under(name, root)), None)
        if slack is not None:
            if slack not in done:
                done.add(slack)
                members = [n[len(slack) + 1 if slack else 0 :] for n in names if _under(n, slack)]
                yield "slack", slack, members
            continue
        chat = next((d for d in messenger if _under(name, d)), None)
        if chat is not None:
            if chat not in done:
                done.add(chat)
                files = [n for n in names if dirs_of[n] == chat and MESSENGER_FILE.fullmatch(posixpath.basename(n))]
                yield "messenger", chat, [f[len(chat) + 1 if chat else 0 :] for f in files]
            continue
        if not _skipped(name):
            yield "file", name, []


def _zip_sources(path: str) -> Iterator[InputSource]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        yield InputSource(path, _failing(exc))
        return
    sizes = {i.filename: i.file_size for i in infos}
    for kind, rel, members in group(sorted(sizes)):
        if kind == "file":
            if rel.lower().endswith(".zip"):
                continue
            yield InputSource(
                f"{path}/{rel}",
                lambda rel=rel: _open_member(path, rel),
                size=sizes[rel],
                archive=path,
            )
        else:
            prefix = rel + "/" if rel else ""
            name = f"{path}/{rel}" if rel else path
            yield InputSource(name, _is_dir_source, archive=path, tree=ZipTree(path, prefix, members))


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_folder = Path(folder).relative_to(root).as_posix()
        for filename in filenames:
            if not filename.startswith("."):
                found.append(filename if rel_folder == "." else f"{rel_folder}/{filename}")
    return sorted(found)


def _folder_sources(path: str) -> Iterator[InputSource]:
    root = Path(path)
    try:
        names = _walk(root)
    except OSError as exc:
        yield InputSource(path, _failing(exc))
        return
    for kind, rel, members in group(names):
        full = os.path.join(path, rel) if rel else path
        if kind == "file":
            if rel.lower().endswith(".zip"):
                yield from _zip_sources(full)
            else:
                yield _file_source(full)
        else:
            yield InputSource(full, _is_dir_source, tree=DirTree(Path(full), members))


def _file_source(path: str) -> InputSource:
    try:
        size = os.path.getsize(path)
    except OSError:
        size = None
    return InputSource(path, lambda: open(path, "rb"), size=size)


def iter_sources(paths: Sequence[str]) -> Iterator[InputSource]:
    """Expand command-line paths into sources: ``-`` is standard input (read as bytes, a single text stream: not a
    zip or a folder export), files are themselves, folders are walked recursively in sorted order, ``.zip`` files
    are opened (see the module docstring). Nothing is read here except folder listings and zip directories."""
    for path in paths:
        if path == "-":
            yield InputSource("-", _Stdin(), rereadable=False)
        elif os.path.isdir(path):
            yield from _folder_sources(path)
        elif path.lower().endswith(".zip") and os.path.isfile(path):
            yield from _zip_sources(path)
        elif os.path.exists(path):
            yield _file_source(path)
        else:
            yield InputSource(path, _failing(FileNotFoundError(2, "No such file or directory")))
