"""Call recordings must be audio files of a sane size: checked by extension, size and the file's first bytes."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

_AUDIO_SIGNATURES = (
    (0, b"ID3"),  # mp3 with tags
    (0, b"\xff\xfb"),
    (0, b"\xff\xf3"),
    (0, b"\xff\xf2"),
    (0, b"\xff\xf1"),  # aac adts
    (0, b"\xff\xf9"),
    (0, b"RIFF"),  # wav
    (0, b"OggS"),  # ogg, opus
    (0, b"fLaC"),
    (0, b"\x1a\x45\xdf\xa3"),  # webm
    (4, b"ftyp"),  # m4a
)


def _looks_like_audio(head: bytes) -> bool:
    if head.startswith(b"RIFF") and head[8:12] != b"WAVE":
        return False
    return any(head[offset : offset + len(sig)] == sig for offset, sig in _AUDIO_SIGNATURES)


def validate_recording(file: File) -> None:
    extension = Path(file.name or "").suffix.lower().lstrip(".")
    allowed = settings.RECORDING_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            _("Запись должна быть аудиофайлом (%(types)s)."),
            code="recording_type",
            params={"types": ", ".join(allowed)},
        )
    if file.size is not None and file.size > settings.RECORDING_MAX_BYTES:
        raise ValidationError(
            _("Запись слишком большая: не более %(limit)s МБ."),
            code="recording_size",
            params={"limit": settings.RECORDING_MAX_BYTES // (1024 * 1024)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if not _looks_like_audio(head):
        raise ValidationError(
            _("Файл «%(name)s» не является аудиозаписью."), code="recording_content", params={"name": file.name}
        )
