"""Writing output files atomically: a reader sees the old file or the new one, never half of one.

One behaviour for every command that writes a file (`-o`, `--html`, `kg viz`): missing parent folders
are created; a file you may not write (read-only, whoever you are, root included) is never replaced;
a file that is replaced keeps its permissions; any failure leaves what was there untouched.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from collections.abc import Iterator

from .errors import OutputError, arg


def _writable_target(path: Path) -> int | None:
    """The mode to give the new file: that of the file it replaces, or None for a new file. Raises
    OutputError when `path` is not a file one may replace."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {path}: it is a folder; give a file name")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise OutputError(
            f"{path} is read-only, so it was not replaced; make it writable (chmod u+w) or write somewhere else"
        )
    return stat.S_IMODE(info.st_mode)


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: it replaces `path` only when the block ends without error."""
    path = Path(path)
    mode = _writable_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            f"cannot write {path}: {exc.strerror} ({exc.filename or path.parent}); write somewhere else"
        ) from None
    try:
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # as a plain open() would: mkstemp makes files private
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def atomic_write(path: Path, data: bytes | str) -> None:
    with atomic_output(path) as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def write_folder(folder: Path, files: dict[str, str], replace: bool = False) -> list[Path]:
    """Write `files` (name -> text) as `folder`, which appears whole or not at all. An existing non-empty
    folder is replaced only with `replace` (what is in it would be lost), else OutputError."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write {folder}: it is a file; give a folder")
    if folder.is_dir() and any(folder.iterdir()) and not replace:
        raise OutputError(
            f"{folder} is not empty, and what is in it would be lost; give a new folder, or "
            f"replace it on purpose ({arg('replace')})"
        )
    tmp: Path | None = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        for name, content in files.items():
            (tmp / name).write_text(content, encoding="utf-8", newline="")
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # as mkdir would: mkdtemp makes folders private
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
            os.replace(folder, old / folder.name)
            os.replace(tmp, folder)
            shutil.rmtree(old)
        else:
            os.replace(tmp, folder)
    except OSError as exc:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}; nothing was changed") from None
    return [folder / name for name in files]
